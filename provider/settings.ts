import * as fs from "node:fs";
import { CLOUDS, CLOUD_NAMES, CloudName, graphScope, isKnownAuthorityHost } from "./clouds";
import { ProxyConfig, readProxyEnvironment } from "./graph/proxy";
import { LOG_LEVELS, LogLevel } from "./log";
import { closestMatch } from "./suggest";

/**
 * One provider configuration key: read from stack config `intune:<key>` (the dynamic provider's
 * `configure`), else from the first environment variable of `env` that is set, else `default`.
 * The README's configuration table is tested against this list.
 */
export interface ConfigKey {
    key: string;
    env: readonly string[];
    secret: boolean;
    default?: string;
    description: string;
}

/** Every configuration key, in the order the README documents them. */
export const CONFIG_KEYS: readonly ConfigKey[] = [
    {
        key: "cloud",
        env: ["INTUNE_CLOUD", "ARM_ENVIRONMENT"],
        secret: false,
        default: "public",
        description: `National cloud: ${CLOUD_NAMES.join(", ")}. Picks the Graph host, the sign-in host and the token scope together.`,
    },
    {
        key: "graphEndpoint",
        env: ["INTUNE_GRAPH_ENDPOINT"],
        secret: false,
        description: "Graph root URL override, e.g. a local emulator http://127.0.0.1:8719. The token scope still follows intune:cloud.",
    },
    { key: "apiVersion", env: ["INTUNE_API_VERSION"], secret: false, default: "beta", description: "Graph API version in the path: beta or v1.0." },
    {
        key: "accessToken",
        env: ["INTUNE_ACCESS_TOKEN"],
        secret: true,
        description: "A ready bearer token for Graph; skips @azure/identity. It is not renewed.",
    },
    { key: "tenantId", env: ["AZURE_TENANT_ID", "ARM_TENANT_ID"], secret: false, description: "Directory (tenant) id or domain for sign-in." },
    {
        key: "clientId",
        env: ["AZURE_CLIENT_ID", "ARM_CLIENT_ID"],
        secret: false,
        description: "Application (client) id of the app registration, or of a user-assigned managed identity.",
    },
    {
        key: "clientSecret",
        env: ["AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET"],
        secret: true,
        description: "Client secret of the app registration (ClientSecretCredential).",
    },
    {
        key: "clientCertificatePath",
        env: ["AZURE_CLIENT_CERTIFICATE_PATH", "ARM_CLIENT_CERTIFICATE_PATH"],
        secret: false,
        description: "PEM file with the certificate and private key of the app registration (ClientCertificateCredential).",
    },
    {
        key: "clientCertificatePassword",
        env: ["AZURE_CLIENT_CERTIFICATE_PASSWORD", "ARM_CLIENT_CERTIFICATE_PASSWORD"],
        secret: true,
        description: "Password of the certificate's private key, if it has one.",
    },
    {
        key: "authorityHost",
        env: ["AZURE_AUTHORITY_HOST"],
        secret: false,
        description: "Sign-in host override (https). Defaults to the cloud's; instance discovery is skipped for hosts that are not a cloud's.",
    },
    {
        key: "useOidc",
        env: ["ARM_USE_OIDC"],
        secret: false,
        description:
            "Sign in with a federated OIDC token (workload identity federation, ClientAssertionCredential): true or false. Unset: used when intune:oidcToken or intune:oidcTokenFilePath has a value. true also allows the token request of intune:oidcRequestUrl; false never uses OIDC.",
    },
    {
        key: "oidcToken",
        env: ["ARM_OIDC_TOKEN"],
        secret: true,
        description: "The federated OIDC token (a JWT) itself, as Pulumi Deployments and Pulumi ESC's azure-login provide it.",
    },
    {
        key: "oidcTokenFilePath",
        env: ["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"],
        secret: false,
        description: "A file holding the federated OIDC token, read again at every sign-in (Kubernetes workload identity rotates it).",
    },
    {
        key: "oidcRequestUrl",
        env: ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"],
        secret: false,
        description:
            "GitHub Actions: the https URL to request the federated token from, with audience api://AzureADTokenExchange. Used only when intune:useOidc is true.",
    },
    {
        key: "oidcRequestToken",
        env: ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"],
        secret: true,
        description: "GitHub Actions: the bearer token for intune:oidcRequestUrl.",
    },
    {
        key: "requestTimeoutMs",
        env: ["INTUNE_REQUEST_TIMEOUT_MS"],
        secret: false,
        default: "30000",
        description: "Longest wait for one Graph answer before the attempt counts as failed (and is retried).",
    },
    {
        key: "operationTimeoutMs",
        env: ["INTUNE_OPERATION_TIMEOUT_MS"],
        secret: false,
        default: "120000",
        description: "Longest one Graph call may take with its retries and throttle waits; a Retry-After beyond it fails at once.",
    },
    {
        key: "maxRetries",
        env: ["INTUNE_MAX_RETRIES"],
        secret: false,
        default: "6",
        description: "Retries of a Graph call after 429, 500, 502, 503, 504, a timeout or a connection failure.",
    },
    {
        key: "writeVerification",
        env: ["INTUNE_WRITE_VERIFICATION"],
        secret: false,
        default: "error",
        description: "After a PATCH, compare the read-back with the declared values: error (fail, naming each field), warn (log and go on), off.",
    },
    {
        key: "verifyTimeoutMs",
        env: ["INTUNE_VERIFY_TIMEOUT_MS"],
        secret: false,
        default: "5000",
        description: "How long write verification re-reads while the read-back still differs (eventual consistency).",
    },
    {
        key: "skipRestoreOnDestroy",
        env: ["INTUNE_SKIP_RESTORE_ON_DESTROY"],
        secret: false,
        default: "false",
        description:
            "true: destroy removes resources that have restoreOnDestroy without restoring their values (each delete warns, naming the values it leaves as they are). The way out when the values cannot be written back.",
    },
    {
        key: "writesPerWindow",
        env: ["INTUNE_WRITES_PER_WINDOW"],
        secret: false,
        default: "100",
        description:
            "Write pacing: PATCH requests allowed per window by all resources of the deployment together (Intune: 100 per 20 s per app). 0 turns pacing off.",
    },
    { key: "writeWindowMs", env: ["INTUNE_WRITE_WINDOW_MS"], secret: false, default: "20000", description: "The window of intune:writesPerWindow." },
    {
        key: "maxSockets",
        env: ["INTUNE_MAX_SOCKETS"],
        secret: false,
        default: "50",
        description: "Most concurrent connections to the Graph host (one keep-alive pool per deployment).",
    },
    {
        key: "logLevel",
        env: ["INTUNE_LOG_LEVEL"],
        secret: false,
        default: "info",
        description: `Provider log lines on stderr, shown by Pulumi: ${LOG_LEVELS.join(", ")}. verbose traces every HTTP exchange (Authorization redacted).`,
    },
];

