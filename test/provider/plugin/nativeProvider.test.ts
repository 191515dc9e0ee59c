/**
 * The plugin's resource provider on plain values, against the Graph emulator (a real local HTTP
 * server): the per-property diff the engine shows, import's read, Configure's redaction, and Cancel.
 */
import { strict as assert } from "node:assert";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import { COUNTER_NAMES } from "../../../provider/model/fields";
import { NativeProvider } from "../../../provider/plugin/nativeProvider";
import { APP_IDS, TEST_TOKEN } from "../../support/fixtures";

const [TEAMS, OUTLOOK] = APP_IDS;

/** Stored outputs of a resource that declares installedDeviceCount = 4, failedDeviceCount = 1 and restoreOnDestroy = false. */
const OLDS = {
    mobileAppId: TEAMS,
    installedDeviceCount: 4,
    failedDeviceCount: 1,
    installedUserCount: 0,
    declaredCounters: ["installedDeviceCount", "failedDeviceCount"],
    restoreOnDestroy: false,
};

describe("provider/plugin/nativeProvider", () => {
    const provider = new NativeProvider({});

    describe("diff: each property, how it changes, and whether against the inputs or the values last read", () => {
        for (const [what, news, properties, replaces] of [
            ["nothing changes", { mobileAppId: TEAMS, installedDeviceCount: 4, failedDeviceCount: 1 }, [], []],
            [
                "a declared counter differs from the value last read",
                { mobileAppId: TEAMS, installedDeviceCount: 5, failedDeviceCount: 1 },
                [{ name: "installedDeviceCount", change: "update", inputDiff: false }],
                [],
            ],
            [
                "a counter is declared for the first time, another no longer",
                { mobileAppId: TEAMS, installedDeviceCount: 4, installedUserCount: 0 },
                [
                    { name: "failedDeviceCount", change: "delete", inputDiff: true },
                    { name: "installedUserCount", change: "add", inputDiff: true },
                ],
                [],
            ],
            [
                "restoreOnDestroy changed: against the inputs",
                { mobileAppId: TEAMS, installedDeviceCount: 4, failedDeviceCount: 1, restoreOnDestroy: true },
                [{ name: "restoreOnDestroy", change: "update", inputDiff: true }],
                [],
            ],
            [
                "another app: a replacement",
                { mobileAppId: OUTLOOK, installedDeviceCount: 4, failedDeviceCount: 1 },
                [{ name: "mobileAppId", change: "update", inputDiff: false }],
                ["mobileAppId"],
            ],
        ] as const) {
            it(what, () => {
                const diff = provider.diff(OLDS, news);
                assert.deepEqual(
                    [...diff.properties].sort((a, b) => a.name.localeCompare(b.name)),
                    properties,
                );
                assert.deepEqual(diff.replaces, replaces);
                assert.equal(diff.changes, properties.length > 0);
            });
        }

        it("state written by the dynamic provider (__provider in the outputs) changes by dropping it", () => {
            const diff = provider.diff({ ...OLDS, __provider: "exports.handler = ..." }, { mobileAppId: TEAMS, installedDeviceCount: 4, failedDeviceCount: 1 });
            assert.deepEqual(diff.properties, [{ name: "__provider", change: "delete", inputDiff: false }]);
            assert.deepEqual(diff.replaces, []);
        });
    });

    it("check returns the failures with the inputs as given, else the checked inputs", () => {
        assert.deepEqual(provider.check({ mobileAppId: TEAMS.toUpperCase(), installedDeviceCount: 1 }), {
            inputs: { mobileAppId: TEAMS, installedDeviceCount: 1 },
            failures: [],
        });
        const bad = { mobileAppId: TEAMS, installedDeviceCnt: 1 };
        const { inputs, failures } = provider.check(bad);
        assert.equal(inputs, bad);
        assert.match(failures[0].reason, /Did you mean "installedDeviceCount"\?/);
    });

    it("configure with invalid settings throws without any value given, secrets included", () => {
        const p = new NativeProvider({});
        assert.throws(
            () => p.configure({ accessToken: TEST_TOKEN, maxRetries: `many-${TEST_TOKEN}` }),
            (error: Error) => /intune:maxRetries/.test(error.message) && !error.message.includes(TEST_TOKEN),
        );
    });

    it("an operation before Configure is refused, naming the missing call", async () => {
        await assert.rejects(new NativeProvider({}).read(TEAMS, {}), /before it was configured \(no Configure call\)/);
    });

    describe("against the emulator", () => {
        let emulator: GraphEmulator;
        let p: NativeProvider;
        before(async () => {
            emulator = new GraphEmulator({ tokens: [TEST_TOKEN] });
            const url = await emulator.start();
            emulator.addApp(TEAMS, { installedDeviceCount: 6, failedDeviceCount: 2 });
            p = new NativeProvider({}, () => undefined);
            p.configure({ graphEndpoint: url, accessToken: TEST_TOKEN });
        });
        after(() => emulator?.stop());

        it("read of an import (no properties) declares every counter at its live value, with one GET", async () => {
            const found = (await p.read(TEAMS.toUpperCase(), {}))!;
            assert.equal(found.id, TEAMS);
            assert.deepEqual(Object.keys(found.inputs).sort(), ["mobileAppId", ...COUNTER_NAMES].sort());
            assert.equal(found.inputs.installedDeviceCount, 6);
            assert.deepEqual(found.outputs.declaredCounters, COUNTER_NAMES);
            assert.deepEqual(
                emulator.graphRequests().map((r) => r.method),
                ["GET"],
            );
        });

        it("read of an app that no longer exists is undefined: the resource is gone", async () => {
            assert.equal(await p.read(OUTLOOK, { mobileAppId: OUTLOOK, declaredCounters: [] }), undefined);
        });

        it("after cancel, no operation starts: it fails with the cancel's message and sends nothing", async () => {
            emulator.clearRequests();
            p.cancel();
            await assert.rejects(
                p.update(TEAMS, OLDS, { mobileAppId: TEAMS, installedDeviceCount: 9 }, 0),
                /Stopped: the deployment was cancelled \(Ctrl\+C\)/,
            );
            assert.deepEqual(emulator.graphRequests(), []);
        });
    });
});
