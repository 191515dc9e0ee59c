/**
 * Sign-in through Pulumi's dynamic-provider host, as a user's deployment does it, against the fake
 * sign-in authority over HTTPS (trusted through NODE_EXTRA_CA_CERTS in the host's environment):
 * workload identity federation the way Pulumi Deployments (ARM_OIDC_TOKEN), a token file
 * (ARM_OIDC_TOKEN_FILE_PATH) and GitHub Actions (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN) provide the
 * federated token, and what the user sees when sign-in fails. The authentication recipes and
 * troubleshooting entries of docs/ quote these messages.
 */
import { strict as assert } from "node:assert";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { FakeAuthority, LocalTls, createLocalTls, removeLocalTls } from "../../emulator/fakeAuthority";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { TokenRegistry } from "../../emulator/tokenRegistry";
import type { Step } from "../../engine/localEngine";
import { LocalStack } from "../../engine/localStack";
import { APPS_KEY, APP_IDS, STACK_CONFIG_PROGRAM } from "../support/fixtures";

const TENANT = "11111111-2222-4333-8444-555555555555";
const CLIENT = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const SECRET_CLIENT = "77777777-8888-4999-aaaa-bbbbbbbbbbbb";
const CLIENT_SECRET = "emu-secret-for-sign-in-tests-42";
const [APP] = APP_IDS;
const AUDIENCE = "api://AzureADTokenExchange";

/** A JWT-shaped federated token as GitHub Actions or Pulumi Cloud issues one (the fake authority compares it as a string). */
function federatedToken(subject: string): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const claims = { iss: "https://token.actions.githubusercontent.com", sub: subject, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 };
    return `${part({ alg: "RS256", typ: "JWT" })}.${part(claims)}.${randomBytes(32).toString("base64url")}`;
}

/** GitHub Actions' ID token endpoint: answers `{"value": token}` to `Authorization: Bearer <request token>` with the audience asked. */
class IdTokenEndpoint {
    readonly requests: Array<{ authorization?: string; audience: string | null; apiVersion: string | null }> = [];
    private server: https.Server | undefined;

    constructor(
        private readonly requestToken: string,
        private readonly token: string,
    ) {}

    async start(tls: LocalTls): Promise<string> {
        const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
            const url = new URL(req.url ?? "/", "https://127.0.0.1");
            this.requests.push({
                authorization: req.headers.authorization,
                audience: url.searchParams.get("audience"),
                apiVersion: url.searchParams.get("api-version"),
            });
            const ok =
                req.method === "GET" &&
                url.pathname === "/idtoken" &&
                req.headers.authorization === `Bearer ${this.requestToken}` &&
                url.searchParams.get("audience") === AUDIENCE;
            res.writeHead(ok ? 200 : 401, { "Content-Type": "application/json" });
            res.end(JSON.stringify(ok ? { count: 1, value: this.token } : { message: "Unauthorized" }));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        this.server = server;
        return `https://127.0.0.1:${(server.address() as AddressInfo).port}/idtoken?api-version=2.0`;
    }

    async stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (server) {
            server.closeAllConnections();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        }
    }
}

