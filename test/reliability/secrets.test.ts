/**
 * Secrets never leak. With debug logging on (intune:logLevel verbose: the provider's HTTP traces;
 * AZURE_LOG_LEVEL=verbose: @azure/identity, MSAL and the Azure HTTP pipeline), life cycles run
 * through the engine protocol with each kind of credential, successes and failures, and then the
 * client secret, the access token, the certificate password and every bearer token the fake
 * authority issued are looked for in: the serialized `__provider` and the inputs the program
 * registered, every resource's state (inputs and outputs) after every step, the provider host's
 * stdout and stderr, and every step's error message.
 */
import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Step } from "../../engine/localEngine";
import type { Registration } from "../../engine/runProgram";
import {
    AuthorityRig,
    CLIENT,
    FAST_CONFIG,
    Rig,
    TENANT,
    appId,
    hostEnvTrusting,
    leaks,
    only,
    registration,
    serializedProvider,
    startAuthority,
    startRig,
} from "./support/harness";

const CLIENT_SECRET = "reliability-client-secret-Zq81~x";
const ENV_CLIENT_SECRET = "reliability-env-client-secret-Kp27";
const ACCESS_TOKEN = "reliability-access-token-Jb93.eyJhbGciOi";
const CERT_PASSWORD = "reliability-cert-password-Pw55!";
const WRONG_CERT_PASSWORD = "reliability-wrong-password-Wr66";

const DEBUG = { "intune:logLevel": "verbose" };

/** Everything a user or a state file could show, gathered along a life cycle. */
class Exposure {
    readonly places: Record<string, string> = {};
    private errors: string[] = [];

    constructor(private readonly rig: Rig) {}

    registrations(label: string, regs: readonly Registration[]): void {
        this.places[`registered inputs (${label}), __provider included`] = JSON.stringify(regs);
    }

    /** Records a step's result and the state after it; returns the steps. */
    steps(label: string, steps: Step[], engine = this.rig.stack.engine): Step[] {
        this.errors.push(...steps.map((s) => s.error ?? ""));
        this.places[`state after ${label}`] = JSON.stringify(engine.snapshot());
        return steps;
    }

    /** The places, with the host's output and all errors as they are now. */
    all(): Record<string, string> {
        return {
            ...this.places,
            "host stdout": this.rig.stack.host.stdout,
            "host stderr": this.rig.stack.host.stderr,
            "step errors": this.errors.join("\n"),
        };
    }

    get errorText(): string {
        return this.errors.join("\n");
    }
}

/** Proves the debug logs were on, so that finding nothing means something. */
function assertDebugLogsOn(stderr: string, identity: boolean): void {
    assert.match(stderr, /intune: -> PATCH http:\/\/127\.0\.0\.1:\d+\/beta\/.* authorization=Bearer \[redacted\]/);
    assert.match(stderr, /intune: <- 204 PATCH /);
    if (identity) {
        assert.match(stderr, /azure:identity:info .*getToken\(\) => SUCCESS/);
        assert.match(stderr, /azure:core-rest-pipeline:info Request: /);
        assert.match(stderr, /MSAL Node V2 verbose message/);
    }
}

