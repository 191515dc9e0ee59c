import type { CredentialSettings } from "../auth/credentials";
import { ProxyConfig, readProxyEnvironment } from "../graph/proxy";
import { CLOUDS, graphScope, isKnownAuthorityHost } from "./clouds";
import { ConfigError } from "./configError";
import { ConfigSource, KeySettings, readKeys, unknownKeyProblems } from "./configKeys";
import { chooseCredential } from "./credentialChoice";

/**
 * The resolved configuration of the provider: every key that is a setting of its own, typed by
 * its row in `./configKeys.ts`, and what the other keys add up to.
 */
export interface Settings extends KeySettings {
    /** Graph root without version. */
    graphBaseUrl: string;
    /**
     * The setting that chose `graphBaseUrl`, for messages about connection failures:
     * `intune:graphEndpoint`, `INTUNE_GRAPH_ENDPOINT (environment, for intune:graphEndpoint)`, or
     * the cloud, e.g. `intune:cloud (public)`.
     */
    graphBaseUrlOrigin: string;
    scope: string;
    credential: CredentialSettings;
    /** Present when destroy does not restore values (`intune:skipRestoreOnDestroy` true); `origin` names the setting, for the warning. */
    skipRestoreOnDestroy?: { origin: string };
    /**
     * The proxy of Graph requests, from `HTTPS_PROXY`, `ALL_PROXY`, `HTTP_PROXY` and `NO_PROXY`
     * (`../graph/proxy.ts`); absent when none of them is set.
     */
    proxy?: ProxyConfig;
    /** Secret values in effect, for redaction of anything that is logged or thrown. */
    secrets: string[];
}

/**
 * Resolves the provider configuration from stack config and environment. Never sends a request.
 * `configuredKeys` are the stack config's keys (all namespaces): one in `intune:` that is not a
 * configuration key is a problem, with a did-you-mean, since it would be ignored silently
 * (a misspelt `intune:graphEndpoint` sends the requests to public Graph).
 * Throws {@link ConfigError} listing every problem; messages never contain a secret value.
 */
export function resolveSettings(config: ConfigSource, env: NodeJS.ProcessEnv, configuredKeys: readonly string[]): Settings {
    const keys = readKeys(config, env);
    const problems = unknownKeyProblems(configuredKeys);
    const secrets: string[] = [];
    const direct: Record<string, unknown> = {};
    for (const [name, reading] of Object.entries(keys)) {
        if (reading.checked === "always" && reading.problem !== undefined) {
            problems.push(reading.problem);
        }
        if (reading.secret && reading.text !== undefined) {
            secrets.push(reading.text);
            // The value as used, when it differs from the text (an access token without the "Bearer " prefix given).
            if (typeof reading.value === "string" && reading.value && !secrets.includes(reading.value)) {
                secrets.push(reading.value);
            }
        }
        if (reading.setting) {
            direct[name] = reading.value;
        }
    }
    // The standard proxy variables, read here once per session, never per request.
    const proxyEnv = readProxyEnvironment(env);
    problems.push(...proxyEnv.problems);
    secrets.push(...proxyEnv.secrets);

    const cloud = keys.cloud.value;
    const graphEndpoint = keys.graphEndpoint.value;
    const authorityHost = keys.authorityHost.value ?? CLOUDS[cloud].authorityHost;
    const credential = chooseCredential(keys, { authorityHost, disableInstanceDiscovery: !isKnownAuthorityHost(authorityHost) }, problems);
    const settings: Settings = {
        ...(direct as KeySettings),
        graphBaseUrl: graphEndpoint ?? CLOUDS[cloud].graphUrl,
        graphBaseUrlOrigin: graphEndpoint === undefined ? `${keys.cloud.origin} (${cloud})` : keys.graphEndpoint.origin,
        scope: graphScope(cloud),
        credential,
        ...(keys.skipRestoreOnDestroy.value ? { skipRestoreOnDestroy: { origin: keys.skipRestoreOnDestroy.origin } } : {}),
        ...(proxyEnv.proxy ? { proxy: proxyEnv.proxy } : {}),
        secrets,
    };
    if (problems.length) {
        throw new ConfigError(problems);
    }
    return settings;
}