describe("engine: workload identity federation (OIDC) and sign-in failures through the provider host (fake authority, NODE_EXTRA_CA_CERTS)", function () {
    this.timeout(120_000);
    const accepted = federatedToken("repo:contoso/infra:ref:refs/heads/main");
    const REQUEST_TOKEN = `gh-request-${randomBytes(12).toString("hex")}`;
    let tls: LocalTls;
    let registry: TokenRegistry;
    let authority: FakeAuthority;
    let authorityUrl: string;
    let emulator: GraphEmulator;
    let graphUrl: string;
    let tmpDir: string;
    const stacks: LocalStack[] = [];

    before(async () => {
        tls = await createLocalTls();
        registry = new TokenRegistry();
        authority = new FakeAuthority({
            registry,
            clients: [
                { tenantId: TENANT, clientId: CLIENT, federatedTokens: [accepted] },
                { tenantId: TENANT, clientId: SECRET_CLIENT, secret: CLIENT_SECRET },
            ],
        });
        authorityUrl = await authority.start(tls);
        emulator = new GraphEmulator({ registry });
        graphUrl = await emulator.start();
        tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "intune-sign-in-test-"));
    });

    after(async () => {
        await Promise.all(stacks.map((s) => s.stop()));
        await Promise.all([authority?.stop(), emulator?.stop()]);
        if (tls) {
            removeLocalTls(tls);
        }
        fs.rmSync(tmpDir, { recursive: true, force: true });
    });

    beforeEach(() => {
        emulator.addApp(APP, { installedDeviceCount: 9 }); // reset for each case
        emulator.clearRequests();
        authority.tokenRequests.length = 0;
    });

    /** `pulumi up` of one resource with this host environment (on top of PATH and HOME), authority and Graph from stack config. */
    async function up(env: NodeJS.ProcessEnv, options: { trust?: boolean; config?: Record<string, string> } = {}): Promise<{ step: Step; stack: LocalStack }> {
        const stack = await LocalStack.start({
            programDir: STACK_CONFIG_PROGRAM,
            config: {
                "intune:graphEndpoint": graphUrl,
                "intune:authorityHost": authorityUrl,
                "intune:maxRetries": "0",
                [APPS_KEY]: JSON.stringify([{ name: "signed-in", mobileAppId: APP, installedDeviceCount: 4 }]),
                ...options.config,
            },
            hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, ...(options.trust === false ? {} : { NODE_EXTRA_CA_CERTS: tls.certPath }), ...env },
        });
        stacks.push(stack);
        const steps = await stack.up();
        assert.equal(steps.length, 1);
        return { step: steps[0], stack };
    }

    function assertSignedInAndWrote(step: Step): void {
        assert.equal(step.error, undefined, step.error);
        assert.equal(emulator.counters(APP).installedDeviceCount, 4);
        const issued = new Set(registry.issued);
        assert.ok(emulator.graphRequests().length > 0);
        assert.ok(
            emulator.graphRequests().every((r) => r.status === 200 || r.status === 204),
            JSON.stringify(emulator.graphRequests()),
        );
        assert.ok(issued.size >= 1, "the authority issued the token Graph accepted");
    }

    it("Pulumi Deployments: ARM_USE_OIDC, ARM_CLIENT_ID, ARM_TENANT_ID, ARM_OIDC_TOKEN sign in with ClientAssertionCredential", async () => {
        const { step, stack } = await up({ ARM_USE_OIDC: "true", ARM_CLIENT_ID: CLIENT, ARM_TENANT_ID: TENANT, ARM_OIDC_TOKEN: accepted });
        assertSignedInAndWrote(step);
        assert.deepEqual(
            authority.tokenRequests.map((r) => [r.tenantId, r.clientId, r.method, r.refusedWith]),
            [[TENANT, CLIENT, "federated", undefined]],
        );
        assert.ok(!stack.host.stderr.includes(accepted) && !stack.host.stdout.includes(accepted), "the federated token is never printed");
    });

    it("a token file (ARM_OIDC_TOKEN_FILE_PATH; AZURE_FEDERATED_TOKEN_FILE in Kubernetes) is read at sign-in", async () => {
        const file = path.join(tmpDir, "token");
        fs.writeFileSync(file, `${accepted}\n`);
        const { step } = await up({ ARM_CLIENT_ID: CLIENT, ARM_TENANT_ID: TENANT, ARM_OIDC_TOKEN_FILE_PATH: file });
        assertSignedInAndWrote(step);
        assert.equal(authority.tokenRequests.at(-1)!.method, "federated");
    });

    it("GitHub Actions: the token is requested from ACTIONS_ID_TOKEN_REQUEST_URL with the request token and audience api://AzureADTokenExchange", async () => {
        const endpoint = new IdTokenEndpoint(REQUEST_TOKEN, accepted);
        const url = await endpoint.start(tls);
        try {
            const { step, stack } = await up({
                ARM_USE_OIDC: "true",
                AZURE_CLIENT_ID: CLIENT,
                AZURE_TENANT_ID: TENANT,
                ACTIONS_ID_TOKEN_REQUEST_URL: url,
                ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
            });
            assertSignedInAndWrote(step);
            // MSAL may ask for the assertion more than once per sign-in; every request is GitHub-shaped.
            assert.ok(endpoint.requests.length >= 1 && endpoint.requests.length <= 3, JSON.stringify(endpoint.requests.length));
            for (const request of endpoint.requests) {
                assert.deepEqual(request, { authorization: `Bearer ${REQUEST_TOKEN}`, audience: AUDIENCE, apiVersion: "2.0" });
            }
            assert.equal(authority.tokenRequests.at(-1)!.method, "federated");
            assert.ok(!stack.host.stderr.includes(REQUEST_TOKEN) && !stack.host.stderr.includes(accepted));
        } finally {
            await endpoint.stop();
        }
    });

    it("GitHub Actions with a wrong request token: the step names the endpoint and its status, never the token", async () => {
        const endpoint = new IdTokenEndpoint(REQUEST_TOKEN, accepted);
        const url = await endpoint.start(tls);
        const wrong = `gh-wrong-${randomBytes(12).toString("hex")}`;
        try {
            const { step, stack } = await up({
                ARM_USE_OIDC: "true",
                AZURE_CLIENT_ID: CLIENT,
                AZURE_TENANT_ID: TENANT,
                ACTIONS_ID_TOKEN_REQUEST_URL: url,
                ACTIONS_ID_TOKEN_REQUEST_TOKEN: wrong,
            });
            assert.match(
                step.error ?? "",
                new RegExp(
                    `Sign-in failed for tenant ${TENANT}, client ${CLIENT} with ClientAssertionCredential \\(federated token from intune:oidcRequestUrl\\)`,
                ),
            );
            assert.match(step.error ?? "", /the OIDC token request to https:\/\/127\.0\.0\.1:\d+\/idtoken answered 401/);
            assert.equal(authority.tokenRequests.length, 0, "nothing was presented to the authority");
            for (const text of [step.error ?? "", stack.host.stderr, stack.host.stdout]) {
                assert.ok(!text.includes(wrong) && !text.includes(REQUEST_TOKEN), text);
            }
        } finally {
            await endpoint.stop();
        }
    });

    it("a federated token no federated credential matches: AADSTS700213, with what to check, never the token", async () => {
        const stranger = federatedToken("repo:contoso/other:ref:refs/heads/main");
        const { step, stack } = await up({ ARM_USE_OIDC: "true", ARM_CLIENT_ID: CLIENT, ARM_TENANT_ID: TENANT, ARM_OIDC_TOKEN: stranger });
        const error = step.error ?? "";
        assert.match(
            error,
            new RegExp(
                `Sign-in failed for tenant ${TENANT}, client ${CLIENT} with ClientAssertionCredential \\(federated token from intune:oidcToken\\) \\(AADSTS700213\\)`,
            ),
        );
        assert.match(error, /No matching federated identity record found for presented assertion subject 'repo:contoso\/other:ref:refs\/heads\/main'/);
        assert.match(error, /Check the federated credential of the app registration: its issuer, subject and audience must match the token/);
        assert.equal(authority.tokenRequests.at(-1)!.refusedWith, "AADSTS700213");
        assert.equal(emulator.graphRequests().length, 0, "no Graph request without a token");
        for (const text of [error, stack.host.stderr, stack.host.stdout]) {
            assert.ok(!text.includes(stranger), text);
        }
    });

    it("the fake authority takes a federated token only as a jwt-bearer client assertion (AADSTS90014 otherwise)", async () => {
        const post = (form: Record<string, string>) =>
            new Promise<{ status: number; json: { error?: string; error_codes?: number[]; access_token?: string } }>((resolve, reject) => {
                const body = new URLSearchParams(form).toString();
                const req = https.request(
                    `${authorityUrl}/${TENANT}/oauth2/v2.0/token`,
                    { method: "POST", ca: tls.cert, headers: { "Content-Type": "application/x-www-form-urlencoded" } },
                    (res) => {
                        let text = "";
                        res.on("data", (c: Buffer) => (text += c.toString()));
                        res.on("end", () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
                    },
                );
                req.on("error", reject);
                req.end(body);
            });
        const form = { grant_type: "client_credentials", client_id: CLIENT, scope: "https://graph.microsoft.com/.default", client_assertion: accepted };
        const untyped = await post(form);
        assert.deepEqual([untyped.status, untyped.json.error, untyped.json.error_codes], [400, "invalid_request", [90014]]);
        const typed = await post({ ...form, client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" });
        assert.equal(typed.status, 200);
        assert.ok(registry.issued.includes(typed.json.access_token!));
        assert.deepEqual(
            authority.tokenRequests.map((r) => [r.method, r.refusedWith]),
            [
                ["federated", "AADSTS90014"],
                ["federated", undefined],
            ],
        );
    });

    it("without NODE_EXTRA_CA_CERTS the host does not trust the fake authority: endpoints_resolution_error, never the secret", async () => {
        const { step, stack } = await up({ AZURE_CLIENT_ID: SECRET_CLIENT, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: CLIENT_SECRET }, { trust: false });
        const error = step.error ?? "";
        assert.match(
            error,
            new RegExp(`Sign-in failed for tenant ${TENANT}, client ${SECRET_CLIENT} with ClientSecretCredential: .*endpoints_resolution_error`),
        );
        assert.equal(authority.tokenRequests.length, 0);
        for (const text of [error, stack.host.stderr, stack.host.stdout]) {
            assert.ok(!text.includes(CLIENT_SECRET), text);
        }
    });
});
