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

const NO_CHANGE: SummaryDiff = { changes: false, replaces: [], changedCounters: [] };

describe("provider/model/diff diffSummary", () => {
    const cases: Array<{ name: string; olds?: Record<string, unknown>; news: Record<string, unknown>; expected: SummaryDiff }> = [
        { name: "no change", news: NEWS, expected: NO_CHANGE },
        {
            name: "one counter changed",
            news: { ...NEWS, installedDeviceCount: 5 },
            expected: { changes: true, replaces: [], changedCounters: ["installedDeviceCount"] },
        },
        {
            name: "two counters changed, reported in table order",
            news: { mobileAppId: APP, failedDeviceCount: 0, installedDeviceCount: 0 },
            expected: { changes: true, replaces: [], changedCounters: ["installedDeviceCount", "failedDeviceCount"] },
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
            expected: { changes: true, replaces: [], changedCounters: [] },
        },
        {
            name: "a newly declared counter with another value is a counter change",
            news: { ...NEWS, notInstalledDeviceCount: 8 },
            expected: { changes: true, replaces: [], changedCounters: ["notInstalledDeviceCount"] },
        },
        {
            name: "removing a declared counter",
            news: { mobileAppId: APP, installedDeviceCount: 4 },
            expected: { changes: true, replaces: [], changedCounters: [] },
        },
        {
            name: "a declared counter missing from olds counts as changed",
            olds: { ...OLDS, failedDeviceCount: undefined },
            news: NEWS,
            expected: { changes: true, replaces: [], changedCounters: ["failedDeviceCount"] },
        },
        { name: "restoreOnDestroy turned on", news: { ...NEWS, restoreOnDestroy: true }, expected: { changes: true, replaces: [], changedCounters: [] } },
        {
            name: "restoreOnDestroy turned off",
            olds: { ...OLDS, restoreOnDestroy: true },
            news: { ...NEWS, restoreOnDestroy: false },
            expected: { changes: true, replaces: [], changedCounters: [] },
        },
        {
            name: "restoreOnDestroy removed (was true)",
            olds: { ...OLDS, restoreOnDestroy: true },
            news: NEWS,
            expected: { changes: true, replaces: [], changedCounters: [] },
        },
        { name: "restoreOnDestroy false where it was absent is no change", news: { ...NEWS, restoreOnDestroy: false }, expected: NO_CHANGE },
        { name: "restoreOnDestroy true kept", olds: { ...OLDS, restoreOnDestroy: true }, news: { ...NEWS, restoreOnDestroy: true }, expected: NO_CHANGE },
        {
            name: "mobileAppId changed → replace",
            news: { ...NEWS, mobileAppId: OTHER_APP },
            expected: { changes: true, replaces: ["mobileAppId"], changedCounters: [] },
        },
        { name: "mobileAppId differing only in case is not a replace", olds: { ...OLDS, mobileAppId: APP.toUpperCase() }, news: NEWS, expected: NO_CHANGE },
        {
            name: "unknown counter during preview is a change",
            news: { ...NEWS, failedDeviceCount: UNKNOWN },
            expected: { changes: true, replaces: [], changedCounters: ["failedDeviceCount"] },
        },
        {
            name: "unknown mobileAppId during preview → replace",
            news: { ...NEWS, mobileAppId: UNKNOWN },
            expected: { changes: true, replaces: ["mobileAppId"], changedCounters: [] },
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
            expected: { changes: true, replaces: [], changedCounters: ["installedDeviceCount"] },
        },
        { name: "__provider differing is not a change", news: { ...NEWS, __provider: "exports.handler = /* version 2 */" }, expected: NO_CHANGE },
        { name: "summaryId is not compared", olds: { ...OLDS, summaryId: "another" }, news: NEWS, expected: NO_CHANGE },
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
        assert.deepEqual(diffSummary(OLDS, news), { changes: true, replaces: [], changedCounters: [] });
    });

    it("a counter not known yet is a change, and an app id not known yet a replace", () => {
        assert.deepEqual(diffSummary(OLDS, { ...NEWS, installedDeviceCount: UNKNOWN as unknown as number }).changedCounters, ["installedDeviceCount"]);
        assert.deepEqual(diffSummary(OLDS, { ...NEWS, mobileAppId: UNKNOWN }).replaces, ["mobileAppId"]);
    });
});
