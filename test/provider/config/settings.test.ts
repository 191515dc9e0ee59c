import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { redact } from "../../../provider/log/redaction";
import { ConfigError, isConfigError } from "../../../provider/config/configError";
import { CONFIG_KEYS, ConfigSource } from "../../../provider/config/configKeys";
import { Settings, resolveSettings } from "../../../provider/config/settings";

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "0f6e2d4c-8b1a-4c3d-9e5f-6a7b8c9d0e1f";

/** A stack config with keys given without the `intune:` prefix. */
function config(values: Record<string, unknown> = {}): ConfigSource {
    return (fullKey) => {
        assert.ok(fullKey.startsWith("intune:"), `config read outside the intune namespace: ${fullKey}`);
        return values[fullKey.slice("intune:".length)];
    };
}

/** Resolves as `configure` does: the stack config, its keys, the environment. */
function resolve(values: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}): Settings {
    return resolveSettings(
        config(values),
        env,
        Object.keys(values).map((key) => `intune:${key}`),
    );
}

function configError(values: Record<string, unknown>, env: NodeJS.ProcessEnv = {}): ConfigError {
    try {
        resolve(values, env);
    } catch (error) {
        assert.ok(isConfigError(error), `expected a ConfigError, got ${String(error)}`);
        return error;
    }
    assert.fail(`expected a ConfigError for ${JSON.stringify(values)} ${JSON.stringify(env)}`);
}

let tmpDir = "";
let certificatePath = "";

before(() => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "intune-settings-test-"));
    certificatePath = path.join(tmpDir, "app.pem");
    fs.writeFileSync(certificatePath, "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
});