/** What a write that Graph accepted but did not apply does (`intune:writeVerification`): fail, warn, or nothing. */
export type WriteVerification = "error" | "warn" | "off";

/** How to obtain tokens. */
export type CredentialSettings =
    | { kind: "accessToken"; token: string }
    | { kind: "clientSecret"; tenantId: string; clientId: string; clientSecret: string; authorityHost: string; disableInstanceDiscovery: boolean }
    | {
          kind: "clientCertificate";
          tenantId: string;
          clientId: string;
          certificatePath: string;
          certificatePassword?: string;
          authorityHost: string;
          disableInstanceDiscovery: boolean;
      }
    | {
          kind: "oidc";
          tenantId: string;
          clientId: string;
          /** Where each sign-in gets the federated token it presents as the client assertion. */
          assertion: OidcAssertionSource;
          authorityHost: string;
          disableInstanceDiscovery: boolean;
      }
    | { kind: "default"; tenantId?: string; clientId?: string; authorityHost: string; disableInstanceDiscovery: boolean };

/**
 * Where a federated OIDC token comes from, in the order they are preferred: the token itself
 * (`intune:oidcToken`), a file holding it (`intune:oidcTokenFilePath`), or a request to an ID token
 * endpoint such as GitHub Actions' (`intune:oidcRequestUrl` with `intune:oidcRequestToken`).
 */
export type OidcAssertionSource = { from: "token"; token: string } | { from: "file"; path: string } | { from: "request"; url: string; requestToken: string };

