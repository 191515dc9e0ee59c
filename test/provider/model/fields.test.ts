import { strict as assert } from "node:assert";
import { COUNT_RANGE, INSTALL_SUMMARY, INT32 } from "../../../emulator/schema";
import { COUNTERS, COUNTER_NAMES, INT32_MAX, INT32_MIN, formatCounters, isCounterName, pickCounters } from "../../../provider/model/fields";

describe("provider/model/fields", () => {
    it("has the ten Int32 counters of the entity, in the documented order", () => {
        assert.deepEqual(COUNTER_NAMES, [
            "installedDeviceCount",
            "failedDeviceCount",
            "notInstalledDeviceCount",
            "installedUserCount",
            "failedUserCount",
            "notInstalledUserCount",
            "notApplicableDeviceCount",
            "pendingInstallDeviceCount",
            "notApplicableUserCount",
            "pendingInstallUserCount",
        ]);
        assert.equal(INT32_MAX, 2 ** 31 - 1);
        for (const c of COUNTERS) {
            assert.ok(c.description.length > 10, `${c.name} has no description`);
        }
    });

    const names: Array<{ name: string; counter: boolean }> = [
        { name: "installedDeviceCount", counter: true },
        { name: "pendingInstallUserCount", counter: true },
        { name: "InstalledDeviceCount", counter: false },
        { name: "id", counter: false },
        { name: "mobileAppId", counter: false },
        { name: "", counter: false },
    ];
    for (const c of names) {
        it(`isCounterName(${JSON.stringify(c.name)}) is ${c.counter}`, () => assert.equal(isCounterName(c.name), c.counter));
    }

    describe("pickCounters", () => {
        it("keeps integer counters in table order and drops id, @odata.* and unknown fields", () => {
            const picked = pickCounters({
                "@odata.context": "x",
                failedUserCount: 15,
                id: "summary",
                installedDeviceCount: 0,
                somethingNew: 3,
            });
            assert.deepEqual(Object.entries(picked), [
                ["installedDeviceCount", 0],
                ["failedUserCount", 15],
            ]);
        });

        it("drops values that are not integers", () => {
            assert.deepEqual(
                pickCounters({ installedDeviceCount: 1.5, failedDeviceCount: "2", notInstalledDeviceCount: null, installedUserCount: NaN, failedUserCount: 7 }),
                {
                    failedUserCount: 7,
                },
            );
        });

        it("keeps only the names asked for", () => {
            assert.deepEqual(
                pickCounters({ installedDeviceCount: 1, failedDeviceCount: 2, notInstalledDeviceCount: 3 }, [
                    "notInstalledDeviceCount",
                    "installedDeviceCount",
                ]),
                {
                    notInstalledDeviceCount: 3,
                    installedDeviceCount: 1,
                },
            );
        });
    });
});

// The emulator describes Graph's entity on its own (emulator/schema.ts, from Graph's documents), so
// that it refuses what Graph refuses instead of sharing the provider's mistakes; here the two must agree.
describe("provider/fields agrees with Graph's schema as the emulator describes it", () => {
    it("the counters are exactly the entity's Edm.Int32 properties; its only other property is the key", () => {
        const properties = Object.entries(INSTALL_SUMMARY.properties);
        const int32 = properties.filter(([, type]) => type === "Edm.Int32").map(([name]) => name);
        assert.deepEqual([...COUNTER_NAMES].sort(), int32.sort());
        assert.deepEqual(
            properties.filter(([name]) => !isCounterName(name)),
            [[INSTALL_SUMMARY.key, "Edm.String"]],
        );
    });

    it("the counters' bounds are Edm.Int32's, and counts start at 0 in both", () => {
        assert.deepEqual({ min: INT32_MIN, max: INT32_MAX }, INT32);
        assert.deepEqual({ min: 0, max: INT32_MAX }, COUNT_RANGE);
    });
});

describe("provider/model/fields pickCounters and formatCounters", () => {
    it("pickCounters drops a counter that is not a whole number (a string, a fraction)", () => {
        assert.deepEqual(pickCounters({ installedDeviceCount: "3", failedDeviceCount: 2.5, notInstalledDeviceCount: 4 }), { notInstalledDeviceCount: 4 });
    });

    it("formatCounters lists the counters that have a value, in table order", () => {
        assert.equal(formatCounters({ failedUserCount: 0, installedDeviceCount: 3 }), "installedDeviceCount = 3, failedUserCount = 0");
        assert.equal(formatCounters({}), "");
    });
});
