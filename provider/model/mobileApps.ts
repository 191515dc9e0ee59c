/**
 * Intune mobile apps as the lookups (`getMobileApp`, `getMobileApps`) and `export` see them: the
 * app, the arguments that select apps, their validation (before any request), and the Graph query
 * they become. Pure: the Graph client sends the query, the operations match the answer.
 */
import { closestMatch, editDistance } from "./suggest";

/** One mobile app of the tenant. */
export interface MobileApp {
    /** The app's object id, a GUID in lower case: the `mobileAppId` of its install summary. */
    id: string;
    displayName: string;
    /** The app's Graph type as `@odata.type` names it, e.g. `#microsoft.graph.win32LobApp`. */
    odataType: string;
    /** Empty when Graph has none. */
    publisher: string;
}

/** The arguments of `getMobileApp`: exactly one app, by its display name. */
export interface MobileAppArgs {
    /** The app's display name as Intune shows it; compared without regard to case, otherwise exactly. */
    displayName: string;
}

/** The arguments of `getMobileApps` and of `export`'s selection; every one optional, all of them must hold. */
export interface MobileAppsArgs {
    /** An OData `$filter` passed to Graph as it is, e.g. `publisher eq 'Microsoft'`. */
    filter?: string;
    /** Only apps whose display name contains this text, without regard to case (matched here, not by Graph). */
    displayNameContains?: string;
    /** Only apps of this Graph type: `win32LobApp`, `microsoft.graph.win32LobApp` or `#microsoft.graph.win32LobApp` (Graph's `isof`). */
    type?: string;
}

/** Arguments refused before any request; the message names the argument, what is wrong and what is allowed. */
export class AppArgumentError extends Error {
    override readonly name = "AppArgumentError";
    constructor(
        /** The function and argument, e.g. `getMobileApp: displayName`. */
        readonly argument: string,
        message: string,
    ) {
        super(`${argument}: ${message}`);
    }
}

/** Type guard for {@link AppArgumentError}. */
export function isAppArgumentError(e: unknown): e is AppArgumentError {
    return e instanceof Error && e.name === "AppArgumentError" && typeof (e as AppArgumentError).argument === "string";
}

/** The properties every lookup selects: what a {@link MobileApp} holds (Graph always adds `@odata.type`). */
export const APP_SELECT = "id,displayName,publisher";

const TYPE_NAME = /^#?(microsoft\.graph\.)?[A-Za-z][A-Za-z0-9]*$/;

/** A value as messages quote it; JSON gives undefined for undefined and functions. */
const show = (value: unknown): string => JSON.stringify(value) ?? typeof value;

/** Refuses what is not a plain object, and keys other than `allowed` (with a did-you-mean). */
function checkKeys(where: string, args: unknown, allowed: readonly string[], example: string): Record<string, unknown> {
    if (args === null || typeof args !== "object" || Array.isArray(args)) {
        throw new AppArgumentError(where, `the arguments must be an object like ${example}, not ${show(args)}.`);
    }
    for (const key of Object.keys(args)) {
        if (!allowed.includes(key)) {
            const near = closestMatch(key, allowed);
            throw new AppArgumentError(
                `${where}: ${key}`,
                `no such argument${near ? `; did you mean ${near}?` : ""}; the arguments are ${allowed.join(", ")}.`,
            );
        }
    }
    return args as Record<string, unknown>;
}

/** A text argument: undefined when absent, else a string with something besides spaces. */
function text(where: string, name: string, value: unknown, required: boolean): string | undefined {
    if (value === undefined && !required) {
        return undefined;
    }
    if (typeof value !== "string" || value.trim() === "") {
        throw new AppArgumentError(`${where}: ${name}`, `${show(value)} is not allowed; give a non-empty string.`);
    }
    return value;
}

/** Validates the arguments of `getMobileApp`. @throws AppArgumentError */
export function checkMobileAppArgs(args: unknown): MobileAppArgs {
    const where = "getMobileApp";
    const given = checkKeys(where, args, ["displayName"], `{ displayName: "Microsoft Teams" }`);
    return { displayName: text(where, "displayName", given.displayName, true)! };
}

