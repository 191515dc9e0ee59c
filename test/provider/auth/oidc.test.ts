import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { AZURE_AD_TOKEN_EXCHANGE_AUDIENCE, FederatedTokenError, readFederatedToken } from "../../../provider/auth/oidc";

const REQUEST_TOKEN = "request-token-do-not-print-1234";

describe("provider/auth/oidc readFederatedToken", () => {
    let dir = "";
    let server: http.Server;
    let base = "";
    let answer: { status: number; body: string } = { status: 200, body: "{}" };
    const seen: Array<{ url: string; authorization?: string; accept?: string; method?: string }> = [];

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "intune-oidc-test-"));
        server = http.createServer((req, res) => {
            seen.push({ url: req.url ?? "", authorization: req.headers.authorization, accept: req.headers.accept, method: req.method });
            res.writeHead(answer.status, { "Content-Type": "application/json" });
            res.end(answer.body);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        fs.rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(() => {
        seen.length = 0;
    });

    async function failure(promise: Promise<unknown>): Promise<FederatedTokenError> {
        try {
            await promise;
        } catch (error) {
            assert.ok(error instanceof FederatedTokenError, String(error));
            assert.ok(!error.message.includes(REQUEST_TOKEN), error.message);
            return error;
        }
        assert.fail("expected a FederatedTokenError");
    }

    it("returns a configured token as it is", async () => {
        assert.equal(await readFederatedToken({ from: "token", token: "a.b.c" }), "a.b.c");
    });

    it("reads the file at every call (rotation), without surrounding whitespace", async () => {
        const file = path.join(dir, "token");
        fs.writeFileSync(file, "first.jwt.x\n");
        assert.equal(await readFederatedToken({ from: "file", path: file }), "first.jwt.x");
        fs.writeFileSync(file, "  second.jwt.y  ");
        assert.equal(await readFederatedToken({ from: "file", path: file }), "second.jwt.y");
    });

    it("an empty or missing file is a FederatedTokenError naming the file", async () => {
        const empty = path.join(dir, "empty");
        fs.writeFileSync(empty, "\n");
        assert.match((await failure(readFederatedToken({ from: "file", path: empty }))).message, /the federated token file .*empty is empty/);
        assert.match(
            (await failure(readFederatedToken({ from: "file", path: path.join(dir, "none") }))).message,
            /the federated token file .*none could not be read: ENOENT/,
        );
    });

    it("requests the token with the bearer request token and audience api://AzureADTokenExchange, keeping the URL's query", async () => {
        answer = { status: 200, body: JSON.stringify({ count: 1, value: "requested.jwt.z" }) };
        const token = await readFederatedToken({ from: "request", url: `${base}/idtoken?api-version=2.0`, requestToken: REQUEST_TOKEN });
        assert.equal(token, "requested.jwt.z");
        assert.equal(seen.length, 1);
        const url = new URL(seen[0].url, base);
        assert.deepEqual(
            [seen[0].method, url.pathname, url.searchParams.get("api-version"), url.searchParams.get("audience")],
            ["GET", "/idtoken", "2.0", AZURE_AD_TOKEN_EXCHANGE_AUDIENCE],
        );
        assert.equal(seen[0].authorization, `Bearer ${REQUEST_TOKEN}`);
        assert.match(seen[0].accept ?? "", /application\/json/);
    });

    it("a refused request, an answer without a value and an unreachable endpoint fail without the request token", async () => {
        answer = { status: 401, body: "{}" };
        assert.match(
            (await failure(readFederatedToken({ from: "request", url: `${base}/idtoken?api-version=2.0`, requestToken: REQUEST_TOKEN }))).message,
            /the OIDC token request to http:\/\/127\.0\.0\.1:\d+\/idtoken answered 401; check intune:oidcRequestToken/,
        );
        answer = { status: 200, body: "not json" };
        assert.match(
            (await failure(readFederatedToken({ from: "request", url: `${base}/idtoken`, requestToken: REQUEST_TOKEN }))).message,
            /answered 200 without a token in "value"/,
        );
        const closed = http.createServer();
        await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
        const port = (closed.address() as AddressInfo).port;
        await new Promise<void>((resolve) => closed.close(() => resolve()));
        assert.match(
            (await failure(readFederatedToken({ from: "request", url: `http://127.0.0.1:${port}/idtoken`, requestToken: REQUEST_TOKEN }))).message,
            /the OIDC token request to http:\/\/127\.0\.0\.1:\d+\/idtoken failed: /,
        );
    });
});