describe("reliability: secrets never leak", function () {
    this.timeout(120_000);

    describe("client secret from stack config, through the fake authority", () => {
        let authority: AuthorityRig;
        let rig: Rig;

        before(async () => {
            authority = await startAuthority({ secret: CLIENT_SECRET });
            rig = await startRig({
                accessToken: false,
                registry: authority.registry,
                config: { ...FAST_CONFIG, ...DEBUG, "intune:tenantId": TENANT, "intune:clientId": CLIENT, "intune:authorityHost": authority.url },
                secretConfig: { "intune:clientSecret": CLIENT_SECRET },
                hostEnv: hostEnvTrusting(authority.tls, { AZURE_LOG_LEVEL: "verbose" }),
            });
        });
        after(async () => {
            await rig?.stop();
            await authority?.stop();
        });

        it("a life cycle with renewals and failures shows neither the secret nor any issued token anywhere", async () => {
            const [a, b, missing] = [appId(1, "5ec7e700"), appId(2, "5ec7e700"), appId(3, "5ec7e700")];
            rig.emulator.addApp(a, { installedDeviceCount: 2 });
            rig.emulator.addApp(b, { failedDeviceCount: 1 });
            rig.stack.setProgramConfig("apps", [
                { name: "plain", mobileAppId: a, installedDeviceCount: 4 },
                { name: "restored", mobileAppId: b, failedDeviceCount: 6, restoreOnDestroy: true },
            ]);
            const seen = new Exposure(rig);
            const regs = await rig.stack.registrations();
            seen.registrations("program", regs);

            seen.steps("preview", await rig.stack.preview());
            rig.emulator.script({ method: "PATCH", status: 401, code: "InvalidAuthenticationToken" }); // renewal: a second token
            assert.deepEqual(
                seen.steps("up", await rig.stack.up()).map((s) => s.error),
                [undefined, undefined],
            );
            seen.steps("refresh", await rig.stack.refresh());

            const changed = regs.map((r) => ({
                ...r,
                inputs: { ...r.inputs, ...(r.name === "plain" ? { installedDeviceCount: 9 } : { failedDeviceCount: 7 }) },
            }));
            rig.emulator.script({ method: "PATCH", status: 403, code: "Authorization_RequestDenied", times: 2 });
            const failed = seen.steps("failed update (403)", await rig.stack.engine.up(changed));
            assert.equal(failed.filter((s) => /403 Authorization_RequestDenied/.test(s.error ?? "")).length, 2);

            const ghost = rig.engine();
            seen.steps("failed create (no such app)", await ghost.up([await registration("ghost", { mobileAppId: missing, installedDeviceCount: 1 })]), ghost);
            assert.match(seen.errorText, /No mobile app with id/);

            rig.emulator.script({ method: "PATCH", status: 401, code: "InvalidAuthenticationToken", times: 2 });
            const rejected = rig.engine();
            seen.steps("401 after a renewal", await rejected.up([await registration("rejected", { mobileAppId: a, installedDeviceCount: 5 })]), rejected);
            assert.match(seen.errorText, /401 InvalidAuthenticationToken/);

            seen.steps("destroy", await rig.stack.destroy());
            assertDebugLogsOn(rig.stack.host.stderr, true);

            const issued = authority.registry.issued;
            assert.ok(issued.length >= 3, `tokens issued: ${issued.length} (first, after the 401, after the second 401)`);
            const secrets = { "client secret": CLIENT_SECRET, ...Object.fromEntries(issued.map((t, i) => [`issued token ${i + 1}`, t])) };
            assert.deepEqual(leaks(seen.all(), secrets), []);
        });

        it("the leak check itself finds a secret that is there", () => {
            assert.deepEqual(leaks({ somewhere: `x ${CLIENT_SECRET} y` }, { "client secret": CLIENT_SECRET }), ["client secret in somewhere"]);
        });
    });

    describe("client secret from AZURE_* environment variables", () => {
        let authority: AuthorityRig;
        let rig: Rig;

        before(async () => {
            authority = await startAuthority({ secret: ENV_CLIENT_SECRET });
            rig = await startRig({
                accessToken: false,
                registry: authority.registry,
                config: { ...FAST_CONFIG, ...DEBUG },
                hostEnv: hostEnvTrusting(authority.tls, {
                    AZURE_LOG_LEVEL: "verbose",
                    AZURE_TENANT_ID: TENANT,
                    AZURE_CLIENT_ID: CLIENT,
                    AZURE_CLIENT_SECRET: ENV_CLIENT_SECRET,
                    AZURE_AUTHORITY_HOST: authority.url,
                }),
            });
        });
        after(async () => {
            await rig?.stop();
            await authority?.stop();
        });

        it("neither the secret nor the tokens appear in state, output or errors", async () => {
            const id = appId(4, "5ec7e700");
            rig.emulator.addApp(id, { installedDeviceCount: 2 });
            const seen = new Exposure(rig);
            const reg = await registration("env", { mobileAppId: id, installedDeviceCount: 3, restoreOnDestroy: true });
            seen.registrations("built", [reg]);
            const engine = rig.engine();
            assert.deepEqual(
                seen.steps("up", await engine.up([reg]), engine).map((s) => s.error),
                [undefined],
            );
            rig.emulator.script({ method: "GET", status: 500, code: "InternalServerError", times: 3 });
            seen.steps("failed refresh", await engine.refresh(), engine);
            assert.match(seen.errorText, /500 InternalServerError/);
            seen.steps("destroy", await engine.destroy(), engine);
            assertDebugLogsOn(rig.stack.host.stderr, true);
            const secrets = {
                "client secret": ENV_CLIENT_SECRET,
                ...Object.fromEntries(authority.registry.issued.map((t, i) => [`issued token ${i + 1}`, t])),
            };
            assert.ok(authority.registry.issued.length >= 1);
            assert.deepEqual(leaks(seen.all(), secrets), []);
        });
    });

    describe("access token from stack config", () => {
        let rig: Rig;

        before(async () => {
            rig = await startRig({
                accessToken: ACCESS_TOKEN,
                config: { ...FAST_CONFIG, ...DEBUG },
                hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, AZURE_LOG_LEVEL: "verbose" },
            });
        });
        after(() => rig?.stop());

        it("the token appears nowhere, also when Graph rejects it", async () => {
            const id = appId(5, "5ec7e700");
            rig.emulator.addApp(id, { installedDeviceCount: 2 });
            const seen = new Exposure(rig);
            const reg = await registration("token", { mobileAppId: id, installedDeviceCount: 3 });
            seen.registrations("built", [reg]);
            const engine = rig.engine();
            assert.deepEqual(
                seen.steps("up", await engine.up([reg]), engine).map((s) => s.error),
                [undefined],
            );
            seen.steps("refresh", await engine.refresh(), engine);

            rig.emulator.tokens.delete(ACCESS_TOKEN); // from now on Graph rejects it: 401
            const rejected = rig.engine();
            seen.steps("rejected create", await rejected.up([await registration("rejected", { mobileAppId: id, installedDeviceCount: 8 })]), rejected);
            seen.steps("rejected refresh", await engine.refresh(), engine);
            assert.equal(seen.errorText.match(/401 InvalidAuthenticationToken/g)?.length, 2);
            seen.steps("destroy", await engine.destroy(), engine);

            assertDebugLogsOn(rig.stack.host.stderr, false);
            assert.deepEqual(leaks(seen.all(), { "access token": ACCESS_TOKEN }), []);
            const sent = rig.emulator.graphRequests()[0].authorization;
            assert.equal(sent, `Bearer ${ACCESS_TOKEN}`, "the token was used, so it was there to leak");
        });
    });

    describe("client certificate with a password", () => {
        let authority: AuthorityRig;
        let scratch: string;
        let pemPath: string;

        before(async () => {
            // A certificate whose private key is encrypted with CERT_PASSWORD, in one PEM file.
            const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const selfsigned = require("selfsigned") as typeof import("selfsigned");
            const keyPair = {
                privateKey: privateKey.export({ type: "pkcs8", format: "pem" }) as string,
                publicKey: publicKey.export({ type: "spki", format: "pem" }) as string,
            };
            const pems = await selfsigned.generate([{ name: "commonName", value: "intune-reliability-client" }], { algorithm: "sha256", keyPair });
            scratch = fs.mkdtempSync(path.join(os.tmpdir(), "intune-reliability-cert-"));
            pemPath = path.join(scratch, "client.pem");
            const encrypted = privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: CERT_PASSWORD }) as string;
            fs.writeFileSync(pemPath, `${encrypted}\n${pems.cert}\n`);
            authority = await startAuthority({ certificatePem: pems.cert });
        });
        after(async () => {
            await authority?.stop();
            fs.rmSync(scratch, { recursive: true, force: true });
        });

        for (const { name, password, ok } of [
            { name: "the right password signs in; the password and the tokens appear nowhere", password: CERT_PASSWORD, ok: true },
            { name: "a wrong password fails naming the certificate keys, without either password", password: WRONG_CERT_PASSWORD, ok: false },
        ]) {
            it(name, async () => {
                const rig = await startRig({
                    accessToken: false,
                    registry: authority.registry,
                    config: {
                        ...FAST_CONFIG,
                        ...DEBUG,
                        "intune:tenantId": TENANT,
                        "intune:clientId": CLIENT,
                        "intune:authorityHost": authority.url,
                        "intune:clientCertificatePath": pemPath,
                    },
                    secretConfig: { "intune:clientCertificatePassword": password },
                    hostEnv: hostEnvTrusting(authority.tls, { AZURE_LOG_LEVEL: "verbose" }),
                });
                try {
                    const id = appId(ok ? 6 : 7, "5ec7e700");
                    rig.emulator.addApp(id, { installedDeviceCount: 2 });
                    const seen = new Exposure(rig);
                    const reg = await registration("certificate", { mobileAppId: id, installedDeviceCount: 3 });
                    seen.registrations("built", [reg]);
                    const engine = rig.engine();
                    const [step] = seen.steps("up", await engine.up([reg]), engine);
                    if (ok) {
                        assert.equal(step.error, undefined);
                        seen.steps("refresh", await engine.refresh(), engine);
                        assertDebugLogsOn(rig.stack.host.stderr, true);
                        assert.equal(authority.authority.tokenRequests.at(-1)!.method, "certificate");
                    } else {
                        assert.match(
                            step.error ?? "",
                            new RegExp(
                                `Sign-in failed for tenant ${TENANT}, client ${CLIENT} with ClientCertificateCredential: .*Check intune:clientCertificatePath .* and intune:clientCertificatePassword\\.`,
                            ),
                        );
                        assert.deepEqual(rig.emulator.graphRequests(), [], "no Graph request without a token");
                    }
                    const secrets = {
                        "certificate password": CERT_PASSWORD,
                        "wrong certificate password": WRONG_CERT_PASSWORD,
                        ...Object.fromEntries(authority.registry.issued.map((t, i) => [`issued token ${i + 1}`, t])),
                    };
                    assert.deepEqual(leaks(seen.all(), secrets), []);
                } finally {
                    await rig.stop();
                }
            });
        }
    });

    describe("secrets that Graph echoes back", () => {
        const ENV_TOKEN = "reliability-env-only-token-Tq41.eyJ0eXAi";
        const UNUSED = {
            "intune:clientSecret": "reliability-unused-client-secret-Uc12",
            "intune:clientCertificatePassword": "reliability-unused-cert-password-Up34",
            "intune:oidcToken": "reliability-unused-oidc-token-Uo56.eyJhbGci",
            "intune:oidcRequestToken": "reliability-unused-oidc-request-token-Ur78",
        };
        const PROXY_PASSWORD = "reliability-proxy-password-Pp90";

        /** An answer that repeats `text` in its error message and in its request-id header. */
        const echoing = (method: "GET" | "PATCH", text: string) => ({
            method,
            status: 403,
            headers: { "request-id": text },
            body: JSON.stringify({ error: { code: "Authorization_RequestDenied", message: `Denied. You sent: ${text}` } }),
        });

        /** Create, then a failing refresh, each under an echoing answer; every place a user sees is searched. */
        async function echoedLifeCycle(rig: Rig, n: number, literal: string, secrets: Record<string, string>): Promise<void> {
            const [echoed, fine] = [appId(20 + 2 * n, "5ec7e700"), appId(21 + 2 * n, "5ec7e700")];
            rig.emulator.addApp(echoed, { installedDeviceCount: 2 });
            rig.emulator.addApp(fine, { installedDeviceCount: 2 });
            const seen = new Exposure(rig);
            const engine = rig.engine();
            rig.emulator.script(echoing("PATCH", literal), { method: "PATCH", status: 403, code: "Authorization_RequestDenied", echoAuthorization: true });
            const failedCreates = seen.steps(
                "creates under echoing 403s",
                await engine.up([
                    await registration("echoed-literal", { mobileAppId: echoed, installedDeviceCount: 3 }),
                    await registration("echoed-header", { mobileAppId: fine, installedDeviceCount: 3 }),
                ]),
                engine,
            );
            assert.deepEqual(
                failedCreates.map((s) => /403 Authorization_RequestDenied/.test(s.error ?? "")),
                [true, true],
            );
            const created = seen.steps("create", await engine.up([await registration("fine", { mobileAppId: fine, installedDeviceCount: 3 })]), engine);
            assert.deepEqual(
                created.map((s) => s.error),
                [undefined],
            );
            rig.emulator.script({ method: "GET", status: 403, code: "Authorization_RequestDenied", echoAuthorization: true });
            const refresh = seen.steps("refresh under an echoing 403", await engine.refresh(), engine);
            assert.match(refresh[0].error ?? "", /403 Authorization_RequestDenied/);
            rig.emulator.script(echoing("GET", literal));
            assert.match(seen.steps("refresh under an echoing 403", await engine.refresh(), engine)[0].error ?? "", /You sent: /);
            // A success that carries a secret where Graph puts the entity's id: it is returned as the output summaryId.
            rig.emulator.script({ method: "GET", status: 200, body: JSON.stringify({ id: literal, ...rig.emulator.counters(fine) }) });
            assert.deepEqual(
                seen.steps("refresh of an answer holding a secret", await engine.refresh(), engine).map((s) => s.error),
                [undefined],
            );
            const redacted = Object.values(secrets).reduce((text, secret) => text.split(secret).join("[redacted]"), literal);
            assert.equal(only(engine)!.outputs.summaryId, redacted);
            const sent = rig.emulator.graphRequests("PATCH")[0].authorization ?? "";
            assert.deepEqual(leaks(seen.all(), { ...secrets, "the Authorization header sent": sent.replace(/^Bearer /, "") }), []);
        }

        it("configured secrets (the token only in INTUNE_ACCESS_TOKEN; the proxy password in HTTPS_PROXY) reach no error, log line or state", async () => {
            const rig = await startRig({
                accessToken: false,
                config: { ...FAST_CONFIG, ...DEBUG },
                secretConfig: UNUSED,
                hostEnv: {
                    PATH: process.env.PATH,
                    HOME: process.env.HOME,
                    INTUNE_ACCESS_TOKEN: ENV_TOKEN,
                    HTTPS_PROXY: `http://proxy-user:${PROXY_PASSWORD}@127.0.0.1:9`,
                    NO_PROXY: "127.0.0.1",
                },
            });
            try {
                rig.emulator.tokens.add(ENV_TOKEN);
                const secrets: Record<string, string> = { INTUNE_ACCESS_TOKEN: ENV_TOKEN, "proxy password": PROXY_PASSWORD };
                for (const [key, value] of Object.entries(UNUSED)) {
                    secrets[key] = value;
                }
                await echoedLifeCycle(rig, 0, Object.values(secrets).join(" "), secrets);
            } finally {
                await rig.stop();
            }
        });

        it("the bearer tokens issued at sign-in (and the client secret) reach no error, log line or state", async () => {
            const authority = await startAuthority({ secret: CLIENT_SECRET });
            const rig = await startRig({
                accessToken: false,
                registry: authority.registry,
                config: { ...FAST_CONFIG, ...DEBUG, "intune:tenantId": TENANT, "intune:clientId": CLIENT, "intune:authorityHost": authority.url },
                secretConfig: { "intune:clientSecret": CLIENT_SECRET },
                hostEnv: hostEnvTrusting(authority.tls),
            });
            try {
                await echoedLifeCycle(rig, 1, `client_secret=${CLIENT_SECRET}`, { "client secret": CLIENT_SECRET });
                assert.ok(authority.registry.issued.length >= 1);
                assert.deepEqual(
                    leaks({ "host stderr": rig.stack.host.stderr }, Object.fromEntries(authority.registry.issued.map((t, i) => [`issued token ${i + 1}`, t]))),
                    [],
                );
            } finally {
                await rig.stop();
                await authority.stop();
            }
        });
    });

    it("the serialized provider holds no setting at all", async () => {
        const source = await serializedProvider();
        assert.ok(source.length < 4_000, `__provider is ${source.length} characters`);
        assert.doesNotMatch(source, /intune:|127\.0\.0\.1|token|secret|password/i);
    });
});
