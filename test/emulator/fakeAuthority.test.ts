/**
 * The fake sign-in authority over HTTPS on 127.0.0.1: its discovery and token endpoints in-process,
 * and the real @azure/identity ClientSecretCredential and ClientCertificateCredential run in child
 * processes with NODE_EXTRA_CA_CERTS, as a Pulumi process would use it; the Graph emulator sharing
 * its TokenRegistry accepts what it issues.
 */
import { strict as assert } from "node:assert";
import { constants, createPrivateKey, sign } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";
import { FakeAuthority, LocalTls, createLocalTls, removeLocalTls } from "../../emulator/fakeAuthority";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { TokenRegistry } from "../../emulator/tokenRegistry";
import { GRAPH_SCOPE, requestTokenInChild } from "./support/childCredential";
import { APP, call, eventually, summaryPath, within } from "./support/http";

const TENANT = "11111111-2222-4333-8444-555555555555";
const CLIENT = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const CERT_CLIENT = "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff";
const SECRET = "emu-secret-very-private-42";

interface Reply {
    status: number;
    json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** An HTTPS call that trusts `ca` (in-process; the child-process tests use NODE_EXTRA_CA_CERTS instead). */
function httpsCall(url: string, ca: string, method = "GET", form?: Record<string, string>): Promise<Reply> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    return new Promise((resolve, reject) => {
        const req = https.request(url, { method, ca, headers: body ? { "Content-Type": "application/x-www-form-urlencoded" } : {}, timeout: 10_000 }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
                const text = Buffer.concat(chunks).toString("utf8");
                resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
            });
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", reject);
        req.end(body);
    });
}

/** A client certificate with its key, as a PEM file for ClientCertificateCredential; returns the path and the certificate PEM. */
async function clientCertificate(dir: string, name: string): Promise<{ path: string; cert: string }> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const selfsigned = require("selfsigned") as typeof import("selfsigned");
    const pems = await selfsigned.generate([{ name: "commonName", value: `emulator-${name}` }], { keySize: 2048, algorithm: "sha256" });
    const file = path.join(dir, `${name}.pem`);
    fs.writeFileSync(file, `${pems.private}\n${pems.cert}\n`);
    return { path: file, cert: pems.cert };
}

