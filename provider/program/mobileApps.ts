import * as pulumi from "@pulumi/pulumi";
import { resolveSettings } from "../config/settings";
import { OperationStats } from "../graph/stats";
import { Session, sessionFor } from "../session/session";
import { MobileApp, MobileAppArgs, MobileAppsArgs, checkMobileAppArgs, checkMobileAppsArgs } from "../model/mobileApps";
import { findMobileApp, findMobileApps } from "../operations/findMobileApps";

export type { MobileApp, MobileAppArgs, MobileAppsArgs } from "../model/mobileApps";

/**
 * The session of the program process: the same `intune:*` stack config and environment fallbacks
 * as the provider (read here, in the program, through the engine's config), the same token source
 * and Graph client (retries, throttle gate, pacing, redaction). Built at the first lookup, reused
 * by the others; an invalid configuration fails each lookup with the same messages as the provider.
 */
function programSession(): Session {
    const configuredKeys = Object.keys(pulumi.runtime.allConfig());
    return sessionFor(
        resolveSettings((key) => pulumi.runtime.getConfig(key), process.env, configuredKeys),
        "pulumi-program",
    );
}

/** Runs one lookup in the session, redacting what it throws, with one log line when it had to retry or wait. */
async function lookup<T>(what: string, body: (session: Session, stats: OperationStats) => Promise<T>): Promise<T> {
    const session = programSession();
    const stats = new OperationStats();
    try {
        return await body(session, stats);
    } catch (error) {
        throw session.redactor.error(error);
    } finally {
        if (stats.noteworthy) {
            session.log.log("info", `${what}: ${stats.summary()}`);
        }
    }
}

/**
 * The Intune mobile app whose display name is `args.displayName`, compared without regard to
 * case, for a Pulumi program to refer to apps by name:
 *
 * ```ts
 * const teams = await getMobileApp({ displayName: "Microsoft Teams" });
 * new MobileAppInstallSummary("teams", { mobileAppId: teams.id, installedDeviceCount: 4 });
 * ```
 *
 * It runs in the program (also in `pulumi preview`), signing in with the provider's `intune:*`
 * config and environment fallbacks. One Graph listing filtered by name (`$filter=displayName eq
 * '…'`), every page followed; when no app has the name, one more listing of all names.
 *
 * @throws AppArgumentError before any request, naming the argument, for bad arguments;
 *   AppLookupError when no app has the name (with the nearest names) or several do (each with
 *   its id and type); GraphError or ConfigError when Graph or the configuration fail.
 */
export async function getMobileApp(args: MobileAppArgs): Promise<MobileApp> {
    const checked = checkMobileAppArgs(args);
    return lookup(`getMobileApp ${JSON.stringify(checked.displayName)}`, (s, stats) => findMobileApp(checked, s.client, stats));
}

/**
 * The tenant's Intune mobile apps that `args` select, all of them without arguments, sorted by
 * display name (then id). `filter` goes to Graph as `$filter`, `type` as `isof(…)`;
 * `displayNameContains` is matched here on what Graph lists. Every page is followed (at most
 * 1,000). Same sign-in and errors as {@link getMobileApp}, except that no match is an empty list.
 */
export async function getMobileApps(args: MobileAppsArgs = {}): Promise<MobileApp[]> {
    const checked = checkMobileAppsArgs(args);
    return lookup("getMobileApps", (s, stats) => findMobileApps(checked, s.client, stats));
}
