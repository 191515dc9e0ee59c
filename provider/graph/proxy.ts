/**
 * The proxy of Graph requests, from the standard environment variables, read as
 * `@azure/core-rest-pipeline` reads them for `@azure/identity`'s sign-in, so that sign-in and Graph
 * requests take the same way out. What core-rest-pipeline 1.24 does (its `proxyPolicy`, in
 * `@typespec/ts-http-runtime` 0.3, `dist/commonjs/policies/proxyPolicy.js`), and this module too:
 *
 * - The proxy is the first of `HTTPS_PROXY`, `https_proxy`, `ALL_PROXY`, `all_proxy`, `HTTP_PROXY`,
 *   `http_proxy` that is set, for every request whatever its scheme: one proxy, not curl's
 *   `HTTP_PROXY` for http and `HTTPS_PROXY` for https. (Per scheme, a machine with only
 *   `HTTP_PROXY` set would sign in through the proxy and send every Graph request, all https,
 *   around it: the failure this module exists to end.)
 * - The target's scheme picks how: an https target through a `CONNECT` tunnel (https-proxy-agent),
 *   an http target as a request with the absolute URI sent to the proxy (http-proxy-agent).
 * - `NO_PROXY` (else `no_proxy`): comma-separated entries, trimmed. `.example.com` matches
 *   example.com and every host under it; any other entry matches that host name exactly (not the
 *   hosts under it, and an entry with a port matches nothing). Loopback hosts (`localhost`,
 *   `127.0.0.1`, `::1`) are not bypassed: they go through the proxy unless listed.
 * - User name and password in the proxy URL (`http://user:pass@proxy:3128`, percent-encoded) are
 *   sent as `Proxy-Authorization: Basic`.
 *
 * Where this module goes further, each for a value core-rest-pipeline cannot use: `*` bypasses the
 * proxy for every host and `*.example.com` is read as `.example.com`, as curl, Go and undici read
 * them (core-rest-pipeline compares them as host names, which never match); entries are compared
 * without case and without IPv6 brackets; a proxy without a scheme (`proxy:3128`) is `http://`, as
 * curl takes it; a value that is no http(s) proxy URL is a configuration error naming the variable,
 * except in `ALL_PROXY`, where a `socks5://` or other non-http(s) proxy is passed over.
 *
 * The variables are read once, when the session's settings are resolved (`../config/settings.ts`), and
 * the proxy agents are created, and their packages loaded, at the first request through a proxy.
 */
import type * as http from "node:http";

/** Where the proxy is looked for, in order; each upper-case name before its lower-case one. */
export const PROXY_VARIABLES = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"] as const;
/** Where the hosts that go direct are looked for, in order. */
export const NO_PROXY_VARIABLES = ["NO_PROXY", "no_proxy"] as const;

/** The proxy in effect, resolved from the environment. */
export interface ProxyConfig {
    /** The proxy URL without user name or password (`http://proxy:3128`): the only form messages show. */
    url: string;
    /** The variable it came from, e.g. `HTTPS_PROXY`. */
    origin: string;
    /** From the URL's user info, decoded; sent as `Proxy-Authorization: Basic`. Never shown. */
    credentials?: { username: string; password: string };
    /** The `NO_PROXY` entries, lower case, without IPv6 brackets. */
    noProxy: string[];
}

/** What the environment says: the proxy (if any), the problems of its value, and the secrets it holds. */
export interface ProxyEnvironment {
    proxy?: ProxyConfig;
    problems: string[];
    /** The password as written and as sent, and the `Proxy-Authorization` value: for redaction. */
    secrets: string[];
}

/** Reads the proxy variables of `env` (see the module comment). */
export function readProxyEnvironment(env: NodeJS.ProcessEnv): ProxyEnvironment {
    // ALL_PROXY is often a SOCKS proxy set for curl; neither this client nor @azure/identity can use
    // one, so such a value is passed over (the search goes on) instead of failing the configuration.
    const usable = PROXY_VARIABLES.filter((name) => !(name.toLowerCase() === "all_proxy" && isOtherScheme(env[name])));
    const found = firstSet(env, usable);
    if (found === undefined) {
        return { problems: [], secrets: [] };
    }
    const url = parseProxyUrl(found.value);
    if (url === undefined) {
        // A value with user info may hold a password: never echo it.
        const shown = found.value.includes("@") ? "a value with a user name or password" : JSON.stringify(found.value);
        return {
            problems: [
                `${found.name} (environment, the proxy for Graph requests): ${shown} is not a proxy URL; use http://host:port, ` +
                    `with user:password@ before the host when the proxy asks for credentials (https:// for a proxy that speaks TLS).`,
            ],
            secrets: [],
        };
    }
    const noProxy = firstSet(env, NO_PROXY_VARIABLES)?.value ?? "";
    const proxy: ProxyConfig = { url: `${url.protocol}//${url.host}`, origin: found.name, noProxy: parseNoProxy(noProxy) };
    const secrets: string[] = [];
    if (url.username || url.password) {
        proxy.credentials = { username: decode(url.username), password: decode(url.password) };
        secrets.push(url.password, proxy.credentials.password, proxyAuthorization(proxy.credentials));
    }
    return { proxy, problems: [], secrets: [...new Set(secrets.filter((s) => s !== ""))] };
}

