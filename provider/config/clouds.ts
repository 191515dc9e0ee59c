/**
 * The national clouds: each fixes the Graph host, the sign-in host and the token scope together,
 * so a token is never requested from one cloud for another.
 */
export const CLOUDS = {
    public: { graphUrl: "https://graph.microsoft.com", authorityHost: "https://login.microsoftonline.com" },
    usgovernment: { graphUrl: "https://graph.microsoft.us", authorityHost: "https://login.microsoftonline.us" },
    usgovernmentdod: { graphUrl: "https://dod-graph.microsoft.us", authorityHost: "https://login.microsoftonline.us" },
    china: { graphUrl: "https://microsoftgraph.chinacloudapi.cn", authorityHost: "https://login.chinacloudapi.cn" },
} as const;

/** The name of a national cloud, as `intune:cloud` takes it. */
export type CloudName = keyof typeof CLOUDS;

/** Every cloud name, in the order the docs list them (`public` first, the default). */
export const CLOUD_NAMES = Object.keys(CLOUDS) as CloudName[];

/** The OAuth scope for Graph of `cloud`: its host with `/.default` (the app's granted permissions). */
export function graphScope(cloud: CloudName): string {
    return `${CLOUDS[cloud].graphUrl}/.default`;
}

/** True when `host` is the sign-in host of one of the clouds (instance discovery works there). */
export function isKnownAuthorityHost(host: string): boolean {
    const normalized = host.replace(/\/+$/, "").toLowerCase();
    return CLOUD_NAMES.some((name) => CLOUDS[name].authorityHost === normalized);
}
