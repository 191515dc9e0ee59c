/**
 * Graph beta's `microsoft.graph.mobileAppInstallSummary` as the emulator serves and checks it.
 *
 * Written from Graph's own documents, not taken from the provider's field table, so that a
 * provider that sends a property Graph does not have, or a value Graph's type refuses, is refused
 * here as Graph would refuse it, instead of sharing the mistake. The page "Update
 * mobileAppInstallSummary" lists the key `id` (`String`) and six `Int32` counters; current beta
 * `$metadata` declares those and four more, every counter `Edm.Int32` with `Nullable="false"`.
 */
export const INSTALL_SUMMARY = {
    /** The entity type, as `@odata.type` names it (with a leading `#`). */
    type: "microsoft.graph.mobileAppInstallSummary",
    /** The key property, a server-assigned string. */
    key: "id",
    /** Every property with its EDM type, in the order Graph's beta resource page lists them. */
    properties: {
        id: "Edm.String",
        installedDeviceCount: "Edm.Int32",
        failedDeviceCount: "Edm.Int32",
        notApplicableDeviceCount: "Edm.Int32",
        notInstalledDeviceCount: "Edm.Int32",
        pendingInstallDeviceCount: "Edm.Int32",
        installedUserCount: "Edm.Int32",
        failedUserCount: "Edm.Int32",
        notApplicableUserCount: "Edm.Int32",
        notInstalledUserCount: "Edm.Int32",
        pendingInstallUserCount: "Edm.Int32",
    },
} as const;

type Properties = typeof INSTALL_SUMMARY.properties;

/** A counter of the install summary: a property of type `Edm.Int32`. */
export type CounterName = { [K in keyof Properties]: Properties[K] extends "Edm.Int32" ? K : never }[keyof Properties];

/** The counters, in the order of {@link INSTALL_SUMMARY}. */
export const COUNTER_NAMES: readonly CounterName[] = (Object.keys(INSTALL_SUMMARY.properties) as Array<keyof Properties>).filter(
    (name): name is CounterName => INSTALL_SUMMARY.properties[name] === "Edm.Int32",
);

/** Some counters with their values; an absent key is a counter that is not part of the set. */
export type CounterValues = Partial<Record<CounterName, number>>;

/** The range of an `Edm.Int32`. */
export const INT32 = { min: -2_147_483_648, max: 2_147_483_647 } as const;

/**
 * The values a counter may take here: `Edm.Int32` values that are counts. The emulator refuses a
 * negative count as well, with the error Graph gives for a value its type refuses: no client has
 * a reason to send one, so one that does has a bug the emulator should show.
 */
export const COUNT_RANGE = { min: 0, max: INT32.max } as const;

/** True when `name` is a counter of the entity. */
export function isCounterName(name: string): name is CounterName {
    return (COUNTER_NAMES as readonly string[]).includes(name);
}

/** True when `value` is a count a counter may hold (see {@link COUNT_RANGE}). */
export function isCount(value: unknown): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= COUNT_RANGE.min && value <= COUNT_RANGE.max;
}
