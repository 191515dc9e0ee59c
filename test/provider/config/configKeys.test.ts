import { strict as assert } from "node:assert";
import { CONFIG_KEYS, ConfigSource, KeyName, readKeys } from "../../../provider/config/configKeys";

/**
 * The environment fallbacks and defaults of every key, written out: they are the public contract
 * (docs/ and DESIGN.md list them), so a change to one must be a change to this table too.
 */
const CONTRACT: ReadonlyArray<[key: KeyName, env: string[], byDefault: string | undefined]> = [
    ["cloud", ["INTUNE_CLOUD", "ARM_ENVIRONMENT"], "public"],
    ["graphEndpoint", ["INTUNE_GRAPH_ENDPOINT"], undefined],
    ["apiVersion", ["INTUNE_API_VERSION"], "beta"],
    ["accessToken", ["INTUNE_ACCESS_TOKEN"], undefined],
    ["tenantId", ["AZURE_TENANT_ID", "ARM_TENANT_ID"], undefined],
    ["clientId", ["AZURE_CLIENT_ID", "ARM_CLIENT_ID"], undefined],
    ["clientSecret", ["AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET"], undefined],
    ["clientCertificatePath", ["AZURE_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PATH"], undefined],
    ["clientCertificatePassword", ["AZURE_CLIENT_CERTIFICATE_PASSWORD", "ARM_CLIENT_CERTIFICATE_PASSWORD"], undefined],
    ["authorityHost", ["AZURE_AUTHORITY_HOST"], undefined],
    ["useOidc", ["ARM_USE_OIDC"], undefined],
    ["oidcToken", ["ARM_OIDC_TOKEN"], undefined],
    ["oidcTokenFilePath", ["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"], undefined],
    ["oidcRequestUrl", ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"], undefined],
    ["oidcRequestToken", ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"], undefined],
    ["requestTimeoutMs", ["INTUNE_REQUEST_TIMEOUT_MS"], "30000"],
    ["operationTimeoutMs", ["INTUNE_OPERATION_TIMEOUT_MS"], "120000"],
    ["maxRetries", ["INTUNE_MAX_RETRIES"], "6"],
    ["writeVerification", ["INTUNE_WRITE_VERIFICATION"], "error"],
    ["verifyTimeoutMs", ["INTUNE_VERIFY_TIMEOUT_MS"], "5000"],
    ["skipRestoreOnDestroy", ["INTUNE_SKIP_RESTORE_ON_DESTROY"], "false"],
    ["writesPerWindow", ["INTUNE_WRITES_PER_WINDOW"], "100"],
    ["writeWindowMs", ["INTUNE_WRITE_WINDOW_MS"], "20000"],
    ["maxSockets", ["INTUNE_MAX_SOCKETS"], "50"],
    ["batchReads", ["INTUNE_BATCH_READS"], "true"],
    ["batchWindowMs", ["INTUNE_BATCH_WINDOW_MS"], "50"],
    ["logLevel", ["INTUNE_LOG_LEVEL"], "info"],
];

/** A stack config with keys given without the `intune:` prefix. */
function config(values: Record<string, unknown> = {}): ConfigSource {
    return (fullKey) => values[fullKey.slice("intune:".length)];
}

describe("provider/config/configKeys", () => {
    it("the table has exactly the keys of the contract, in its order", () => {
        assert.deepEqual(
            CONFIG_KEYS.map((k) => k.key),
            CONTRACT.map(([key]) => key),
        );
    });

    describe("each key: its environment fallbacks in order, its default, and a description", () => {
        for (const [key, env, byDefault] of CONTRACT) {
            it(`intune:${key}`, () => {
                const documented = CONFIG_KEYS.find((k) => k.key === key)!;
                assert.deepEqual(documented.env, env);
                assert.equal(documented.default, byDefault);
                assert.equal("default" in documented, byDefault !== undefined, "a key without a default has no default property");
                assert.match(documented.description, /^\S.{19,}\.$/s, "a description is at least a short sentence");
                for (const [index, name] of env.entries()) {
                    // Every later variable is set too: the first one set wins.
                    const environment = Object.fromEntries(env.slice(index).map((n) => [n, `  value-of-${n}  `]));
                    const reading = readKeys(config(), environment)[key];
                    assert.equal(reading.origin, `${name} (environment, for intune:${key})`);
                    assert.equal(reading.text, `value-of-${name}`, "the text is trimmed");
                }
            });
        }
    });

    it("stack config wins over the environment; an empty config value counts as unset", () => {
        const env = { INTUNE_API_VERSION: "v1.0" };
        assert.equal(readKeys(config({ apiVersion: "beta" }), env).apiVersion.origin, "intune:apiVersion");
        assert.equal(readKeys(config({ apiVersion: "" }), env).apiVersion.origin, "INTUNE_API_VERSION (environment, for intune:apiVersion)");
        assert.equal(readKeys(config({ apiVersion: null }), env).apiVersion.value, "v1.0");
    });

    it("an unset key without a default reads as undefined, named by its key, with no text and no problem", () => {
        const reading = readKeys(config(), {}).graphEndpoint;
        assert.deepEqual(reading, { origin: "intune:graphEndpoint", value: undefined, checked: "always", secret: false, setting: reading.setting });
    });

    it("a valid value has no problem property; an invalid one names its origin and falls back to the default", () => {
        const valid = readKeys(config({ maxRetries: "3" }), {}).maxRetries;
        assert.equal(valid.value, 3);
        assert.ok(!("problem" in valid), "no problem property on a valid value");
        const invalid = readKeys(config(), { INTUNE_MAX_RETRIES: "many" }).maxRetries;
        assert.equal(invalid.value, 6, "the default takes the place of the invalid value");
        assert.match(invalid.problem ?? "", /^INTUNE_MAX_RETRIES \(environment, for intune:maxRetries\): /);
    });
});
