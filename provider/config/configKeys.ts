/**
 * The one table of the provider's configuration keys. Each row is one key: read from stack config
 * `intune:<key>` (the dynamic provider's `configure`), else from the first environment variable of
 * `env` that is set, else `default`, then parsed by its `parse`. The README's configuration table,
 * the check for unknown keys, the secrets to redact and the typed {@link KeySettings} are derived
 * from it: a new key is one row here (plus, for a key that is not a setting of its own, the code
 * that uses it).
 */
import { LOG_LEVELS } from "../log/log";
import { closestMatch } from "../model/suggest";
import { VERIFY_MODES } from "../operations/operationContext";
import { CLOUD_NAMES } from "./clouds";
import { Parser, ValueType, anyText, baseUrl, httpsRequestUrl, matching, oneOf, oneWord, readableFile, trueOrFalse, wholeNumber } from "./parsers";

/** One provider configuration key as the docs list it. */
export interface ConfigKey {
    key: string;
    env: readonly string[];
    secret: boolean;
    default?: string;
    description: string;
    /** The kind of value, from the key's parser: how the plugin's schema types it. */
    type: ValueType;
}

/** One row of the table: a key (named by its property in {@link ROWS}) with its parser. */
interface Row<T, Setting extends boolean, Default extends string | undefined> extends Omit<ConfigKey, "key" | "default" | "type"> {
    default: Default;
    parse: Parser<T>;
    /**
     * `always`: an invalid value fails the configuration. `whenUsed`: only when the credential
     * chosen uses the key (a certificate path that is not a file does not matter while a client
     * secret is given).
     */
    checked: "always" | "whenUsed";
    /** True when the value is the `Settings` property of the same name, as it is. */
    setting: Setting;
}

function row<T, const Setting extends boolean = false, const Default extends string | undefined = undefined>(spec: {
    env: readonly string[];
    secret?: boolean;
    default?: Default;
    description: string;
    parse: Parser<T>;
    checked?: "always" | "whenUsed";
    setting?: Setting;
}): Row<T, Setting, Default> {
    return {
        env: spec.env,
        secret: spec.secret ?? false,
        default: spec.default as Default,
        description: spec.description,
        parse: spec.parse,
        checked: spec.checked ?? "always",
        setting: (spec.setting ?? false) as Setting,
    };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9.-]*\.[a-z]{2,}|organizations|common)$/i;

