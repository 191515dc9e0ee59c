import { strict as assert } from "node:assert";
import { SummaryDiff, diffSummary } from "../../../provider/model/diff";
import { CheckedInputs, UNKNOWN } from "../../../provider/model/inputs";

const APP = "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b";
const OTHER_APP = "0f6e2d4c-8b1a-4c3d-9e5f-6a7b8c9d0e1f";

/** Outputs as stored after `up` of `{ mobileAppId: APP, installedDeviceCount: 4, failedDeviceCount: 1 }`. */
const OLDS: Readonly<Record<string, unknown>> = {
    __provider: "exports.handler = /* version 1 */",
    mobileAppId: APP,
    summaryId: "summary-1",
    installedDeviceCount: 4,
    failedDeviceCount: 1,
    notInstalledDeviceCount: 7,
    installedUserCount: 2,
    failedUserCount: 15,
    notInstalledUserCount: 5,
    notApplicableDeviceCount: 0,
    pendingInstallDeviceCount: 0,
    notApplicableUserCount: 0,
    pendingInstallUserCount: 0,
    declaredCounters: ["installedDeviceCount", "failedDeviceCount"],
};

const NEWS: CheckedInputs = { mobileAppId: APP, installedDeviceCount: 4, failedDeviceCount: 1 };

const NO_CHANGE: SummaryDiff = { changes: false, replaces: [], changedCounters: [], properties: [] };