/** The resolved configuration of the provider. */
export interface Settings {
    cloud: CloudName;
    /** Graph root without version. */
    graphBaseUrl: string;
    /**
     * The setting that chose `graphBaseUrl`, for messages about connection failures:
     * `intune:graphEndpoint`, `INTUNE_GRAPH_ENDPOINT (environment, for intune:graphEndpoint)`, or
     * the cloud, e.g. `intune:cloud (public)`.
     */
    graphBaseUrlOrigin: string;
    apiVersion: string;
    scope: string;
    credential: CredentialSettings;
    requestTimeoutMs: number;
    operationTimeoutMs: number;
    maxRetries: number;
    writeVerification: WriteVerification;
    verifyTimeoutMs: number;
    /** Present when destroy does not restore values (`intune:skipRestoreOnDestroy` true); `origin` names the setting, for the warning. */
    skipRestoreOnDestroy?: { origin: string };
    writesPerWindow: number;
    writeWindowMs: number;
    maxSockets: number;
    logLevel: LogLevel;
    /**
     * The proxy of Graph requests, from `HTTPS_PROXY`, `ALL_PROXY`, `HTTP_PROXY` and `NO_PROXY`
     * (`./graph/proxy.ts`); absent when none of them is set.
     */
    proxy?: ProxyConfig;
    /** Secret values in effect, for redaction of anything that is logged or thrown. */
    secrets: string[];
}