/** True for a value with an explicit scheme other than http(s), e.g. `socks5://proxy:1080`. */
function isOtherScheme(value: string | undefined): boolean {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value?.trim() ?? "")?.[1]?.toLowerCase();
    return scheme !== undefined && scheme !== "http" && scheme !== "https";
}

/** The first of `names` set to a non-blank value in `env`, trimmed. */
function firstSet(env: NodeJS.ProcessEnv, names: readonly string[]): { name: string; value: string } | undefined {
    for (const name of names) {
        const value = env[name]?.trim();
        if (value) {
            return { name, value };
        }
    }
    return undefined;
}

/** An http(s) proxy URL, `http://` assumed without a scheme; undefined when it is none. */
export function parseProxyUrl(value: string): URL | undefined {
    let url: URL;
    try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    } catch {
        return undefined;
    }
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" ? url : undefined;
}

function decode(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text;
    }
}

/** The `NO_PROXY` entries of `value`: comma-separated, trimmed, empty ones dropped, lower case, no IPv6 brackets. */
export function parseNoProxy(value: string): string[] {
    return value
        .split(",")
        .map((entry) => unbracket(entry.trim().toLowerCase()))
        .filter((entry) => entry !== "");
}

const unbracket = (host: string): string => host.replace(/^\[(.*)\]$/, "$1");

/** True when `hostname` (a URL's, e.g. `graph.microsoft.com` or `[::1]`) is listed in `noProxy` (see the module comment). */
export function isBypassed(hostname: string, noProxy: readonly string[]): boolean {
    const host = unbracket(hostname.toLowerCase());
    return noProxy.some((entry) => {
        if (entry === "*") {
            return true;
        }
        const suffix = entry.startsWith("*.") ? entry.slice(1) : entry;
        return suffix.startsWith(".") ? host.endsWith(suffix) || host === suffix.slice(1) : host === suffix;
    });
}

/** How a request to `target` goes: through `proxy`, tunnelled (`CONNECT`) or as an absolute URI; undefined when direct. */
export interface ProxyRoute {
    proxy: ProxyConfig;
    via: "CONNECT" | "absolute-URI";
}

/** The route of a request to `target` under `proxy` (undefined: no proxy, or the host is in `NO_PROXY`). */
export function proxyRoute(target: URL | string, proxy: ProxyConfig | undefined): ProxyRoute | undefined {
    if (proxy === undefined) {
        return undefined;
    }
    const url = typeof target === "string" ? new URL(target) : target;
    if (isBypassed(url.hostname, proxy.noProxy)) {
        return undefined;
    }
    return { proxy, via: url.protocol === "http:" ? "absolute-URI" : "CONNECT" };
}

function proxyAuthorization(credentials: { username: string; password: string }): string {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
}

/**
 * A keep-alive agent sending requests through `route.proxy`, holding at most `maxSockets` sockets
 * per target, like the direct agents. Its package is loaded here, at the first request through a
 * proxy. The URL it gets has no user info: the credentials go in a header, so the agents' debug
 * output (`DEBUG=https-proxy-agent`, which prints the proxy URL) never holds the password.
 */
export function createProxyAgent(route: ProxyRoute, maxSockets: number): http.Agent {
    const { url, credentials } = route.proxy;
    const options = { keepAlive: true, maxSockets, headers: credentials ? { "Proxy-Authorization": proxyAuthorization(credentials) } : {} };
    if (route.via === "CONNECT") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { HttpsProxyAgent } = require("https-proxy-agent") as typeof import("https-proxy-agent");
        return new HttpsProxyAgent(url, options);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { HttpProxyAgent } = require("http-proxy-agent") as typeof import("http-proxy-agent");
    return new HttpProxyAgent(url, options);
}
