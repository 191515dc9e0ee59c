/** Write verification against the emulator: applied, applied late, never applied. */
import { strict as assert } from "node:assert";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import { GraphClient } from "../../../provider/graph/client";
import { OperationStats } from "../../../provider/graph/stats";
import { createLogger } from "../../../provider/log/log";
import { isWriteError } from "../../../provider/operations/writeError";
import { findMismatches, isWriteNotAppliedError, writeAndVerify } from "../../../provider/operations/writeVerification";
import { APP_IDS, TEST_TOKEN } from "../../support/fixtures";
import { testClient } from "../../support/graphClient";

const APP = APP_IDS[0];

describe("provider/operations/writeVerification", () => {
    describe("findMismatches", () => {
        const cases = [
            { name: "all applied", expected: { installedDeviceCount: 4 }, actual: { installedDeviceCount: 4, failedDeviceCount: 9 }, mismatches: [] },
            {
                name: "one differs",
                expected: { installedDeviceCount: 4, failedDeviceCount: 1 },
                actual: { installedDeviceCount: 0, failedDeviceCount: 1 },
                mismatches: [{ field: "installedDeviceCount", expected: 4, actual: 0 }],
            },
            {
                name: "absent from the answer",
                expected: { pendingInstallUserCount: 2 },
                actual: {},
                mismatches: [{ field: "pendingInstallUserCount", expected: 2, actual: undefined }],
            },
        ];
        for (const c of cases) {
            it(c.name, () => assert.deepEqual(findMismatches(c.expected, c.actual), c.mismatches));
        }
    });

    describe("writeAndVerify against the emulator", () => {
        const emulator = new GraphEmulator({ tokens: [TEST_TOKEN] });
        const lines: string[] = [];
        let client: GraphClient;
        const log = createLogger("info", undefined, (line) => lines.push(line));

        before(async () => {
            const url = await emulator.start();
            client = testClient(url, lines, { maxSockets: 4, log });
        });
        after(async () => {
            client.close();
            await emulator.stop();
        });
        beforeEach(() => {
            emulator.addApp(APP, { installedDeviceCount: 1 });
            emulator.behaviour = { ...emulator.behaviour, ignoreWrites: false, applyDelayMs: 0, patchStatus: 204 };
            emulator.clearRequests();
            lines.length = 0;
        });

        it("a write that applies is read back once after a 204", async () => {
            const entity = await writeAndVerify({
                client,
                stats: new OperationStats(),
                log,
                verify: { mode: "error", timeoutMs: 2_000 },
                mobileAppId: APP,
                values: { installedDeviceCount: 4 },
            });
            assert.equal(entity.installedDeviceCount, 4);
            assert.deepEqual(
                emulator.graphRequests().map((r) => r.method),
                ["PATCH", "GET"],
            );
        });

        it("a 200 that echoes the applied values needs no GET", async () => {
            emulator.behaviour.patchStatus = 200;
            await writeAndVerify({
                client,
                stats: new OperationStats(),
                log,
                verify: { mode: "error", timeoutMs: 2_000 },
                mobileAppId: APP,
                values: { installedDeviceCount: 4 },
            });
            assert.deepEqual(
                emulator.graphRequests().map((r) => r.method),
                ["PATCH"],
            );
        });

        it("a write visible only after a delay (eventual consistency) succeeds after re-reading", async () => {
            emulator.behaviour.applyDelayMs = 500;
            const entity = await writeAndVerify({
                client,
                stats: new OperationStats(),
                log,
                verify: { mode: "error", timeoutMs: 3_000 },
                mobileAppId: APP,
                values: { installedDeviceCount: 4 },
            });
            assert.equal(entity.installedDeviceCount, 4);
            const gets = emulator.graphRequests("GET").length;
            assert.ok(gets >= 2 && gets <= 5, `${gets} reads`);
        });

        it("a write accepted but not applied fails, naming each field, expected and actual, and the request-id", async () => {
            emulator.behaviour.ignoreWrites = true;
            const started = Date.now();
            let error: unknown;
            try {
                await writeAndVerify({
                    client,
                    stats: new OperationStats(),
                    log,
                    verify: { mode: "error", timeoutMs: 1_000 },
                    mobileAppId: APP,
                    values: { installedDeviceCount: 4, failedDeviceCount: 0 },
                });
            } catch (e) {
                error = e;
            }
            assert.ok(isWriteError(error) && error.landed === "yes", "Graph accepted the write");
            const e = error.cause;
            assert.ok(isWriteNotAppliedError(e));
            assert.deepEqual(e.mismatches, [{ field: "installedDeviceCount", expected: 4, actual: 1 }]);
            assert.match(e.message, /installedDeviceCount = 1 instead of 4/);
            assert.match(e.message, /request-id [0-9a-f-]{36}/);
            assert.match(e.message, /intune:writeVerification/);
            assert.ok(Date.now() - started < 2_500, "bounded by the verify timeout");
            const reads = emulator.graphRequests("GET").length;
            assert.ok(reads >= 2 && reads <= 5, `${reads} reads`);
        });

        it("mode warn logs the same message and returns the actual values", async () => {
            emulator.behaviour.ignoreWrites = true;
            const entity = await writeAndVerify({
                client,
                stats: new OperationStats(),
                log,
                verify: { mode: "warn", timeoutMs: 300 },
                mobileAppId: APP,
                values: { installedDeviceCount: 4 },
            });
            assert.equal(entity.installedDeviceCount, 1);
            assert.equal(lines.length, 1);
            assert.match(lines[0], /^intune: warning: Graph accepted the PATCH .* installedDeviceCount = 1 instead of 4/);
        });

        it("mode off reads back once and does not compare", async () => {
            emulator.behaviour.ignoreWrites = true;
            const entity = await writeAndVerify({
                client,
                stats: new OperationStats(),
                log,
                verify: { mode: "off", timeoutMs: 3_000 },
                mobileAppId: APP,
                values: { installedDeviceCount: 4 },
            });
            assert.equal(entity.installedDeviceCount, 1);
            assert.deepEqual(
                emulator.graphRequests().map((r) => r.method),
                ["PATCH", "GET"],
            );
            assert.deepEqual(lines, []);
        });
    });
});