after(() => {
    fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe("provider/config/settings resolveSettings", () => {
    it("defaults: public cloud, beta, numeric defaults, DefaultAzureCredential", () => {
        const s = resolve();
        assert.deepEqual(s, {
            cloud: "public",
            graphBaseUrl: "https://graph.microsoft.com",
            graphBaseUrlOrigin: "intune:cloud (public)",
            apiVersion: "beta",
            scope: "https://graph.microsoft.com/.default",
            credential: {
                kind: "default",
                tenantId: undefined,
                clientId: undefined,
                authorityHost: "https://login.microsoftonline.com",
                disableInstanceDiscovery: false,
            },
            requestTimeoutMs: 30000,
            operationTimeoutMs: 120000,
            maxRetries: 6,
            writeVerification: "error",
            verifyTimeoutMs: 5000,
            writesPerWindow: 100,
            writeWindowMs: 20000,
            maxSockets: 50,
            batchReads: true,
            batchWindowMs: 50,
            logLevel: "info",
            secrets: [],
        });
    });

    it("every config key has the documented default of its numeric setting", () => {
        const s = resolve() as unknown as Record<string, unknown>;
        for (const key of CONFIG_KEYS) {
            if (key.default !== undefined && /^\d+$/.test(key.default)) {
                assert.equal(s[key.key], Number(key.default), key.key);
            }
        }
    });

    describe("each cloud gives its Graph host, sign-in host and scope", () => {
        const cases = [
            { cloud: "public", graph: "https://graph.microsoft.com", authority: "https://login.microsoftonline.com" },
            { cloud: "usgovernment", graph: "https://graph.microsoft.us", authority: "https://login.microsoftonline.us" },
            { cloud: "usgovernmentdod", graph: "https://dod-graph.microsoft.us", authority: "https://login.microsoftonline.us" },
            { cloud: "china", graph: "https://microsoftgraph.chinacloudapi.cn", authority: "https://login.chinacloudapi.cn" },
        ];
        for (const c of cases) {
            it(c.cloud, () => {
                const s = resolve({ cloud: c.cloud });
                assert.equal(s.cloud, c.cloud);
                assert.equal(s.graphBaseUrl, c.graph);
                assert.equal(s.scope, `${c.graph}/.default`);
                assert.equal(s.credential.kind, "default");
                assert.equal(s.credential.kind === "default" && s.credential.authorityHost, c.authority);
                assert.equal(s.credential.kind === "default" && s.credential.disableInstanceDiscovery, false);
            });
        }
        it("cloud name is case-insensitive", () => assert.equal(resolve({ cloud: "China" }).cloud, "china"));
    });

    describe("precedence: config beats environment, environment beats default", () => {
        const cases: Array<{ name: string; config?: Record<string, unknown>; env?: NodeJS.ProcessEnv; pick: (s: Settings) => unknown; expected: unknown }> = [
            { name: "INTUNE_CLOUD", env: { INTUNE_CLOUD: "china" }, pick: (s) => s.cloud, expected: "china" },
            {
                name: "intune:cloud beats INTUNE_CLOUD",
                config: { cloud: "usgovernment" },
                env: { INTUNE_CLOUD: "china" },
                pick: (s) => s.cloud,
                expected: "usgovernment",
            },
            {
                name: "ARM_ENVIRONMENT is the cloud's second fallback",
                env: { ARM_ENVIRONMENT: "usgovernment" },
                pick: (s) => s.cloud,
                expected: "usgovernment",
            },
            {
                name: "INTUNE_CLOUD beats ARM_ENVIRONMENT",
                env: { INTUNE_CLOUD: "china", ARM_ENVIRONMENT: "usgovernment" },
                pick: (s) => s.cloud,
                expected: "china",
            },
            { name: "empty config value falls back to env", config: { cloud: "" }, env: { INTUNE_CLOUD: "china" }, pick: (s) => s.cloud, expected: "china" },
            { name: "empty env value falls back to default", env: { INTUNE_CLOUD: "" }, pick: (s) => s.cloud, expected: "public" },
            {
                name: "INTUNE_GRAPH_ENDPOINT",
                env: { INTUNE_GRAPH_ENDPOINT: "http://127.0.0.1:8719/" },
                pick: (s) => s.graphBaseUrl,
                expected: "http://127.0.0.1:8719",
            },
            {
                name: "intune:graphEndpoint beats env",
                config: { graphEndpoint: "http://127.0.0.1:9000" },
                env: { INTUNE_GRAPH_ENDPOINT: "http://127.0.0.1:8719" },
                pick: (s) => s.graphBaseUrl,
                expected: "http://127.0.0.1:9000",
            },
            {
                name: "graphEndpoint keeps a path, drops the trailing slash",
                config: { graphEndpoint: "https://proxy.example.com/graph/" },
                pick: (s) => s.graphBaseUrl,
                expected: "https://proxy.example.com/graph",
            },
            {
                name: "graphEndpoint does not change the scope",
                config: { graphEndpoint: "http://127.0.0.1:8719" },
                pick: (s) => s.scope,
                expected: "https://graph.microsoft.com/.default",
            },
            { name: "INTUNE_API_VERSION", env: { INTUNE_API_VERSION: "v1.0" }, pick: (s) => s.apiVersion, expected: "v1.0" },
            { name: "INTUNE_MAX_RETRIES", env: { INTUNE_MAX_RETRIES: "3" }, pick: (s) => s.maxRetries, expected: 3 },
            {
                name: "intune:maxRetries beats INTUNE_MAX_RETRIES",
                config: { maxRetries: "1" },
                env: { INTUNE_MAX_RETRIES: "3" },
                pick: (s) => s.maxRetries,
                expected: 1,
            },
            { name: "a number (not a string) from config", config: { maxRetries: 0 }, pick: (s) => s.maxRetries, expected: 0 },
            { name: "writesPerWindow 0 turns pacing off", config: { writesPerWindow: "0" }, pick: (s) => s.writesPerWindow, expected: 0 },
            { name: "INTUNE_WRITE_VERIFICATION", env: { INTUNE_WRITE_VERIFICATION: "WARN" }, pick: (s) => s.writeVerification, expected: "warn" },
            { name: "INTUNE_LOG_LEVEL", env: { INTUNE_LOG_LEVEL: "verbose" }, pick: (s) => s.logLevel, expected: "verbose" },
            {
                name: "AZURE_TENANT_ID",
                env: { AZURE_TENANT_ID: TENANT },
                pick: (s) => s.credential.kind === "default" && s.credential.tenantId,
                expected: TENANT,
            },
            {
                name: "ARM_TENANT_ID after AZURE_TENANT_ID",
                env: { ARM_TENANT_ID: "contoso.onmicrosoft.com" },
                pick: (s) => s.credential.kind === "default" && s.credential.tenantId,
                expected: "contoso.onmicrosoft.com",
            },
            {
                name: "AZURE_TENANT_ID beats ARM_TENANT_ID",
                env: { AZURE_TENANT_ID: TENANT, ARM_TENANT_ID: "contoso.onmicrosoft.com" },
                pick: (s) => s.credential.kind === "default" && s.credential.tenantId,
                expected: TENANT,
            },
            {
                name: "intune:tenantId beats AZURE_TENANT_ID",
                config: { tenantId: "fabrikam.com" },
                env: { AZURE_TENANT_ID: TENANT },
                pick: (s) => s.credential.kind === "default" && s.credential.tenantId,
                expected: "fabrikam.com",
            },
            { name: "ARM_CLIENT_ID", env: { ARM_CLIENT_ID: CLIENT }, pick: (s) => s.credential.kind === "default" && s.credential.clientId, expected: CLIENT },
            {
                name: "AZURE_AUTHORITY_HOST",
                env: { AZURE_AUTHORITY_HOST: "https://127.0.0.1:8443" },
                pick: (s) => s.credential.kind === "default" && s.credential.authorityHost,
                expected: "https://127.0.0.1:8443",
            },
        ];
        for (const c of cases) {
            it(c.name, () => assert.deepEqual(c.pick(resolve(c.config, c.env)), c.expected));
        }
    });

    describe("credential selection", () => {
        it("accessToken → accessToken kind, the token is a secret", () => {
            const s = resolve({ accessToken: "eyJ0eXAiOiJKV1QiLCJhbGciOi.abc" });
            assert.deepEqual(s.credential, { kind: "accessToken", token: "eyJ0eXAiOiJKV1QiLCJhbGciOi.abc" });
            assert.deepEqual(s.secrets, ["eyJ0eXAiOiJKV1QiLCJhbGciOi.abc"]);
        });

        it('a "Bearer " prefix is stripped from the access token', () => {
            assert.deepEqual(resolve({ accessToken: "Bearer tok-123456" }).credential, { kind: "accessToken", token: "tok-123456" });
            assert.deepEqual(resolve({}, { INTUNE_ACCESS_TOKEN: "bearer   tok-123456" }).credential, { kind: "accessToken", token: "tok-123456" });
        });

        // The token is sent without the prefix, so that form must be redacted too.
        it('the bare token is redacted even when it was given with a "Bearer " prefix', () => {
            const s = resolve({ accessToken: "Bearer tok-123456" });
            assert.equal(redact("token tok-123456 was rejected", s.secrets), "token [redacted] was rejected");
        });

        it("accessToken wins over app credentials", () => {
            const s = resolve({ accessToken: "tok-123456", tenantId: TENANT, clientId: CLIENT, clientSecret: "s3cret-value" });
            assert.equal(s.credential.kind, "accessToken");
        });

        it("clientSecret → clientSecret kind", () => {
            const s = resolve({ tenantId: TENANT, clientId: CLIENT, clientSecret: "s3cret-value" });
            assert.deepEqual(s.credential, {
                kind: "clientSecret",
                tenantId: TENANT,
                clientId: CLIENT,
                clientSecret: "s3cret-value",
                authorityHost: "https://login.microsoftonline.com",
                disableInstanceDiscovery: false,
            });
            assert.deepEqual(s.secrets, ["s3cret-value"]);
        });

        it("clientSecret from the AZURE_* environment", () => {
            const s = resolve({}, { AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: "s3cret-value" });
            assert.equal(s.credential.kind, "clientSecret");
        });

        it("clientSecret from the ARM_* environment", () => {
            const s = resolve({}, { ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT, ARM_CLIENT_SECRET: "s3cret-value" });
            assert.deepEqual(s.credential.kind === "clientSecret" && [s.credential.tenantId, s.credential.clientId, s.credential.clientSecret], [
                TENANT,
                CLIENT,
                "s3cret-value",
            ]);
        });

        it("certificate path → clientCertificate kind, with its password as a secret", () => {
            const s = resolve({ tenantId: TENANT, clientId: CLIENT, clientCertificatePath: certificatePath, clientCertificatePassword: "pem-pass-phrase" });
            assert.deepEqual(s.credential, {
                kind: "clientCertificate",
                tenantId: TENANT,
                clientId: CLIENT,
                certificatePath,
                certificatePassword: "pem-pass-phrase",
                authorityHost: "https://login.microsoftonline.com",
                disableInstanceDiscovery: false,
            });
            assert.deepEqual(s.secrets, ["pem-pass-phrase"]);
        });

        it("nothing → default kind", () => {
            assert.equal(resolve().credential.kind, "default");
            assert.equal(resolve({ tenantId: TENANT, clientId: CLIENT }).credential.kind, "default");
        });

        it("disableInstanceDiscovery is true for a custom authority host and false for the cloud's", () => {
            const custom = resolve({ tenantId: TENANT, clientId: CLIENT, clientSecret: "s3cret-value", authorityHost: "https://127.0.0.1:8443" });
            assert.equal(custom.credential.kind === "clientSecret" && custom.credential.disableInstanceDiscovery, true);
            assert.equal(custom.credential.kind === "clientSecret" && custom.credential.authorityHost, "https://127.0.0.1:8443");
            const cloudsOwn = resolve({
                cloud: "china",
                tenantId: TENANT,
                clientId: CLIENT,
                clientSecret: "s3cret-value",
                authorityHost: "https://login.chinacloudapi.cn/",
            });
            assert.equal(cloudsOwn.credential.kind === "clientSecret" && cloudsOwn.credential.disableInstanceDiscovery, false);
            assert.equal(cloudsOwn.credential.kind === "clientSecret" && cloudsOwn.credential.authorityHost, "https://login.chinacloudapi.cn");
            const defaulted = resolve({ cloud: "usgovernment", tenantId: TENANT, clientId: CLIENT, clientSecret: "s3cret-value" });
            assert.equal(defaulted.credential.kind === "clientSecret" && defaulted.credential.disableInstanceDiscovery, false);
        });
    });

    describe("invalid configuration → ConfigError naming the key", () => {
        const cases: Array<{ name: string; config?: Record<string, unknown>; env?: NodeJS.ProcessEnv; says: RegExp[] }> = [
            {
                name: "unknown cloud",
                config: { cloud: "mars" },
                says: [/intune:cloud: "mars" is not allowed; use one of public, usgovernment, usgovernmentdod, china\./],
            },
            {
                name: "unknown cloud from env names the variable",
                env: { INTUNE_CLOUD: "mars" },
                says: [/INTUNE_CLOUD \(environment, for intune:cloud\): "mars" is not allowed/],
            },
            {
                name: "graphEndpoint not a URL",
                config: { graphEndpoint: "not a url" },
                says: [
                    /intune:graphEndpoint: "not a url" is not a valid URL; use http:\/\/host\[:port\] or https:\/\/host\[:port\]/,
                    /http:\/\/127\.0\.0\.1:8719/,
                ],
            },
            { name: "graphEndpoint ftp", config: { graphEndpoint: "ftp://x" }, says: [/intune:graphEndpoint: "ftp:\/\/x" is not a valid URL/] },
            {
                name: "graphEndpoint with a query string",
                config: { graphEndpoint: "https://graph.microsoft.com?x=1" },
                says: [/intune:graphEndpoint: .* is not a valid URL/, /no query/],
            },
            {
                name: "graphEndpoint with a fragment",
                config: { graphEndpoint: "https://graph.microsoft.com/#x" },
                says: [/intune:graphEndpoint: .* is not a valid URL/],
            },
            {
                name: "authorityHost over http",
                config: { authorityHost: "http://login.microsoftonline.com" },
                says: [/intune:authorityHost: "http:\/\/login\.microsoftonline\.com" is not a valid URL; use https:\/\/host\[:port\]/],
            },
            { name: "apiVersion unknown", config: { apiVersion: "v2" }, says: [/intune:apiVersion: "v2" is not allowed; use one of beta, v1\.0\./] },
            {
                name: "maxRetries not a number",
                config: { maxRetries: "lots" },
                says: [/intune:maxRetries: must be a whole number from 0 to 100; got "lots"\./],
            },
            { name: "maxRetries negative", config: { maxRetries: "-1" }, says: [/intune:maxRetries: must be a whole number from 0 to 100; got "-1"\./] },
            { name: "maxRetries fractional", config: { maxRetries: "1.5" }, says: [/intune:maxRetries: must be a whole number from 0 to 100/] },
            { name: "maxRetries too large", config: { maxRetries: "1000" }, says: [/intune:maxRetries: must be a whole number from 0 to 100; got "1000"/] },
            {
                name: "maxRetries from env names the variable",
                env: { INTUNE_MAX_RETRIES: "x" },
                says: [/INTUNE_MAX_RETRIES \(environment, for intune:maxRetries\): must be a whole number/],
            },
            {
                name: "requestTimeoutMs 0",
                config: { requestTimeoutMs: "0" },
                says: [/intune:requestTimeoutMs: must be a whole number from 1 to 3600000; got "0"/],
            },
            { name: "writeWindowMs 0", config: { writeWindowMs: 0 }, says: [/intune:writeWindowMs: must be a whole number from 1 to/] },
            {
                name: "writeVerification unknown",
                config: { writeVerification: "strict" },
                says: [/intune:writeVerification: "strict" is not allowed; use one of error, warn, off\./],
            },
            {
                name: "logLevel unknown",
                config: { logLevel: "debug" },
                says: [/intune:logLevel: "debug" is not allowed; use one of error, warning, info, verbose\./],
            },
            {
                name: "clientSecret without tenantId and clientId",
                config: { clientSecret: "s3cret-value" },
                says: [/intune:clientSecret is set, so intune:tenantId \(or AZURE_TENANT_ID\) and intune:clientId \(or AZURE_CLIENT_ID\) must be set too\./],
            },
            {
                name: "clientSecret without clientId",
                config: { clientSecret: "s3cret-value", tenantId: TENANT },
                says: [/intune:clientSecret is set, so intune:clientId \(or AZURE_CLIENT_ID\) must be set too\./],
            },
            {
                name: "certificate path that does not exist",
                config: { tenantId: TENANT, clientId: CLIENT, clientCertificatePath: "/nonexistent/app.pem" },
                says: [/intune:clientCertificatePath: no readable file at "\/nonexistent\/app\.pem"; give the path of a PEM file/],
            },
            {
                name: "certificate path without tenantId and clientId",
                config: { clientCertificatePath: __filename },
                says: [/intune:clientCertificatePath is set, so intune:tenantId/],
            },
            {
                name: "malformed clientId",
                config: { clientId: "my-app" },
                says: [/intune:clientId: "my-app" is not an application \(client\) id; use the GUID/],
            },
            {
                name: "malformed tenantId",
                config: { tenantId: "not a tenant" },
                says: [/intune:tenantId: "not a tenant" is not a tenant; use the directory id \(a GUID\) or a domain/],
            },
            {
                name: "skipRestoreOnDestroy not a boolean",
                config: { skipRestoreOnDestroy: "yes" },
                says: [/^intune:skipRestoreOnDestroy: "yes" is not allowed; use true or false\.$/],
            },
            {
                name: "a misspelt key: a did-you-mean (it would be ignored, and the requests go to public Graph)",
                config: { graphEndpont: "http://127.0.0.1:8719" },
                says: [/^intune:graphEndpont: no such key; did you mean intune:graphEndpoint\?$/],
            },
            {
                name: "a key of another case",
                config: { LogLevel: "verbose" },
                says: [/^intune:LogLevel: no such key; did you mean intune:logLevel\?$/],
            },
            {
                name: "an unrelated key lists the keys",
                config: { region: "westeurope" },
                says: [/^intune:region: no such key; the keys are intune:cloud, intune:graphEndpoint, .*, intune:logLevel\.$/],
            },
            {
                name: "access token with spaces",
                config: { accessToken: "two words" },
                says: [/intune:accessToken: must be the bearer token alone, one word without spaces\./],
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const error = configError(c.config ?? {}, c.env ?? {});
                assert.equal(error.name, "ConfigError");
                assert.ok(error instanceof Error);
                assert.equal(error.problems.length, 1, `problems: ${JSON.stringify(error.problems)}`);
                for (const pattern of c.says) {
                    assert.match(error.problems[0], pattern);
                }
                assert.ok(error.message.startsWith("Invalid intune provider configuration:\n  - "), error.message);
                assert.ok(error.message.includes(error.problems[0]));
            });
        }

        it("a certificate path that is a folder is rejected", () => {
            const error = configError({ tenantId: TENANT, clientId: CLIENT, clientCertificatePath: tmpDir });
            assert.match(error.problems.join("\n"), /intune:clientCertificatePath: no readable file/);
        });

        it("lists every problem at once", () => {
            const error = configError({ cloud: "mars", maxRetries: "x", logLevel: "debug", clientId: "nope" });
            assert.equal(error.problems.length, 4, JSON.stringify(error.problems));
            for (const key of ["intune:cloud", "intune:maxRetries", "intune:logLevel", "intune:clientId"]) {
                assert.ok(
                    error.problems.some((p) => p.startsWith(key)),
                    `no problem names ${key}`,
                );
            }
        });

        it("no ConfigError message contains a secret value", () => {
            const secrets = { accessToken: "AT-very-secret-1 with-space", clientSecret: "CS-very-secret-2", clientCertificatePassword: "CP-very-secret-3" };
            const variants: Array<{ config?: Record<string, unknown>; env?: NodeJS.ProcessEnv }> = [
                { config: { accessToken: secrets.accessToken, cloud: "mars", maxRetries: "-1" } },
                { config: { clientSecret: secrets.clientSecret, clientId: "bad", authorityHost: "http://x" } },
                { config: { clientCertificatePath: "/nonexistent.pem", clientCertificatePassword: secrets.clientCertificatePassword, tenantId: "?" } },
                {
                    env: {
                        INTUNE_ACCESS_TOKEN: secrets.accessToken,
                        AZURE_CLIENT_SECRET: secrets.clientSecret,
                        AZURE_CLIENT_CERTIFICATE_PASSWORD: secrets.clientCertificatePassword,
                        INTUNE_LOG_LEVEL: "loud",
                    },
                },
                { env: { ARM_CLIENT_SECRET: secrets.clientSecret, ARM_CLIENT_CERTIFICATE_PASSWORD: secrets.clientCertificatePassword } },
            ];
            for (const v of variants) {
                const error = configError(v.config ?? {}, v.env ?? {});
                const text = `${error.message}\n${error.problems.join("\n")}\n${error.stack ?? ""}`;
                for (const value of Object.values(secrets)) {
                    for (const part of value.split(" ")) {
                        assert.ok(!text.includes(part), `the message contains secret ${part}: ${error.message}`);
                    }
                }
            }
        });
    });

    it("skipRestoreOnDestroy: absent by default and when false; when true, it names the setting that said so", () => {
        assert.equal(resolve().skipRestoreOnDestroy, undefined);
        assert.equal(resolve({ skipRestoreOnDestroy: false }).skipRestoreOnDestroy, undefined);
        assert.deepEqual(resolve({ skipRestoreOnDestroy: true }).skipRestoreOnDestroy, { origin: "intune:skipRestoreOnDestroy" });
        assert.deepEqual(resolve({}, { INTUNE_SKIP_RESTORE_ON_DESTROY: "true" }).skipRestoreOnDestroy, {
            origin: "INTUNE_SKIP_RESTORE_ON_DESTROY (environment, for intune:skipRestoreOnDestroy)",
        });
    });

    it("the keys of other namespaces are not the provider's business", () => {
        assert.equal(resolveSettings(config({}), {}, ["intune-install-summaries:apps", "aws:region", "intunex:cloud"]).cloud, "public");
    });

    describe("graphBaseUrlOrigin names the setting that chose the Graph host (for connection failures)", () => {
        const cases: Array<{ name: string; config?: Record<string, unknown>; env?: NodeJS.ProcessEnv; origin: string }> = [
            { name: "the default cloud", origin: "intune:cloud (public)" },
            { name: "a cloud from config", config: { cloud: "china" }, origin: "intune:cloud (china)" },
            {
                name: "a cloud from ARM_ENVIRONMENT",
                env: { ARM_ENVIRONMENT: "usgovernment" },
                origin: "ARM_ENVIRONMENT (environment, for intune:cloud) (usgovernment)",
            },
            { name: "intune:graphEndpoint", config: { graphEndpoint: "http://127.0.0.1:8719" }, origin: "intune:graphEndpoint" },
            {
                name: "INTUNE_GRAPH_ENDPOINT",
                env: { INTUNE_GRAPH_ENDPOINT: "http://127.0.0.1:8719" },
                origin: "INTUNE_GRAPH_ENDPOINT (environment, for intune:graphEndpoint)",
            },
        ];
        for (const c of cases) {
            it(c.name, () => assert.equal(resolve(c.config, c.env).graphBaseUrlOrigin, c.origin));
        }
    });

    it("isConfigError rejects other errors", () => {
        assert.equal(isConfigError(new Error("x")), false);
        assert.equal(isConfigError({ name: "ConfigError", problems: [] }), false);
        assert.equal(isConfigError(new ConfigError(["p"])), true);
        assert.equal(isConfigError(Object.assign(new Error("x"), { name: "ConfigError" })), false, "without its problems");
        assert.equal(isConfigError(Object.assign(new Error("x"), { name: "ConfigError", problems: "p" })), false, "problems that are not a list");
        assert.equal(isConfigError(Object.assign(new Error("x"), { name: "ConfigError", problems: ["p"] })), true, "another copy of the module");
    });
});

describe("provider/config/settings OIDC (workload identity federation)", () => {
    const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmNvbnRvc28vaW5mcmEifQ.c2lnbmF0dXJl";
    const REQUEST_TOKEN = "gh-request-token-0123456789";
    const GITHUB_URL = "https://pipelines.actions.githubusercontent.com/abc/00000000/_apis/distributedtask/hubs/Actions/plans/1/jobs/2/idtoken?api-version=2.0";
    const app = { ARM_TENANT_ID: TENANT, ARM_CLIENT_ID: CLIENT };
    let tokenFile = "";

    before(() => {
        tokenFile = path.join(tmpDir, "federated-token");
        fs.writeFileSync(tokenFile, `${JWT}\n`);
    });

    const oidc = (s: Settings) => {
        assert.equal(s.credential.kind, "oidc", JSON.stringify(s.credential));
        return s.credential;
    };

    it("Pulumi Deployments / ESC azure-login: ARM_USE_OIDC, ARM_CLIENT_ID, ARM_TENANT_ID, ARM_OIDC_TOKEN", () => {
        const s = resolve({}, { ...app, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: JWT });
        assert.deepEqual(s.credential, {
            kind: "oidc",
            tenantId: TENANT,
            clientId: CLIENT,
            assertion: { from: "token", token: JWT },
            authorityHost: "https://login.microsoftonline.com",
            disableInstanceDiscovery: false,
        });
        assert.deepEqual(s.secrets, [JWT]);
    });

    it("intune:oidcToken alone selects OIDC (no intune:useOidc needed)", () => {
        assert.deepEqual(oidc(resolve({ tenantId: TENANT, clientId: CLIENT, oidcToken: JWT })).assertion, { from: "token", token: JWT });
    });

    it("ARM_OIDC_TOKEN_FILE_PATH selects the token file", () => {
        assert.deepEqual(oidc(resolve({}, { ...app, ARM_OIDC_TOKEN_FILE_PATH: tokenFile })).assertion, { from: "file", path: tokenFile });
    });

    it("Kubernetes workload identity: AZURE_FEDERATED_TOKEN_FILE with AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_AUTHORITY_HOST", () => {
        const c = oidc(
            resolve(
                {},
                {
                    AZURE_TENANT_ID: TENANT,
                    AZURE_CLIENT_ID: CLIENT,
                    AZURE_FEDERATED_TOKEN_FILE: tokenFile,
                    AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com/",
                },
            ),
        );
        assert.deepEqual(
            [c.assertion, c.authorityHost, c.disableInstanceDiscovery],
            [{ from: "file", path: tokenFile }, "https://login.microsoftonline.com", false],
        );
    });

    it("ARM_OIDC_TOKEN_FILE_PATH beats AZURE_FEDERATED_TOKEN_FILE", () => {
        const other = path.join(tmpDir, "other-token");
        fs.writeFileSync(other, JWT);
        assert.deepEqual(oidc(resolve({}, { ...app, ARM_OIDC_TOKEN_FILE_PATH: tokenFile, AZURE_FEDERATED_TOKEN_FILE: other })).assertion, {
            from: "file",
            path: tokenFile,
        });
    });

    it("GitHub Actions: ARM_USE_OIDC with ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN; the request token is a secret", () => {
        const s = resolve({}, { ...app, ARM_USE_OIDC: "true", ACTIONS_ID_TOKEN_REQUEST_URL: GITHUB_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN });
        assert.deepEqual(oidc(s).assertion, { from: "request", url: GITHUB_URL, requestToken: REQUEST_TOKEN });
        assert.deepEqual(s.secrets, [REQUEST_TOKEN]);
    });

    it("ARM_OIDC_REQUEST_URL and ARM_OIDC_REQUEST_TOKEN beat GitHub's own variables", () => {
        const url = "https://token.example.com/idtoken?api-version=2.0";
        const s = resolve(
            { useOidc: true },
            {
                ...app,
                ARM_OIDC_REQUEST_URL: url,
                ARM_OIDC_REQUEST_TOKEN: "arm-request-token-1",
                ACTIONS_ID_TOKEN_REQUEST_URL: GITHUB_URL,
                ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
            },
        );
        assert.deepEqual(oidc(s).assertion, { from: "request", url, requestToken: "arm-request-token-1" });
    });

    it("GitHub's variables alone do not select OIDC (GitHub sets them in every job allowed to request ID tokens), but are redacted", () => {
        const s = resolve({}, { ...app, ACTIONS_ID_TOKEN_REQUEST_URL: GITHUB_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN });
        assert.equal(s.credential.kind, "default");
        assert.deepEqual(s.secrets, [REQUEST_TOKEN]);
    });

    it("within OIDC: the token beats the file, the file beats the request", () => {
        const all = {
            ...app,
            ARM_USE_OIDC: "true",
            ARM_OIDC_TOKEN: JWT,
            ARM_OIDC_TOKEN_FILE_PATH: tokenFile,
            ACTIONS_ID_TOKEN_REQUEST_URL: GITHUB_URL,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
        };
        assert.equal(oidc(resolve({}, all)).assertion.from, "token");
        assert.equal(oidc(resolve({}, { ...all, ARM_OIDC_TOKEN: "" })).assertion.from, "file");
        assert.equal(oidc(resolve({}, { ...all, ARM_OIDC_TOKEN: "", ARM_OIDC_TOKEN_FILE_PATH: "" })).assertion.from, "request");
    });

    it("a client secret or certificate beats OIDC; an access token beats everything", () => {
        const env = { ...app, ARM_USE_OIDC: "true", ARM_OIDC_TOKEN: JWT };
        assert.equal(resolve({ clientSecret: "s3cret-value" }, env).credential.kind, "clientSecret");
        assert.equal(resolve({ clientCertificatePath: certificatePath }, env).credential.kind, "clientCertificate");
        assert.equal(resolve({ accessToken: "tok-123456" }, env).credential.kind, "accessToken");
    });

    it("useOidc false never uses OIDC, even with a token; 1/0 and any case are accepted", () => {
        assert.equal(resolve({ useOidc: "false" }, { ...app, ARM_OIDC_TOKEN: JWT }).credential.kind, "default");
        assert.equal(resolve({}, { ...app, ARM_USE_OIDC: "0", AZURE_FEDERATED_TOKEN_FILE: tokenFile }).credential.kind, "default");
        assert.equal(resolve({ useOidc: "TRUE", oidcToken: JWT }, app).credential.kind, "oidc");
        assert.equal(resolve({ useOidc: 1, oidcToken: JWT }, app).credential.kind, "oidc");
        assert.equal(resolve({ useOidc: true, oidcToken: JWT }, app).credential.kind, "oidc");
    });

    describe("invalid OIDC configuration → ConfigError naming the key, never a token", () => {
        const cases: Array<{ name: string; config?: Record<string, unknown>; env?: NodeJS.ProcessEnv; says: RegExp }> = [
            { name: "useOidc not a boolean", config: { useOidc: "yes" }, says: /intune:useOidc: "yes" is not allowed; use true or false\./ },
            {
                name: "useOidc without any token source",
                env: { ...app, ARM_USE_OIDC: "true" },
                says: /ARM_USE_OIDC \(environment, for intune:useOidc\) is true, but no federated token is available: .*permissions: id-token: write/,
            },
            {
                name: "OIDC without tenant and client",
                config: { oidcToken: JWT },
                says: /intune:oidcToken is set, so intune:tenantId \(or AZURE_TENANT_ID\) and intune:clientId \(or AZURE_CLIENT_ID\) must be set too\./,
            },
            {
                name: "useOidc without client",
                config: { useOidc: "true", oidcToken: JWT, tenantId: TENANT },
                says: /intune:useOidc = true is set, so intune:clientId/,
            },
            {
                name: "token with spaces",
                config: { oidcToken: `${JWT} trailing-part-x` },
                env: app,
                says: /intune:oidcToken: must be the federated token \(a JWT\) alone/,
            },
            {
                name: "token file missing",
                env: { ...app, ARM_OIDC_TOKEN_FILE_PATH: "/nonexistent/token" },
                says: /ARM_OIDC_TOKEN_FILE_PATH \(environment, for intune:oidcTokenFilePath\): no readable file at "\/nonexistent\/token"/,
            },
            {
                name: "request URL without request token",
                config: { useOidc: "true", oidcRequestUrl: GITHUB_URL },
                env: app,
                says: /intune:oidcRequestUrl is set, so intune:oidcRequestToken .* must be set too\./,
            },
            {
                name: "request token without request URL",
                config: { useOidc: "true", oidcRequestToken: REQUEST_TOKEN },
                env: app,
                says: /intune:oidcRequestToken is set, so intune:oidcRequestUrl .* must be set too\./,
            },
            {
                name: "request URL over http",
                config: { useOidc: "true", oidcRequestUrl: "http://token.example.com/x", oidcRequestToken: REQUEST_TOKEN },
                env: app,
                says: /intune:oidcRequestUrl: not a valid https URL/,
            },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const error = configError(c.config ?? {}, c.env ?? {});
                assert.equal(error.problems.length, 1, JSON.stringify(error.problems));
                assert.match(error.problems[0], c.says);
                for (const secretValue of [JWT, "trailing-part-x", REQUEST_TOKEN]) {
                    assert.ok(!error.message.includes(secretValue), `the message contains a secret: ${error.message}`);
                }
            });
        }
    });
});

