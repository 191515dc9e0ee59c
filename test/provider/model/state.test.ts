import { strict as assert } from "node:assert";
import { CounterName } from "../../../provider/model/fields";
import type { InstallSummary } from "../../../provider/model/installSummary";
import { checkInputs, declaredCounters } from "../../../provider/model/inputs";
import { SummaryOutputs, appliedFrom, appliedFromOutputs, inputsFromOutputs, toOutputs } from "../../../provider/model/state";

const APP = "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b";

const ALL_COUNTERS = {
    installedDeviceCount: 4,
    failedDeviceCount: 1,
    notInstalledDeviceCount: 7,
    installedUserCount: 2,
    failedUserCount: 15,
    notInstalledUserCount: 5,
    notApplicableDeviceCount: 0,
    pendingInstallDeviceCount: 3,
    notApplicableUserCount: 0,
    pendingInstallUserCount: 6,
};

const ENTITY: InstallSummary = {
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#deviceAppManagement/mobileApps('x')/installSummary/$entity",
    "@odata.type": "#microsoft.graph.mobileAppInstallSummary",
    id: "summary-1",
    ...ALL_COUNTERS,
    someFutureField: "x",
};

/** Paths of every `undefined` value, recursively (what the engine rejects as "Unexpected struct type"). */
function undefinedPaths(value: unknown, path = "$"): string[] {
    if (value === undefined) {
        return [path];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => undefinedPaths(v, `${path}[${i}]`));
    }
    if (value !== null && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) => undefinedPaths(v, `${path}.${k}`));
    }
    return [];
}

describe("provider/model/state toOutputs", () => {
    it("keeps only the counters of the entity and sets summaryId from entity.id", () => {
        const outputs = toOutputs(APP, ENTITY, { declared: ["installedDeviceCount"] });
        assert.deepEqual(outputs, { mobileAppId: APP, ...ALL_COUNTERS, summaryId: "summary-1", declaredCounters: ["installedDeviceCount"] });
    });

    it("drops counters that are not integers (fractions, strings, null)", () => {
        const outputs = toOutputs(
            APP,
            { id: "s", installedDeviceCount: 1.5, failedDeviceCount: "2", notInstalledDeviceCount: null, installedUserCount: 3 } as unknown as InstallSummary,
            { declared: [] },
        );
        assert.deepEqual(outputs, { mobileAppId: APP, installedUserCount: 3, summaryId: "s", declaredCounters: [] });
    });

    const cases: Array<{ name: string; entity: InstallSummary; applied: Parameters<typeof toOutputs>[2] }> = [
        { name: "empty entity, nothing declared", entity: {}, applied: { declared: [] } },
        { name: "entity without id", entity: { installedDeviceCount: 1 }, applied: { declared: ["installedDeviceCount"] } },
        {
            name: "entity with id null and undefined counters",
            entity: { id: null as unknown as string, installedDeviceCount: undefined, failedDeviceCount: 2 },
            applied: { declared: ["failedDeviceCount"] },
        },
        {
            name: "restoreOnDestroy undefined",
            entity: ENTITY,
            applied: { declared: ["installedDeviceCount"], restoreOnDestroy: undefined, valuesBeforeAdoption: undefined },
        },
        {
            name: "restoreOnDestroy false with values",
            entity: ENTITY,
            applied: { declared: ["installedDeviceCount"], restoreOnDestroy: false, valuesBeforeAdoption: { installedDeviceCount: 9 } },
        },
        { name: "restoreOnDestroy true without values", entity: ENTITY, applied: { declared: ["installedDeviceCount"], restoreOnDestroy: true } },
        {
            name: "restoreOnDestroy true with values",
            entity: ENTITY,
            applied: { declared: ["installedDeviceCount"], restoreOnDestroy: true, valuesBeforeAdoption: { installedDeviceCount: 9 } },
        },
    ];
    for (const c of cases) {
        it(`never contains undefined: ${c.name}`, () => {
            const outputs = toOutputs(APP, c.entity, c.applied);
            assert.deepEqual(undefinedPaths(outputs), []);
            assert.equal(outputs.mobileAppId, APP);
        });
    }

    it("keeps restoreOnDestroy when declared and valuesBeforeAdoption only when it is true", () => {
        const on = toOutputs(APP, ENTITY, { declared: ["installedDeviceCount"], restoreOnDestroy: true, valuesBeforeAdoption: { installedDeviceCount: 9 } });
        assert.equal(on.restoreOnDestroy, true);
        assert.deepEqual(on.valuesBeforeAdoption, { installedDeviceCount: 9 });
        const off = toOutputs(APP, ENTITY, { declared: ["installedDeviceCount"], restoreOnDestroy: false, valuesBeforeAdoption: { installedDeviceCount: 9 } });
        assert.equal(off.restoreOnDestroy, false);
        assert.equal("valuesBeforeAdoption" in off, false);
        const unset = toOutputs(APP, ENTITY, { declared: [] });
        assert.equal("restoreOnDestroy" in unset, false);
        assert.equal("summaryId" in toOutputs(APP, {}, { declared: [] }), false);
    });

    it("copies declaredCounters and valuesBeforeAdoption (later changes to the arguments do not leak in)", () => {
        const declared: CounterName[] = ["installedDeviceCount"];
        const before = { installedDeviceCount: 9 };
        const outputs = toOutputs(APP, ENTITY, { declared, restoreOnDestroy: true, valuesBeforeAdoption: before });
        declared.push("failedDeviceCount");
        before.installedDeviceCount = 10;
        assert.deepEqual(outputs.declaredCounters, ["installedDeviceCount"]);
        assert.deepEqual(outputs.valuesBeforeAdoption, { installedDeviceCount: 9 });
    });
});