/** Invalid provider configuration; the message lists every problem, each naming its key. */
export class ConfigError extends Error {
    override readonly name = "ConfigError";
    constructor(readonly problems: readonly string[]) {
        super(`Invalid intune provider configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
}

/** Type guard for {@link ConfigError}. */
export function isConfigError(e: unknown): e is ConfigError {
    return e instanceof Error && e.name === "ConfigError" && Array.isArray((e as ConfigError).problems);
}

/** Reads one stack config value (`intune:<key>`); undefined when unset. */
export type ConfigSource = (fullKey: string) => unknown;

interface RawValue {
    value: string;
    /** Where it came from, for messages: `intune:cloud` or `INTUNE_CLOUD`. */
    origin: string;
}

function readRaw(entry: ConfigKey, config: ConfigSource, env: NodeJS.ProcessEnv): RawValue | undefined {
    const fromConfig = config(`intune:${entry.key}`);
    if (fromConfig !== undefined && fromConfig !== null && fromConfig !== "") {
        return { value: typeof fromConfig === "string" ? fromConfig : JSON.stringify(fromConfig), origin: `intune:${entry.key}` };
    }
    for (const name of entry.env) {
        const fromEnv = env[name];
        if (fromEnv !== undefined && fromEnv !== "") {
            return { value: fromEnv, origin: `${name} (environment, for intune:${entry.key})` };
        }
    }
    return entry.default === undefined ? undefined : { value: entry.default, origin: `intune:${entry.key}` };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9.-]*\.[a-z]{2,}|organizations|common)$/i;

/**
 * Resolves the provider configuration from stack config and environment. Never sends a request.
 * `configuredKeys` are the stack config's keys (all namespaces): one in `intune:` that is not a
 * key of {@link CONFIG_KEYS} is a problem, with a did-you-mean, since it would be ignored silently
 * (a misspelt `intune:graphEndpoint` sends the requests to public Graph).
 * Throws {@link ConfigError} listing every problem; messages never contain a secret value.
 */
export function resolveSettings(config: ConfigSource, env: NodeJS.ProcessEnv = process.env, configuredKeys: readonly string[] = []): Settings {
    const problems: string[] = unknownKeys(configuredKeys);
    const raw = new Map<string, RawValue | undefined>(CONFIG_KEYS.map((entry) => [entry.key, readRaw(entry, config, env)]));
    const text = (key: string): string | undefined => raw.get(key)?.value.trim();
    const origin = (key: string): string => raw.get(key)?.origin ?? `intune:${key}`;

    const integer = (key: string, min: number, max: number): number => {
        const value = text(key)!;
        const parsed = Number(value);
        if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
            problems.push(`${origin(key)}: must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}.`);
            return Number(CONFIG_KEYS.find((k) => k.key === key)!.default);
        }
        return parsed;
    };
    const oneOf = <T extends string>(key: string, allowed: readonly T[]): T => {
        const value = text(key)!.toLowerCase();
        if (!(allowed as readonly string[]).includes(value)) {
            problems.push(`${origin(key)}: ${JSON.stringify(text(key))} is not allowed; use one of ${allowed.join(", ")}.`);
            return CONFIG_KEYS.find((k) => k.key === key)!.default as T;
        }
        return value as T;
    };
    const httpUrl = (key: string, protocols: readonly string[]): string | undefined => {
        const value = text(key);
        if (value === undefined) {
            return undefined;
        }
        let url: URL | undefined;
        try {
            url = new URL(value);
        } catch {
            url = undefined;
        }
        if (!url || !protocols.includes(url.protocol) || url.search || url.hash || url.username || url.password) {
            // A URL with user info may hold a password: never echo it.
            const shown = url && (url.username || url.password) ? "a URL with a user name or password" : JSON.stringify(value);
            problems.push(
                `${origin(key)}: ${shown} is not a valid URL; use ${protocols.map((p) => `${p}//host[:port]`).join(" or ")} ` +
                    `with an optional path and no query, e.g. ${key === "graphEndpoint" ? "http://127.0.0.1:8719" : "https://login.microsoftonline.com"}.`,
            );
            return undefined;
        }
        return url.toString().replace(/\/+$/, "");
    };

    /** A boolean key: true, false (also 1, 0; any case), or undefined when unset. */
    const flag = (key: string): boolean | undefined => {
        const value = text(key)?.toLowerCase();
        if (value === undefined) {
            return undefined;
        }
        if (value === "true" || value === "1" || value === "false" || value === "0") {
            return value === "true" || value === "1";
        }
        problems.push(`${origin(key)}: ${JSON.stringify(text(key))} is not allowed; use true or false.`);
        return undefined;
    };

    const cloud = oneOf("cloud", CLOUD_NAMES);
    const graphEndpoint = httpUrl("graphEndpoint", ["http:", "https:"]);
    const graphBaseUrl = graphEndpoint ?? CLOUDS[cloud].graphUrl;
    const graphBaseUrlOrigin = graphEndpoint === undefined ? `${origin("cloud")} (${cloud})` : origin("graphEndpoint");
    const apiVersion = oneOf("apiVersion", ["beta", "v1.0"] as const);
    const authorityHost = httpUrl("authorityHost", ["https:"]) ?? CLOUDS[cloud].authorityHost;
    const disableInstanceDiscovery = !isKnownAuthorityHost(authorityHost);

    const tenantId = text("tenantId");
    if (tenantId !== undefined && !TENANT.test(tenantId)) {
        problems.push(
            `${origin("tenantId")}: ${JSON.stringify(tenantId)} is not a tenant; use the directory id (a GUID) or a domain such as contoso.onmicrosoft.com.`,
        );
    }
    const clientId = text("clientId");
    if (clientId !== undefined && !GUID.test(clientId)) {
        problems.push(
            `${origin("clientId")}: ${JSON.stringify(clientId)} is not an application (client) id; use the GUID shown on the app registration's overview.`,
        );
    }

    const secrets: string[] = [];
    const secret = (key: string): string | undefined => {
        const value = text(key);
        if (value !== undefined) {
            secrets.push(value);
        }
        return value;
    };
    const accessToken = secret("accessToken")?.replace(/^Bearer\s+/i, "");
    if (accessToken && !secrets.includes(accessToken)) {
        secrets.push(accessToken); // the token as sent, without a "Bearer " prefix the user may have given
    }
    const clientSecret = secret("clientSecret");
    const certificatePassword = secret("clientCertificatePassword");
    const certificatePath = text("clientCertificatePath");
    const useOidc = flag("useOidc");
    const oidcToken = secret("oidcToken");
    const oidcTokenFile = text("oidcTokenFilePath");
    const oidcRequestUrl = text("oidcRequestUrl");
    const oidcRequestToken = secret("oidcRequestToken");
    // The standard proxy variables, read here once per session, never per request.
    const proxyEnv = readProxyEnvironment(env);
    problems.push(...proxyEnv.problems);
    secrets.push(...proxyEnv.secrets);

    const needsApp = (what: string): void => {
        const missing = [
            tenantId === undefined && "intune:tenantId (or AZURE_TENANT_ID)",
            clientId === undefined && "intune:clientId (or AZURE_CLIENT_ID)",
        ].filter(Boolean);
        if (missing.length) {
            problems.push(`${what} is set, so ${missing.join(" and ")} must be set too.`);
        }
    };

    let credential: CredentialSettings;
    if (accessToken !== undefined) {
        if (accessToken === "" || /\s/.test(accessToken)) {
            problems.push(`${origin("accessToken")}: must be the bearer token alone, one word without spaces.`);
        }
        credential = { kind: "accessToken", token: accessToken };
    } else if (clientSecret !== undefined) {
        needsApp(origin("clientSecret"));
        credential = { kind: "clientSecret", tenantId: tenantId ?? "", clientId: clientId ?? "", clientSecret, authorityHost, disableInstanceDiscovery };
    } else if (certificatePath !== undefined) {
        needsApp(origin("clientCertificatePath"));
        if (!isReadableFile(certificatePath)) {
            problems.push(
                `${origin("clientCertificatePath")}: no readable file at ${JSON.stringify(certificatePath)}; give the path of a PEM file holding the certificate and its private key.`,
            );
        }
        credential = {
            kind: "clientCertificate",
            tenantId: tenantId ?? "",
            clientId: clientId ?? "",
            certificatePath,
            certificatePassword,
            authorityHost,
            disableInstanceDiscovery,
        };
    } else if (useOidc === true || (useOidc === undefined && (oidcToken !== undefined || oidcTokenFile !== undefined))) {
        needsApp(useOidc ? `${origin("useOidc")} = true` : origin(oidcToken !== undefined ? "oidcToken" : "oidcTokenFilePath"));
        let assertion: OidcAssertionSource | undefined;
        if (oidcToken !== undefined) {
            if (oidcToken === "" || /\s/.test(oidcToken)) {
                problems.push(`${origin("oidcToken")}: must be the federated token (a JWT) alone, one word without spaces.`);
            }
            assertion = { from: "token", token: oidcToken };
        } else if (oidcTokenFile !== undefined) {
            if (!isReadableFile(oidcTokenFile)) {
                problems.push(
                    `${origin("oidcTokenFilePath")}: no readable file at ${JSON.stringify(oidcTokenFile)}; give the path of the file that holds the federated token.`,
                );
            }
            assertion = { from: "file", path: oidcTokenFile };
        } else if (oidcRequestUrl !== undefined || oidcRequestToken !== undefined) {
            const url = oidcRequestUrl === undefined ? undefined : requestUrl(oidcRequestUrl);
            if (oidcRequestUrl === undefined) {
                problems.push(
                    `${origin("oidcRequestToken")} is set, so intune:oidcRequestUrl (or ARM_OIDC_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_URL) must be set too.`,
                );
            } else if (url === undefined) {
                problems.push(
                    `${origin("oidcRequestUrl")}: not a valid https URL; use the ID token request URL of your CI system, e.g. GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL.`,
                );
            }
            if (oidcRequestToken === undefined) {
                problems.push(
                    `${origin("oidcRequestUrl")} is set, so intune:oidcRequestToken (or ARM_OIDC_REQUEST_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN) must be set too.`,
                );
            }
            assertion = { from: "request", url: url ?? "", requestToken: oidcRequestToken ?? "" };
        } else {
            problems.push(
                `${origin("useOidc")} is true, but no federated token is available: set intune:oidcToken (or ARM_OIDC_TOKEN), ` +
                    `intune:oidcTokenFilePath (or ARM_OIDC_TOKEN_FILE_PATH), or intune:oidcRequestUrl with intune:oidcRequestToken. ` +
                    `In GitHub Actions, give the job \`permissions: id-token: write\`: GitHub then sets ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN.`,
            );
        }
        credential = {
            kind: "oidc",
            tenantId: tenantId ?? "",
            clientId: clientId ?? "",
            assertion: assertion ?? { from: "token", token: "" },
            authorityHost,
            disableInstanceDiscovery,
        };
    } else {
        credential = { kind: "default", tenantId, clientId, authorityHost, disableInstanceDiscovery };
    }

    const settings: Settings = {
        cloud,
        graphBaseUrl,
        graphBaseUrlOrigin,
        apiVersion,
        scope: graphScope(cloud),
        credential,
        requestTimeoutMs: integer("requestTimeoutMs", 1, 3_600_000),
        operationTimeoutMs: integer("operationTimeoutMs", 1, 86_400_000),
        maxRetries: integer("maxRetries", 0, 100),
        writeVerification: oneOf("writeVerification", ["error", "warn", "off"] as const),
        verifyTimeoutMs: integer("verifyTimeoutMs", 0, 600_000),
        ...(flag("skipRestoreOnDestroy") ? { skipRestoreOnDestroy: { origin: origin("skipRestoreOnDestroy") } } : {}),
        writesPerWindow: integer("writesPerWindow", 0, 100_000),
        writeWindowMs: integer("writeWindowMs", 1, 3_600_000),
        maxSockets: integer("maxSockets", 1, 10_000),
        logLevel: oneOf("logLevel", LOG_LEVELS),
        ...(proxyEnv.proxy ? { proxy: proxyEnv.proxy } : {}),
        secrets,
    };
    if (problems.length) {
        throw new ConfigError(problems);
    }
    return settings;
}

/** A problem for each `intune:` key of `keys` that is not a configuration key. */
function unknownKeys(keys: readonly string[]): string[] {
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

/** The https URL of an ID token endpoint (a query is allowed, user info is not), normalized; undefined when invalid. */
function requestUrl(value: string): string | undefined {
    try {
        const url = new URL(value);
        return url.protocol === "https:" && !url.username && !url.password && !url.hash ? url.toString() : undefined;
    } catch {
        return undefined;
    }
}

function isReadableFile(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.R_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}