/** Every configuration key, in the order the README documents them. */
const ROWS = {
    cloud: row({
        env: ["INTUNE_CLOUD", "ARM_ENVIRONMENT"],
        default: "public",
        description: `National cloud: ${CLOUD_NAMES.join(", ")}. Picks the Graph host, the sign-in host and the token scope together.`,
        parse: oneOf(CLOUD_NAMES),
        setting: true,
    }),
    graphEndpoint: row({
        env: ["INTUNE_GRAPH_ENDPOINT"],
        description: "Graph root URL override, e.g. a local emulator http://127.0.0.1:8719. The token scope still follows intune:cloud.",
        parse: baseUrl(["http:", "https:"], "http://127.0.0.1:8719"),
    }),
    apiVersion: row({
        env: ["INTUNE_API_VERSION"],
        default: "beta",
        description: "Graph API version in the path: beta or v1.0.",
        parse: oneOf(["beta", "v1.0"] as const),
        setting: true,
    }),
    accessToken: row({
        env: ["INTUNE_ACCESS_TOKEN"],
        secret: true,
        description: "A ready bearer token for Graph; skips @azure/identity. It is not renewed.",
        // The token as sent: without a "Bearer " prefix the user may have given.
        parse: oneWord("the bearer token", (text) => text.replace(/^Bearer\s+/i, "")),
    }),
    tenantId: row({
        env: ["AZURE_TENANT_ID", "ARM_TENANT_ID"],
        description: "Directory (tenant) id or domain for sign-in.",
        parse: matching(TENANT, "is not a tenant; use the directory id (a GUID) or a domain such as contoso.onmicrosoft.com."),
    }),
    clientId: row({
        env: ["AZURE_CLIENT_ID", "ARM_CLIENT_ID"],
        description: "Application (client) id of the app registration, or of a user-assigned managed identity.",
        parse: matching(GUID, "is not an application (client) id; use the GUID shown on the app registration's overview."),
    }),
    clientSecret: row({
        env: ["AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET"],
        secret: true,
        description: "Client secret of the app registration (ClientSecretCredential).",
        parse: anyText,
    }),
    clientCertificatePath: row({
        env: ["AZURE_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PATH"],
        description: "PEM file with the certificate and private key of the app registration (ClientCertificateCredential).",
        parse: readableFile("give the path of a PEM file holding the certificate and its private key"),
        checked: "whenUsed",
    }),
    clientCertificatePassword: row({
        env: ["AZURE_CLIENT_CERTIFICATE_PASSWORD", "ARM_CLIENT_CERTIFICATE_PASSWORD"],
        secret: true,
        description: "Password of the certificate's private key, if it has one.",
        parse: anyText,
    }),
    authorityHost: row({
        env: ["AZURE_AUTHORITY_HOST"],
        description: "Sign-in host override (https). Defaults to the cloud's; instance discovery is skipped for hosts that are not a cloud's.",
        parse: baseUrl(["https:"], "https://login.microsoftonline.com"),
    }),
    useOidc: row({
        env: ["ARM_USE_OIDC"],
        description:
            "Sign in with a federated OIDC token (workload identity federation, ClientAssertionCredential): true or false. Unset: used when intune:oidcToken or intune:oidcTokenFilePath has a value. true also allows the token request of intune:oidcRequestUrl; false never uses OIDC.",
        parse: trueOrFalse,
    }),
    oidcToken: row({
        env: ["ARM_OIDC_TOKEN"],
        secret: true,
        description: "The federated OIDC token (a JWT) itself, as Pulumi Deployments and Pulumi ESC's azure-login provide it.",
        parse: oneWord("the federated token (a JWT)"),
        checked: "whenUsed",
    }),
    oidcTokenFilePath: row({
        env: ["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"],
        description: "A file holding the federated OIDC token, read again at every sign-in (Kubernetes workload identity rotates it).",
        parse: readableFile("give the path of the file that holds the federated token"),
        checked: "whenUsed",
    }),
    oidcRequestUrl: row({
        env: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"],
        description:
            "GitHub Actions: the https URL to request the federated token from, with audience api://AzureADTokenExchange. Used only when intune:useOidc is true.",
        parse: httpsRequestUrl,
        checked: "whenUsed",
    }),
    oidcRequestToken: row({
        env: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
        secret: true,
        description: "GitHub Actions: the bearer token for intune:oidcRequestUrl.",
        parse: anyText,
    }),
    requestTimeoutMs: row({
        env: ["INTUNE_REQUEST_TIMEOUT_MS"],
        default: "30000",
        description: "Longest wait for one Graph answer before the attempt counts as failed (and is retried).",
        parse: wholeNumber(1, 3_600_000),
        setting: true,
    }),
    operationTimeoutMs: row({
        env: ["INTUNE_OPERATION_TIMEOUT_MS"],
        default: "120000",
        description: "Longest one Graph call may take with its retries and throttle waits; a Retry-After beyond it fails at once.",
        parse: wholeNumber(1, 86_400_000),
        setting: true,
    }),
    maxRetries: row({
        env: ["INTUNE_MAX_RETRIES"],
        default: "6",
        description: "Retries of a Graph call after 429, 500, 502, 503, 504, a timeout or a connection failure.",
        parse: wholeNumber(0, 100),
        setting: true,
    }),
    writeVerification: row({
        env: ["INTUNE_WRITE_VERIFICATION"],
        default: "error",
        description: "After a PATCH, compare the read-back with the declared values: error (fail, naming each field), warn (log and go on), off.",
        parse: oneOf(VERIFY_MODES),
        setting: true,
    }),
    verifyTimeoutMs: row({
        env: ["INTUNE_VERIFY_TIMEOUT_MS"],
        default: "5000",
        description: "How long write verification re-reads while the read-back still differs (eventual consistency).",
        parse: wholeNumber(0, 600_000),
        setting: true,
    }),
    skipRestoreOnDestroy: row({
        env: ["INTUNE_SKIP_RESTORE_ON_DESTROY"],
        default: "false",
        description:
            "true: destroy removes resources that have restoreOnDestroy without restoring their values (each delete warns, naming the values it leaves as they are). The way out when the values cannot be written back.",
        parse: trueOrFalse,
    }),
    writesPerWindow: row({
        env: ["INTUNE_WRITES_PER_WINDOW"],
        default: "100",
        description:
            "Write pacing starts from this many PATCH requests per window for all resources of the deployment together (Intune documents 100 per 20 s per app), then follows Graph's 429s: down to what the tenant accepts, back up to this. 0 turns pacing off.",
        parse: wholeNumber(0, 100_000),
        setting: true,
    }),
    writeWindowMs: row({
        env: ["INTUNE_WRITE_WINDOW_MS"],
        default: "20000",
        description: "The window of intune:writesPerWindow, where pacing starts; a 429's Retry-After may shorten it.",
        parse: wholeNumber(1, 3_600_000),
        setting: true,
    }),
    maxSockets: row({
        env: ["INTUNE_MAX_SOCKETS"],
        default: "50",
        description: "Most concurrent connections to the Graph host (one keep-alive pool per deployment).",
        parse: wholeNumber(1, 10_000),
        setting: true,
    }),
    batchReads: row({
        env: ["INTUNE_BATCH_READS"],
        default: "true",
        description:
            "Coalesce concurrent GETs (refresh, the read before each create, export) into Graph JSON batches of up to 20 (POST /$batch): true or false. Graph answering 400 or 404 to $batch turns it off for the run, said once in the log.",
        parse: trueOrFalse,
        setting: true,
    }),
    batchWindowMs: row({
        env: ["INTUNE_BATCH_WINDOW_MS"],
        default: "50",
        description:
            "Longest a GET waits for others to join its batch; a full batch of 20 leaves at once. While reads are few (a window ended with fewer than 10), GETs go out at once until 20 are under way.",
        parse: wholeNumber(0, 10_000),
        setting: true,
    }),
    logLevel: row({
        env: ["INTUNE_LOG_LEVEL"],
        default: "info",
        description: `Provider log lines on stderr, shown by Pulumi: ${LOG_LEVELS.join(", ")}. verbose traces every HTTP exchange (Authorization redacted).`,
        parse: oneOf(LOG_LEVELS),
        setting: true,
    }),
};

