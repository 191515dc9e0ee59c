/**
 * What `export` writes for each app, decided here once for both of its outputs (the stack
 * config's `apps` list and the TypeScript program): the Pulumi resource name, the app id and every
 * counter as the tenant holds it now, in a deterministic order. Pure.
 */
import { COUNTER_NAMES, CounterValues } from "./fields";
import type { InstallSummary } from "./installSummary";
import type { MobileApp } from "./mobileApps";

/** One app as exported: deploying it adopts the summary with the values it has now, so nothing is written. */
export interface ExportedApp {
    /** The Pulumi resource name: from the display name, unique in the export. */
    name: string;
    app: MobileApp;
    /** Every counter the summary carries, in the field table's order. */
    counters: CounterValues;
}

/** Longest resource name taken from a display name (before a suffix that makes it unique). */
const MAX_NAME_LENGTH = 60;

/**
 * A resource name from a display name: without accents, lower case, each run of other characters than a-z and 0-9
 * one `-`, none at either end, at most {@link MAX_NAME_LENGTH} characters; `app` when nothing is
 * left (a name of symbols or of another script).
 */
export function nameFromDisplayName(displayName: string): string {
    const slug = displayName
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "") // the accents NFKD split off: Café is cafe
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .slice(0, MAX_NAME_LENGTH)
        .replace(/^-+|-+$/g, "");
    return slug || "app";
}

/** The counters of `summary` in the field table's order; a counter Graph did not send is left out. */
function countersOf(summary: InstallSummary): CounterValues {
    const counters: CounterValues = {};
    for (const name of COUNTER_NAMES) {
        if (typeof summary[name] === "number") {
            counters[name] = summary[name];
        }
    }
    return counters;
}

/** `names`, each that occurs more than once replaced by its `base` name with `suffix(i)` appended. */
function suffixed(names: readonly string[], suffix: (i: number) => string, base: readonly string[]): string[] {
    const counts = new Map<string, number>();
    names.forEach((name) => counts.set(name, (counts.get(name) ?? 0) + 1));
    return names.map((name, i) => (counts.get(name)! > 1 ? `${base[i]}-${suffix(i)}` : name));
}

/**
 * The exported apps for `read` (apps in the order to write them, each with its summary). Apps
 * whose names collide all get the first 8 characters of their id appended, and the full id when
 * that still collides, so a name does not depend on which of them came first.
 */
export function exportedApps(read: ReadonlyArray<{ app: MobileApp; summary: InstallSummary }>): ExportedApp[] {
    const base = read.map(({ app }) => nameFromDisplayName(app.displayName));
    const short = suffixed(base, (i) => read[i].app.id.slice(0, 8), base);
    const names = suffixed(short, (i) => read[i].app.id, base);
    return read.map(({ app, summary }, i) => ({ name: names[i], app, counters: countersOf(summary) }));
}