/** Validates the arguments of `getMobileApps` (`where` names the caller in messages, e.g. `export`). @throws AppArgumentError */
export function checkMobileAppsArgs(args: unknown = {}, where = "getMobileApps"): MobileAppsArgs {
    const given = checkKeys(where, args, ["filter", "displayNameContains", "type"], `{ type: "win32LobApp" }`);
    const filter = text(where, "filter", given.filter, false);
    const contains = text(where, "displayNameContains", given.displayNameContains, false);
    const type = text(where, "type", given.type, false);
    if (type !== undefined && !TYPE_NAME.test(type)) {
        throw new AppArgumentError(`${where}: type`, `${show(type)} is not a Graph app type; give one such as win32LobApp or microsoft.graph.iosStoreApp.`);
    }
    return { ...(filter && { filter }), ...(contains && { displayNameContains: contains }), ...(type && { type: fullType(type) }) };
}

/** `win32LobApp` and `#microsoft.graph.win32LobApp` as `microsoft.graph.win32LobApp`. */
function fullType(type: string): string {
    const bare = type.replace(/^#/, "");
    return bare.startsWith("microsoft.graph.") ? bare : `microsoft.graph.${bare}`;
}

/** A string literal of OData: in single quotes, a quote inside doubled. */
export function odataString(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

/** The query (without `?`) that lists apps: `$filter` when there is one, and {@link APP_SELECT}. */
function query(filter: string | undefined): string {
    return [filter === undefined ? undefined : `$filter=${encodeURIComponent(filter)}`, `$select=${APP_SELECT}`].filter(Boolean).join("&");
}

/** The query of `getMobileApp`: the apps whose name equals `displayName` (Intune compares without regard to case). */
export function queryForName(args: MobileAppArgs): string {
    return query(`displayName eq ${odataString(args.displayName)}`);
}

/** The query of the names to suggest from when no app has the name: every app, id and name only. */
export const ALL_NAMES_QUERY = "$select=id,displayName";

/** The query of `getMobileApps`: `isof` for `type`, and the user's `filter` (in parentheses, beside `isof`). */
export function queryForApps(args: MobileAppsArgs): string {
    const typeClause = args.type === undefined ? undefined : `isof(${odataString(args.type)})`;
    const filter = typeClause && args.filter ? `${typeClause} and (${args.filter})` : (typeClause ?? args.filter);
    return query(filter);
}

/** The apps of `listed` that `args` select among what Graph answered: `displayNameContains` is matched here. */
export function selectApps(listed: readonly MobileApp[], args: MobileAppsArgs): MobileApp[] {
    const contains = args.displayNameContains?.toLowerCase();
    return contains === undefined ? [...listed] : listed.filter((app) => app.displayName.toLowerCase().includes(contains));
}

/** The apps of `listed` named `displayName`, without regard to case (Graph's `eq` may compare more loosely). */
export function appsNamed(listed: readonly MobileApp[], displayName: string): MobileApp[] {
    const wanted = displayName.toLowerCase();
    return listed.filter((app) => app.displayName.toLowerCase() === wanted);
}

/**
 * The names of `names` nearest to `displayName` without regard to case, for a did-you-mean: at most
 * `count`, nearest first (then by name), and only those within half the name's length in edits,
 * so that an unrelated name is not offered.
 */
export function nearestNames(displayName: string, names: readonly string[], count = 3): string[] {
    const wanted = displayName.toLowerCase();
    const limit = Math.max(2, Math.ceil(wanted.length / 2));
    return [...new Set(names)]
        .map((name) => ({ name, distance: editDistance(wanted, name.toLowerCase()) }))
        .filter((near) => near.distance <= limit)
        .sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .slice(0, count)
        .map((near) => near.name);
}

/** One app as messages list it: `"Teams" (id 3a1f…, #microsoft.graph.win32LobApp)`. */
export function describeApp(app: MobileApp): string {
    return `${JSON.stringify(app.displayName)} (id ${app.id}, ${app.odataType})`;
}