describe("provider/config: edges of the settings", () => {
    it("ConfigError lists each problem on a line of its own; the type guard knows it by name and problems", () => {
        const error = new ConfigError(["intune:a: bad.", "intune:b: worse."]);
        assert.equal(error.message, "Invalid intune provider configuration:\n  - intune:a: bad.\n  - intune:b: worse.");
        assert.ok(isConfigError(error));
        assert.ok(!isConfigError(new Error("x")));
        assert.ok(!isConfigError(Object.assign(new Error("x"), { name: "ConfigError" })), "a ConfigError has its problems");
        assert.ok(!isConfigError({ name: "ConfigError", problems: [] }), "a ConfigError is an Error");
    });

    for (const [key, value] of [
        ["tenantId", `x${TENANT}`],
        ["tenantId", `${TENANT}x`],
        ["tenantId", "!contoso.com"],
        ["tenantId", "contoso.com!"],
        ["clientId", `x${CLIENT}`],
        ["clientId", `${CLIENT}x`],
    ]) {
        it(`intune:${key} ${JSON.stringify(value)} is rejected`, () => {
            const problems = configError({ [key]: value, tenantId: TENANT, clientId: CLIENT, clientSecret: "s", ...{ [key]: value } }).problems;
            assert.equal(problems.length, 1, problems.join("\n"));
            assert.match(problems[0], new RegExp(`^intune:${key}: `));
        });
    }

    it('the access token given with "Bearer " is a secret both ways, each once', () => {
        assert.deepEqual(resolve({ accessToken: "Bearer tok-123456" }).secrets, ["Bearer tok-123456", "tok-123456"]);
    });

    it("OIDC chosen by its token names the token's origin when the app is missing, and reports a bad token once", () => {
        const problems = configError({}, { ARM_OIDC_TOKEN: "not one word" }).problems;
        assert.deepEqual(problems, [
            "ARM_OIDC_TOKEN (environment, for intune:oidcToken) is set, so intune:tenantId (or AZURE_TENANT_ID) and intune:clientId (or AZURE_CLIENT_ID) must be set too.",
            "ARM_OIDC_TOKEN (environment, for intune:oidcToken): must be the federated token (a JWT) alone, one word without spaces.",
        ]);
    });

    it("OIDC chosen by its token file names the file's origin when the app is missing", () => {
        const file = path.join(os.tmpdir(), `oidc-token-${process.pid}`);
        fs.writeFileSync(file, "header.payload.signature");
        try {
            assert.deepEqual(configError({}, { AZURE_FEDERATED_TOKEN_FILE: file }).problems, [
                "AZURE_FEDERATED_TOKEN_FILE (environment, for intune:oidcTokenFilePath) is set, so intune:tenantId (or AZURE_TENANT_ID) and intune:clientId (or AZURE_CLIENT_ID) must be set too.",
            ]);
        } finally {
            fs.rmSync(file, { force: true });
        }
    });

    it("intune:useOidc true with no federated token says where one can come from", () => {
        assert.deepEqual(configError({ useOidc: "true", tenantId: TENANT, clientId: CLIENT }).problems, [
            "intune:useOidc is true, but no federated token is available: set intune:oidcToken (or ARM_OIDC_TOKEN), " +
                "intune:oidcTokenFilePath (or ARM_OIDC_TOKEN_FILE_PATH), or intune:oidcRequestUrl with intune:oidcRequestToken. " +
                "In GitHub Actions, give the job `permissions: id-token: write`: GitHub then sets ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN.",
        ]);
    });
});