/** A client assertion JWT signed with the key in `pemPath`, as MSAL builds one. */
function assertion(pemPath: string, alg: "RS256" | "PS256", claims: Record<string, unknown>): string {
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");
    const data = `${encode({ alg, typ: "JWT" })}.${encode(claims)}`;
    const key = createPrivateKey(fs.readFileSync(pemPath, "utf8"));
    const signature =
        alg === "PS256"
            ? sign("sha256", Buffer.from(data), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
            : sign("sha256", Buffer.from(data), key);
    return `${data}.${signature.toString("base64url")}`;
}

describe("FakeAuthority", () => {
    let tls: LocalTls;
    let registry: TokenRegistry;
    let authority: FakeAuthority;
    let authorityUrl: string;
    let emulator: GraphEmulator;
    let graphUrl: string;
    let scratch: string;
    let goodCert: { path: string; cert: string };
    let strangerCert: { path: string; cert: string };

    before(async () => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fake-authority-test-"));
        tls = await createLocalTls();
        goodCert = await clientCertificate(scratch, "registered");
        strangerCert = await clientCertificate(scratch, "stranger");
    });
    after(() => {
        removeLocalTls(tls);
        fs.rmSync(scratch, { recursive: true, force: true });
    });

    async function startAuthority(tokenLifetimeSeconds?: number): Promise<void> {
        await Promise.all([authority?.stop(), emulator?.stop()]);
        registry = new TokenRegistry();
        authority = new FakeAuthority({
            registry,
            tokenLifetimeSeconds,
            clients: [
                { tenantId: TENANT, clientId: CLIENT, secret: SECRET },
                { tenantId: TENANT, clientId: CERT_CLIENT, certificatePem: goodCert.cert },
            ],
        });
        authorityUrl = await authority.start(tls);
        emulator = new GraphEmulator({ registry });
        graphUrl = await emulator.start();
        emulator.addApp(APP, { installedDeviceCount: 4 });
    }

    beforeEach(() => startAuthority());
    afterEach(() => Promise.all([authority.stop(), emulator.stop()]));

    describe("over HTTPS in-process", () => {
        it("creates a certificate for 127.0.0.1 in a temporary file and listens with it", async () => {
            assert.match(authorityUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
            assert.equal(fs.readFileSync(tls.certPath, "utf8"), tls.cert);
            assert.match(tls.cert, /^-----BEGIN CERTIFICATE-----/);
            const reply = await httpsCall(`${authorityUrl}/${TENANT}/v2.0/.well-known/openid-configuration`, tls.cert);
            assert.equal(reply.status, 200);
        });

        it("serves OpenID discovery with the issuer and an https token endpoint on its own host", async () => {
            const { json } = await httpsCall(`${authorityUrl}/${TENANT}/v2.0/.well-known/openid-configuration`, tls.cert);
            assert.equal(json.issuer, `${authorityUrl}/${TENANT}/v2.0`);
            assert.equal(json.token_endpoint, `${authorityUrl}/${TENANT}/oauth2/v2.0/token`);
            assert.ok(json.token_endpoint_auth_methods_supported.includes("private_key_jwt"));
        });

        it("issues a token for the client-credentials grant with the right secret", async () => {
            const reply = await httpsCall(`${authorityUrl}/${TENANT}/oauth2/v2.0/token`, tls.cert, "POST", {
                grant_type: "client_credentials",
                client_id: CLIENT,
                client_secret: SECRET,
                scope: GRAPH_SCOPE,
            });
            assert.equal(reply.status, 200);
            assert.deepEqual([reply.json.token_type, reply.json.expires_in], ["Bearer", 3600]);
            assert.deepEqual(registry.issued, [reply.json.access_token]);
            assert.equal(authority.issuedCount, 1);
            assert.deepEqual(
                authority.tokenRequests.map((r) => [r.tenantId, r.clientId, r.method, r.scope, r.refusedWith]),
                [[TENANT, CLIENT, "secret", GRAPH_SCOPE, undefined]],
            );
        });

        it("refuses with Entra's error shape and AADSTS codes", async () => {
            const form = { grant_type: "client_credentials", client_id: CLIENT, client_secret: SECRET, scope: GRAPH_SCOPE };
            const cases: Array<[string, Record<string, string>, number, string, string]> = [
                ["wrong tenant", form, 400, "invalid_request", "AADSTS90002"],
                ["unknown client", { ...form, client_id: "00000000-0000-4000-8000-000000000000" }, 400, "unauthorized_client", "AADSTS700016"],
                ["wrong grant", { ...form, grant_type: "password" }, 400, "unsupported_grant_type", "AADSTS70003"],
                ["scope without /.default", { ...form, scope: "https://graph.microsoft.com/User.Read" }, 400, "invalid_scope", "AADSTS1002012"],
                ["wrong secret", { ...form, client_secret: "nope" }, 401, "invalid_client", "AADSTS7000215"],
                ["no credential", { grant_type: "client_credentials", client_id: CLIENT, scope: GRAPH_SCOPE }, 401, "invalid_client", "AADSTS7000218"],
                [
                    "garbage assertion",
                    {
                        grant_type: "client_credentials",
                        client_id: CERT_CLIENT,
                        scope: GRAPH_SCOPE,
                        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        client_assertion: "a.b.c",
                    },
                    401,
                    "invalid_client",
                    "AADSTS700027",
                ],
                ["a secret for a certificate-only client", { ...form, client_id: CERT_CLIENT }, 401, "invalid_client", "AADSTS7000215"],
            ];
            for (const [what, body, status, error, code] of cases) {
                const tenant = what === "wrong tenant" ? "99999999-2222-4333-8444-555555555555" : TENANT;
                const reply = await httpsCall(`${authorityUrl}/${tenant}/oauth2/v2.0/token`, tls.cert, "POST", body);
                assert.equal(reply.status, status, what);
                assert.equal(reply.json.error, error, what);
                assert.ok(reply.json.error_description.startsWith(`${code}: `), `${what}: ${reply.json.error_description}`);
                assert.deepEqual(reply.json.error_codes, [Number(code.slice(6))], what);
                assert.ok(!JSON.stringify(reply.json).includes(SECRET), what);
            }
            assert.equal(authority.issuedCount, 0);
            assert.equal(registry.issued.length, 0);
        });

        it("checks client assertions: signed with the registered key (RS256 or PS256), issued by and for the client, not expired", async () => {
            const exp = Math.floor(Date.now() / 1000) + 600;
            const own = { iss: CERT_CLIENT, sub: CERT_CLIENT, aud: `${authorityUrl}/${TENANT}/oauth2/v2.0/token`, exp };
            const cases: Array<[string, string, number]> = [
                ["RS256", assertion(goodCert.path, "RS256", own), 200],
                ["PS256", assertion(goodCert.path, "PS256", own), 200],
                ["another key", assertion(strangerCert.path, "RS256", own), 401],
                ["another issuer", assertion(goodCert.path, "RS256", { ...own, iss: CLIENT }), 401],
                ["another subject", assertion(goodCert.path, "RS256", { ...own, sub: CLIENT }), 401],
                ["expired", assertion(goodCert.path, "RS256", { ...own, exp: exp - 1200 }), 401],
            ];
            for (const [what, jwt, status] of cases) {
                const reply = await httpsCall(`${authorityUrl}/${TENANT}/oauth2/v2.0/token`, tls.cert, "POST", {
                    grant_type: "client_credentials",
                    client_id: CERT_CLIENT,
                    scope: GRAPH_SCOPE,
                    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    client_assertion: jwt,
                });
                assert.equal(reply.status, status, what);
                if (status === 401) {
                    assert.deepEqual(reply.json.error_codes, [700027], what);
                }
            }
            assert.equal(authority.issuedCount, 2);
        });

        it("answers 404 for other routes", async () => {
            const reply = await httpsCall(`${authorityUrl}/${TENANT}/oauth2/v2.0/authorize`, tls.cert);
            assert.equal(reply.status, 404);
            assert.equal(reply.json.error, "not_found");
        });

        it("refuses a token lifetime that is not a positive whole number", () => {
            assert.throws(() => new FakeAuthority({ registry, clients: [], tokenLifetimeSeconds: 0 }), /tokenLifetimeSeconds: 0 is not allowed/);
            assert.throws(() => new FakeAuthority({ registry, clients: [], tokenLifetimeSeconds: 1.5 }), /tokenLifetimeSeconds/);
        });

        it("stop() closes open connections", async () => {
            const agent = new https.Agent({ keepAlive: true, ca: tls.cert });
            await new Promise<void>((resolve, reject) =>
                https.get(`${authorityUrl}/x`, { agent }, (res) => res.resume().on("end", resolve)).on("error", reject),
            );
            await within(authority.stop(), 2_000, "stop() with a keep-alive connection open");
            agent.destroy();
        });
    });

    describe("with @azure/identity in a child process (NODE_EXTRA_CA_CERTS)", () => {
        it("ClientSecretCredential gets a token that the Graph emulator accepts", async () => {
            const result = await requestTokenInChild({
                kind: "secret",
                authorityUrl,
                tenantId: TENANT,
                clientId: CLIENT,
                clientSecret: SECRET,
                caCertPath: tls.certPath,
            });
            assert.equal(result.error, undefined, result.error);
            assert.deepEqual(registry.issued, [result.token]);
            assert.ok(result.expiresOnTimestamp! > Date.now() + 3_000_000);
            const answer = await call(graphUrl, summaryPath(APP), { token: result.token });
            assert.equal(answer.status, 200);
            assert.equal(answer.json.installedDeviceCount, 4);
            assert.equal((await call(graphUrl, summaryPath(APP), { token: `${result.token}x` })).status, 401);
        });

        it("ClientCertificateCredential gets a token with a registered certificate, and is refused with another", async () => {
            const good = await requestTokenInChild({
                kind: "certificate",
                authorityUrl,
                tenantId: TENANT,
                clientId: CERT_CLIENT,
                certificatePath: goodCert.path,
                caCertPath: tls.certPath,
            });
            assert.equal(good.error, undefined, good.error);
            assert.equal((await call(graphUrl, summaryPath(APP), { token: good.token })).status, 200);
            assert.equal(authority.tokenRequests.at(-1)!.method, "certificate");

            const stranger = await requestTokenInChild({
                kind: "certificate",
                authorityUrl,
                tenantId: TENANT,
                clientId: CERT_CLIENT,
                certificatePath: strangerCert.path,
                caCertPath: tls.certPath,
            });
            assert.equal(stranger.token, undefined);
            assert.match(stranger.error ?? "", /AADSTS700027/);
        });

        it("a wrong secret fails with AADSTS7000215, and the message does not hold the secret", async () => {
            const wrong = "emu-wrong-secret-do-not-print";
            const result = await requestTokenInChild({
                kind: "secret",
                authorityUrl,
                tenantId: TENANT,
                clientId: CLIENT,
                clientSecret: wrong,
                caCertPath: tls.certPath,
            });
            assert.equal(result.token, undefined);
            assert.match(result.error ?? "", /AADSTS7000215/);
            assert.ok(!result.error!.includes(wrong) && !result.error!.includes(SECRET), result.error);
            assert.equal(authority.tokenRequests.at(-1)!.refusedWith, "AADSTS7000215");
        });

        it("an unknown tenant fails with AADSTS90002 and an unknown client with AADSTS700016", async () => {
            const tenant = await requestTokenInChild({
                kind: "secret",
                authorityUrl,
                tenantId: "99999999-2222-4333-8444-555555555555",
                clientId: CLIENT,
                clientSecret: SECRET,
                caCertPath: tls.certPath,
            });
            assert.match(tenant.error ?? "", /AADSTS90002/);
            const client = await requestTokenInChild({
                kind: "secret",
                authorityUrl,
                tenantId: TENANT,
                clientId: "00000000-0000-4000-8000-000000000000",
                clientSecret: SECRET,
                caCertPath: tls.certPath,
            });
            assert.match(client.error ?? "", /AADSTS700016/);
            assert.equal(registry.issued.length, 0);
        });

        it("without NODE_EXTRA_CA_CERTS the child does not trust the authority and never reaches its token endpoint", async () => {
            const result = await requestTokenInChild({ kind: "secret", authorityUrl, tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET });
            assert.equal(result.token, undefined);
            // MSAL reports the refused TLS handshake of the discovery request this way (the emulator's README names it).
            assert.match(result.error ?? "", /endpoints_resolution_error/);
            assert.equal(authority.tokenRequests.length, 0);
        });

        it("an expired token is refused by the Graph emulator with 401", async () => {
            await startAuthority(1);
            const result = await requestTokenInChild({
                kind: "secret",
                authorityUrl,
                tenantId: TENANT,
                clientId: CLIENT,
                clientSecret: SECRET,
                caCertPath: tls.certPath,
            });
            assert.equal(result.error, undefined, result.error);
            const refused = await eventually(
                async () => {
                    const answer = await call(graphUrl, summaryPath(APP), { token: result.token });
                    return answer.status === 200 ? undefined : answer;
                },
                "the token expiring",
                30,
                100,
            );
            assert.equal(refused.status, 401);
            assert.equal(refused.json.error.code, "InvalidAuthenticationToken");
            assert.match(refused.json.error.message, /expired/);
        });
    });
});
