/**
 * The one table of the `mobileAppInstallSummary` counters. Validation (`check`), `diff`, the PATCH
 * body, the read-back projection, the typed Args and the declared outputs are all derived from it:
 * adding a counter is one line here.
 *
 * Graph beta metadata types every counter as a non-nullable `Edm.Int32`; the seed document shows
 * the first six, current metadata adds the last four.
 */
export const COUNTERS = [
    { name: "installedDeviceCount", description: "Number of devices that have successfully installed this app." },
    { name: "failedDeviceCount", description: "Number of devices that have failed to install this app." },
    { name: "notInstalledDeviceCount", description: "Number of devices that do not have this app installed." },
    { name: "installedUserCount", description: "Number of users whose devices have all succeeded to install this app." },
    { name: "failedUserCount", description: "Number of users that have one or more devices that failed to install this app." },
    { name: "notInstalledUserCount", description: "Number of users that did not install this app." },
    { name: "notApplicableDeviceCount", description: "Number of devices for which this app is not applicable." },
    { name: "pendingInstallDeviceCount", description: "Number of devices that have been notified to install this app." },
    { name: "notApplicableUserCount", description: "Number of users whose devices were all not applicable for this app." },
    { name: "pendingInstallUserCount", description: "Number of users that have one or more devices pending installation of this app." },
] as const;

/** Name of one counter of the install summary. */
export type CounterName = (typeof COUNTERS)[number]["name"];

/** The counter names in table order. */
export const COUNTER_NAMES: readonly CounterName[] = COUNTERS.map((c) => c.name);

/** Largest value of an `Edm.Int32`; counters are counts, so the smallest is 0. */
export const INT32_MAX = 2_147_483_647;

/** Smallest value of an `Edm.Int32`: what Graph's type allows in an answer, though counts are never below 0. */
export const INT32_MIN = -2_147_483_648;

/** A set of counter values; an absent key is a counter that is not part of the set. */
export type CounterValues = Partial<Record<CounterName, number>>;

/** True when `name` is one of the counters of the table. */
export function isCounterName(name: unknown): name is CounterName {
    return (COUNTER_NAMES as readonly unknown[]).includes(name);
}

/** `installedDeviceCount = 4, failedDeviceCount = 1`, in table order: counter values as messages show them. */
export function formatCounters(values: CounterValues): string {
    return COUNTER_NAMES.filter((name) => values[name] !== undefined)
        .map((name) => `${name} = ${values[name]}`)
        .join(", ");
}

/**
 * Keeps the counters of `source` that are integers, in table order. Graph's own `id`,
 * `@odata.*` annotations and any field this table does not know are dropped, so server-side
 * additions never show up as drift.
 */
export function pickCounters(source: Readonly<Record<string, unknown>>, names: readonly CounterName[] = COUNTER_NAMES): CounterValues {
    const out: CounterValues = {};
    for (const name of names) {
        const value = source[name];
        if (typeof value === "number" && Number.isInteger(value)) {
            out[name] = value;
        }
    }
    return out;
}
