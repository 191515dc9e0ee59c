import type { OperationStats } from "../graph/stats";
import {
    ALL_NAMES_QUERY,
    MobileApp,
    MobileAppArgs,
    MobileAppsArgs,
    appsNamed,
    describeApp,
    nearestNames,
    queryForApps,
    queryForName,
    selectApps,
} from "../model/mobileApps";

/**
 * What the lookups need of a Graph client: list the tenant's apps for a query, every page.
 * `GraphClient` (`../graph/client.ts`) is one; the unit tests use a fake.
 */
export interface AppsClient {
    /** Lists the apps matching `query` (`$filter`/`$select`, URL-encoded), following `@odata.nextLink`. Failures throw `GraphError`. */
    listMobileApps(query: string, stats: OperationStats): Promise<MobileApp[]>;
}

/** Why `getMobileApp` found no single app: `none` has the nearest names, `several` every match. */
export type AppLookupFailure =
    { kind: "none"; displayName: string; nearest: string[]; appCount: number } | { kind: "several"; displayName: string; matches: MobileApp[] };

/** `getMobileApp` found no app of that name, or several; the message lists what the user can choose from. */
export class AppLookupError extends Error {
    override readonly name = "AppLookupError";
    constructor(readonly failure: AppLookupFailure) {
        super(lookupMessage(failure));
    }
}

/** Type guard for {@link AppLookupError}. */
export function isAppLookupError(e: unknown): e is AppLookupError {
    return e instanceof Error && e.name === "AppLookupError" && typeof (e as AppLookupError).failure === "object";
}

function lookupMessage(failure: AppLookupFailure): string {
    const name = JSON.stringify(failure.displayName);
    if (failure.kind === "several") {
        return (
            `getMobileApp: ${failure.matches.length} apps are named ${name}: ${failure.matches.map(describeApp).join(", ")}. ` +
            `Give the mobileAppId of the one you mean, or rename the others in Intune.`
        );
    }
    if (failure.appCount === 0) {
        return `getMobileApp: no app is named ${name}; the tenant has no apps (check intune:graphEndpoint and the tenant you sign in to).`;
    }
    const near = failure.nearest.length
        ? `did you mean ${failure.nearest.map((n) => JSON.stringify(n)).join(", ")}?`
        : `no name of the tenant's ${failure.appCount} apps is close to it (getMobileApps lists them).`;
    return `getMobileApp: no app is named ${name} (names are compared without regard to case); ${near}`;
}

/**
 * The one app whose display name is `args.displayName`, compared without regard to case. Costs one
 * listing filtered by Graph; only when no app has the name, a second one of every app's name, for
 * the did-you-mean.
 *
 * @throws AppLookupError when no app or several have the name; `GraphError` when Graph fails.
 */
export async function findMobileApp(args: MobileAppArgs, client: AppsClient, stats: OperationStats): Promise<MobileApp> {
    const matches = appsNamed(await client.listMobileApps(queryForName(args), stats), args.displayName);
    if (matches.length === 1) {
        return matches[0];
    }
    if (matches.length > 1) {
        throw new AppLookupError({ kind: "several", displayName: args.displayName, matches: sortApps(matches) });
    }
    const names = (await client.listMobileApps(ALL_NAMES_QUERY, stats)).map((app) => app.displayName);
    throw new AppLookupError({ kind: "none", displayName: args.displayName, nearest: nearestNames(args.displayName, names), appCount: names.length });
}

/** The apps that `args` select (all of them without arguments), sorted by {@link sortApps}. @throws GraphError */
export async function findMobileApps(args: MobileAppsArgs, client: AppsClient, stats: OperationStats): Promise<MobileApp[]> {
    return sortApps(selectApps(await client.listMobileApps(queryForApps(args), stats), args));
}

/** Apps in a deterministic order: by display name without regard to case, then by name, then by id. */
export function sortApps(apps: readonly MobileApp[]): MobileApp[] {
    const key = (app: MobileApp) => app.displayName.toLowerCase();
    return [...apps].sort((a, b) => compare(key(a), key(b)) || compare(a.displayName, b.displayName) || compare(a.id, b.id));
}

/** Code-point order: the same on every machine, whatever its locale. */
function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