type Rows = typeof ROWS;

/** The name of one configuration key (without `intune:`). */
export type KeyName = keyof Rows;

/** The value of key `K`: its parser's, or undefined when the key is unset and has no default. */
export type KeyValueOf<K extends KeyName> = Rows[K] extends Row<infer T, boolean, infer Default> ? (Default extends string ? T : T | undefined) : never;

/** The keys whose value is the `Settings` property of the same name. */
type SettingKey = { [K in KeyName]: Rows[K]["setting"] extends true ? K : never }[KeyName];

/** The settings that are one key each, typed by their rows. */
export type KeySettings = { [K in SettingKey]: KeyValueOf<K> };

/** Every configuration key, in the order the README documents them. */
export const CONFIG_KEYS: readonly ConfigKey[] = Object.entries(ROWS).map(([key, { env, secret, default: byDefault, description, parse }]) => ({
    key,
    env,
    secret,
    ...(byDefault === undefined ? {} : { default: byDefault }),
    description,
    type: parse.valueType,
}));

/** Reads one stack config value (`intune:<key>`); undefined when unset. */
export type ConfigSource = (fullKey: string) => unknown;

/** One key as read. */
export interface KeyReading<T> {
    value: T;
    /** Where it came from, for messages: `intune:cloud`, or `INTUNE_CLOUD (environment, for intune:cloud)`; `intune:<key>` for a default or an unset key. */
    origin: string;
    /** The trimmed text that was set (or the default); undefined when unset without a default. */
    text?: string;
    /** What is wrong with the text; reported according to the row's `checked`. */
    problem?: string;
    /** The row's `checked`, `secret` and `setting`. */
    checked: "always" | "whenUsed";
    secret: boolean;
    setting: boolean;
}

/** Every key as read. */
export type KeyReadings = { [K in KeyName]: KeyReading<KeyValueOf<K>> };

/** The raw text of `key` and where it came from: stack config, else the environment, else the default. */
function readRaw(
    key: string,
    entry: Row<unknown, boolean, string | undefined>,
    config: ConfigSource,
    env: NodeJS.ProcessEnv,
): { value: string; origin: string } | undefined {
    const fromConfig = config(`intune:${key}`);
    if (fromConfig !== undefined && fromConfig !== null && fromConfig !== "") {
        return { value: typeof fromConfig === "string" ? fromConfig : JSON.stringify(fromConfig), origin: `intune:${key}` };
    }
    for (const name of entry.env) {
        const fromEnv = env[name];
        if (fromEnv !== undefined && fromEnv !== "") {
            return { value: fromEnv, origin: `${name} (environment, for intune:${key})` };
        }
    }
    return entry.default === undefined ? undefined : { value: entry.default, origin: `intune:${key}` };
}

/**
 * Reads and parses every key from stack config and environment. A value that does not parse
 * keeps its problem, and the key's default takes its place when it has one.
 */
export function readKeys(config: ConfigSource, env: NodeJS.ProcessEnv): KeyReadings {
    const readings: Record<string, KeyReading<unknown>> = {};
    for (const [key, entry] of Object.entries(ROWS) as Array<[KeyName, Row<unknown, boolean, string | undefined>]>) {
        const raw = readRaw(key, entry, config, env);
        const common = { origin: raw?.origin ?? `intune:${key}`, checked: entry.checked, secret: entry.secret, setting: entry.setting };
        if (raw === undefined) {
            readings[key] = { ...common, value: undefined };
            continue;
        }
        const text = raw.value.trim();
        const parsed = entry.parse(text, raw.origin);
        const value = parsed.value ?? (entry.default === undefined ? undefined : entry.parse(entry.default, common.origin).value);
        readings[key] = { ...common, value, text, ...(parsed.problem === undefined ? {} : { problem: parsed.problem }) };
    }
    return readings as KeyReadings;
}

/** A problem for each `intune:` key of `keys` (the stack config's, all namespaces) that is not a configuration key, with a did-you-mean. */
export function unknownKeyProblems(keys: readonly string[]): string[] {
    const known = CONFIG_KEYS.map((k) => k.key);
    return keys
        .filter((key) => key.startsWith("intune:") && !known.includes(key.slice("intune:".length)))
        .map((key) => {
            const near = closestMatch(key.slice("intune:".length), known);
            return near
                ? `${key}: no such key; did you mean intune:${near}?`
                : `${key}: no such key; the keys are ${known.map((k) => `intune:${k}`).join(", ")}.`;
        });
}