describe("provider/model/state appliedFromOutputs", () => {
    const cases: Array<{ name: string; outputs: Record<string, unknown>; expected: ReturnType<typeof appliedFromOutputs> }> = [
        { name: "empty outputs", outputs: {}, expected: { declared: [], restoreOnDestroy: undefined, valuesBeforeAdoption: undefined } },
        {
            name: "declaredCounters not a list",
            outputs: { declaredCounters: "installedDeviceCount" },
            expected: { declared: [], restoreOnDestroy: undefined, valuesBeforeAdoption: undefined },
        },
        {
            name: "declaredCounters with garbage entries",
            outputs: { declaredCounters: [1, null, "bogus", "failedDeviceCount", {}, "installedDeviceCount"] },
            expected: { declared: ["failedDeviceCount", "installedDeviceCount"], restoreOnDestroy: undefined, valuesBeforeAdoption: undefined },
        },
        {
            name: "restoreOnDestroy as a string",
            outputs: { restoreOnDestroy: "true" },
            expected: { declared: [], restoreOnDestroy: undefined, valuesBeforeAdoption: undefined },
        },
        {
            name: "restoreOnDestroy false",
            outputs: { restoreOnDestroy: false },
            expected: { declared: [], restoreOnDestroy: false, valuesBeforeAdoption: undefined },
        },
        {
            name: "valuesBeforeAdoption null",
            outputs: { valuesBeforeAdoption: null },
            expected: { declared: [], restoreOnDestroy: undefined, valuesBeforeAdoption: undefined },
        },
        {
            name: "valuesBeforeAdoption a string",
            outputs: { valuesBeforeAdoption: "x" },
            expected: { declared: [], restoreOnDestroy: undefined, valuesBeforeAdoption: undefined },
        },
        {
            name: "valuesBeforeAdoption a number",
            outputs: { valuesBeforeAdoption: 5 },
            expected: { declared: [], restoreOnDestroy: undefined, valuesBeforeAdoption: undefined },
        },
        {
            name: "valuesBeforeAdoption with garbage fields",
            outputs: {
                restoreOnDestroy: true,
                valuesBeforeAdoption: { installedDeviceCount: 3, failedDeviceCount: "2", bogus: 1, notInstalledDeviceCount: 1.5 },
            },
            expected: { declared: [], restoreOnDestroy: true, valuesBeforeAdoption: { installedDeviceCount: 3 } },
        },
    ];
    for (const c of cases) {
        it(c.name, () => assert.deepEqual(appliedFromOutputs(c.outputs), c.expected));
    }
});

describe("provider/model/state inputsFromOutputs", () => {
    it("returns the declared counters at their live values and mobileAppId", () => {
        const outputs = toOutputs(APP, ENTITY, { declared: ["failedDeviceCount", "pendingInstallUserCount"] });
        assert.deepEqual(inputsFromOutputs(outputs), { mobileAppId: APP, failedDeviceCount: 1, pendingInstallUserCount: 6 });
    });

    it("includes restoreOnDestroy when declared (true or false)", () => {
        assert.deepEqual(inputsFromOutputs(toOutputs(APP, ENTITY, { declared: [], restoreOnDestroy: false })), { mobileAppId: APP, restoreOnDestroy: false });
        assert.deepEqual(
            inputsFromOutputs(
                toOutputs(APP, ENTITY, { declared: ["installedDeviceCount"], restoreOnDestroy: true, valuesBeforeAdoption: { installedDeviceCount: 0 } }),
            ),
            { mobileAppId: APP, installedDeviceCount: 4, restoreOnDestroy: true },
        );
    });

    it("omits a declared counter that the live entity did not return", () => {
        const outputs: SummaryOutputs = { mobileAppId: APP, installedDeviceCount: 4, declaredCounters: ["installedDeviceCount", "failedDeviceCount"] };
        assert.deepEqual(inputsFromOutputs(outputs), { mobileAppId: APP, installedDeviceCount: 4 });
    });

    it("round-trips checked inputs: the inputs it returns pass check and declare the same counters", () => {
        const { inputs, failures } = checkInputs({ mobileAppId: APP.toUpperCase(), notInstalledUserCount: 1, installedDeviceCount: 2, restoreOnDestroy: true });
        assert.deepEqual(failures, []);
        const outputs = toOutputs(inputs.mobileAppId, ENTITY, appliedFrom(inputs, { installedDeviceCount: 0, notInstalledUserCount: 0 }));
        const again = checkInputs(inputsFromOutputs(outputs));
        assert.deepEqual(again.failures, []);
        assert.deepEqual(again.inputs, { mobileAppId: APP, installedDeviceCount: 4, notInstalledUserCount: 5, restoreOnDestroy: true });
        assert.deepEqual(declaredCounters(again.inputs), declaredCounters(inputs));
    });
});