describe("provider/model/diff diffSummary", () => {
    const cases: Array<{ name: string; olds?: Record<string, unknown>; news: Record<string, unknown>; expected: SummaryDiff }> = [
        { name: "no change", news: NEWS, expected: NO_CHANGE },
        {
            name: "one counter changed",
            news: { ...NEWS, installedDeviceCount: 5 },
            expected: {
                changes: true,
                replaces: [],
                changedCounters: ["installedDeviceCount"],
                properties: [{ name: "installedDeviceCount", change: "update" }],
            },
        },
        {
            name: "two counters changed, reported in table order",
            news: { mobileAppId: APP, failedDeviceCount: 0, installedDeviceCount: 0 },
            expected: {
                changes: true,
                replaces: [],
                changedCounters: ["installedDeviceCount", "failedDeviceCount"],
                properties: [
                    { name: "installedDeviceCount", change: "update" },
                    { name: "failedDeviceCount", change: "update" },
                ],
            },
        },
        {
            name: "undeclared counters that differ in olds are ignored",
            olds: { ...OLDS, notInstalledDeviceCount: 999, pendingInstallUserCount: 12345 },
            news: NEWS,
            expected: NO_CHANGE,
        },
        {
            name: "a newly declared counter equal to the stored value is a declaration change only",
            news: { ...NEWS, notInstalledDeviceCount: 7 },
            expected: { changes: true, replaces: [], changedCounters: [], properties: [{ name: "notInstalledDeviceCount", change: "add" }] },
        },
        {
            name: "a newly declared counter with another value is a counter change",
            news: { ...NEWS, notInstalledDeviceCount: 8 },
            expected: {
                changes: true,
                replaces: [],
                changedCounters: ["notInstalledDeviceCount"],
                properties: [{ name: "notInstalledDeviceCount", change: "add" }],
            },
        },
        {
            name: "removing a declared counter",
            news: { mobileAppId: APP, installedDeviceCount: 4 },
            expected: { changes: true, replaces: [], changedCounters: [], properties: [{ name: "failedDeviceCount", change: "delete" }] },
        },
        {
            name: "a declared counter missing from olds counts as changed",
            olds: { ...OLDS, failedDeviceCount: undefined },
            news: NEWS,
            expected: { changes: true, replaces: [], changedCounters: ["failedDeviceCount"], properties: [{ name: "failedDeviceCount", change: "update" }] },
        },
        {
            name: "restoreOnDestroy turned on",
            news: { ...NEWS, restoreOnDestroy: true },
            expected: { changes: true, replaces: [], changedCounters: [], properties: [{ name: "restoreOnDestroy", change: "add" }] },
        },
        {
            name: "restoreOnDestroy turned off",
            olds: { ...OLDS, restoreOnDestroy: true },
            news: { ...NEWS, restoreOnDestroy: false },
            expected: { changes: true, replaces: [], changedCounters: [], properties: [{ name: "restoreOnDestroy", change: "update" }] },
        },
        {
            name: "restoreOnDestroy removed (was true)",
            olds: { ...OLDS, restoreOnDestroy: true },
            news: NEWS,
            expected: { changes: true, replaces: [], changedCounters: [], properties: [{ name: "restoreOnDestroy", change: "delete" }] },
        },
        { name: "restoreOnDestroy false where it was absent is no change", news: { ...NEWS, restoreOnDestroy: false }, expected: NO_CHANGE },
        { name: "restoreOnDestroy true kept", olds: { ...OLDS, restoreOnDestroy: true }, news: { ...NEWS, restoreOnDestroy: true }, expected: NO_CHANGE },
        {
            name: "mobileAppId changed → replace",
            news: { ...NEWS, mobileAppId: OTHER_APP },
            expected: { changes: true, replaces: ["mobileAppId"], changedCounters: [], properties: [{ name: "mobileAppId", change: "update" }] },
        },
        { name: "mobileAppId differing only in case is not a replace", olds: { ...OLDS, mobileAppId: APP.toUpperCase() }, news: NEWS, expected: NO_CHANGE },
        {
            name: "unknown counter during preview is a change",
            news: { ...NEWS, failedDeviceCount: UNKNOWN },
            expected: { changes: true, replaces: [], changedCounters: ["failedDeviceCount"], properties: [{ name: "failedDeviceCount", change: "update" }] },
        },
        {
            name: "unknown mobileAppId during preview → replace",
            news: { ...NEWS, mobileAppId: UNKNOWN },
            expected: { changes: true, replaces: ["mobileAppId"], changedCounters: [], properties: [{ name: "mobileAppId", change: "update" }] },
        },
        {
            name: "olds from an older version without declaredCounters: no declaration change reported",
            olds: { ...OLDS, declaredCounters: undefined },
            news: { ...NEWS, notInstalledDeviceCount: 7 },
            expected: NO_CHANGE,
        },
        {
            name: "olds from an older version still report counter changes",
            olds: { ...OLDS, declaredCounters: undefined },
            news: { ...NEWS, installedDeviceCount: 9 },
            expected: {
                changes: true,
                replaces: [],
                changedCounters: ["installedDeviceCount"],
                properties: [{ name: "installedDeviceCount", change: "update" }],
            },
        },
        { name: "__provider differing is not a change", news: { ...NEWS, __provider: "exports.handler = /* version 2 */" }, expected: NO_CHANGE },
        { name: "summaryId is not compared", olds: { ...OLDS, summaryId: "another" }, news: NEWS, expected: NO_CHANGE },
        {
            name: "properties in table order: a counter dropped between two kept ones, a new one, restoreOnDestroy last",
            olds: { ...OLDS, declaredCounters: ["installedDeviceCount", "failedDeviceCount", "notInstalledDeviceCount"] },
            news: { mobileAppId: APP, installedDeviceCount: 5, notInstalledDeviceCount: 7, pendingInstallUserCount: 1, restoreOnDestroy: true },
            expected: {
                changes: true,
                replaces: [],
                changedCounters: ["installedDeviceCount", "pendingInstallUserCount"],
                properties: [
                    { name: "installedDeviceCount", change: "update" },
                    { name: "failedDeviceCount", change: "delete" },
                    { name: "pendingInstallUserCount", change: "add" },
                    { name: "restoreOnDestroy", change: "add" },
                ],
            },
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const olds = Object.fromEntries(Object.entries(c.olds ?? OLDS).filter(([, v]) => v !== undefined));
            assert.deepEqual(diffSummary(olds, c.news as CheckedInputs), c.expected);
        });
    }
});

describe("provider/model/diff diffSummary: which counters are declared", () => {
    it("the same number of counters, one of them another: a change of state only", () => {
        const news: CheckedInputs = { mobileAppId: APP, installedDeviceCount: 4, notInstalledDeviceCount: 7 };
        assert.deepEqual(diffSummary(OLDS, news), {
            changes: true,
            replaces: [],
            changedCounters: [],
            properties: [
                { name: "failedDeviceCount", change: "delete" },
                { name: "notInstalledDeviceCount", change: "add" },
            ],
        });
    });

    it("a counter not known yet is a change, and an app id not known yet a replace", () => {
        assert.deepEqual(diffSummary(OLDS, { ...NEWS, installedDeviceCount: UNKNOWN as unknown as number }).changedCounters, ["installedDeviceCount"]);
        assert.deepEqual(diffSummary(OLDS, { ...NEWS, mobileAppId: UNKNOWN }).replaces, ["mobileAppId"]);
    });
});
