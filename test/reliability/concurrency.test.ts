/**
 * Concurrency: 500 operations in flight at once in one provider host (the engine sends every
 * create, then every read, at once, as `pulumi up` and `pulumi refresh` do by default). All
 * complete, none is lost or doubled, and the host stays within intune:maxSockets connections to
 * Graph: measured by the emulator (peak open connections) and in the host process itself (socket
 * descriptors in /proc, on Linux).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import type { Registration } from "../../engine/runProgram";
import { Rig, appId, registration, startRig, timed } from "./support/harness";

const OPERATIONS = 500;
const MAX_SOCKETS = 16;

/** Socket descriptors the process `pid` holds now; undefined where /proc is not available. */
function socketCount(pid: number): number | undefined {
    const dir = `/proc/${pid}/fd`;
    if (!fs.existsSync(dir)) {
        return undefined;
    }
    let sockets = 0;
    for (const fd of fs.readdirSync(dir)) {
        try {
            if (fs.readlinkSync(`${dir}/${fd}`).startsWith("socket:")) {
                sockets++;
            }
        } catch {
            // closed meanwhile
        }
    }
    return sockets;
}

/** Runs `work` while sampling the socket count of `pid` every 10 ms; returns the result and the highest count seen. */
async function sampledSockets<T>(pid: number, work: () => Promise<T>): Promise<{ result: T; peak?: number; samples: number }> {
    let peak: number | undefined;
    let samples = 0;
    const timer = setInterval(() => {
        const count = socketCount(pid);
        if (count !== undefined) {
            peak = Math.max(peak ?? 0, count);
            samples++;
        }
    }, 10);
    try {
        return { result: await work(), peak, samples };
    } finally {
        clearInterval(timer);
    }
}

describe(`reliability: ${OPERATIONS} operations in flight at once in one host`, function () {
    this.timeout(180_000);
    let rig: Rig;
    const regs: Registration[] = [];
    let baselineSockets: number | undefined;

    before(async () => {
        rig = await startRig({
            config: { "intune:maxSockets": String(MAX_SOCKETS), "intune:writesPerWindow": "0" },
            behaviour: { latencyMs: 5 },
        });
        for (let i = 0; i < OPERATIONS; i++) {
            const id = appId(i, "c0c0c0c0");
            rig.emulator.addApp(id, { installedDeviceCount: 1, failedDeviceCount: 1 });
            regs.push(await registration(`app-${String(i).padStart(3, "0")}`, { mobileAppId: id, installedDeviceCount: 1000 + i, failedDeviceCount: i }));
        }
        baselineSockets = socketCount(rig.stack.host.pid); // the gRPC listener and the engine's connection
    });
    after(() => rig?.stop());
    beforeEach(() => {
        rig.emulator.clearRequests();
        rig.emulator.resetPeakConnections();
    });

    it(`up: ${OPERATIONS} creates all complete, none lost or doubled, within ${MAX_SOCKETS} connections`, async () => {
        const { result, peak, samples } = await sampledSockets(rig.stack.host.pid, () => timed(() => rig.stack.engine.up(regs)));
        const { result: steps, ms } = result;
        assert.deepEqual(
            steps.filter((s) => s.error).map((s) => s.error),
            [],
            "no operation failed",
        );
        assert.equal(steps.filter((s) => s.op === "create").length, OPERATIONS);
        assert.equal(rig.stack.engine.state.size, OPERATIONS, "every resource is in the stack");
        regs.forEach((r, i) => {
            const counters = rig.emulator.counters(r.inputs.mobileAppId as string);
            assert.deepEqual([counters.installedDeviceCount, counters.failedDeviceCount], [1000 + i, i], r.name);
            assert.equal(rig.stack.engine.state.get(r.urn)!.outputs.installedDeviceCount, 1000 + i, `${r.name} outputs`);
        });
        assert.equal(rig.emulator.graphRequests("PATCH").length, OPERATIONS, "one PATCH per create: none doubled");
        assert.equal(rig.emulator.graphRequests("GET").length, 2 * OPERATIONS, "one read before and one read-back per create: none retried");

        assert.ok(rig.emulator.peakConnections <= MAX_SOCKETS, `peak connections ${rig.emulator.peakConnections} > ${MAX_SOCKETS}`);
        assert.ok(rig.emulator.peakConnections >= MAX_SOCKETS / 2, `peak connections ${rig.emulator.peakConnections}: the operations did not run concurrently`);
        if (peak !== undefined && baselineSockets !== undefined) {
            assert.ok(samples > 5, `sampled ${samples} times`);
            assert.ok(peak <= baselineSockets + MAX_SOCKETS + 2, `the host held ${peak} sockets (${baselineSockets} before the run)`);
        }
        assert.ok(ms < 90_000, `took ${ms} ms`);
        if (process.env.RELIABILITY_REPORT)
            console.log(
                `      ${OPERATIONS} creates in ${ms} ms; peak Graph connections ${rig.emulator.peakConnections}; host sockets ${baselineSockets} before, at most ${peak} during`,
            );
    });

    it(`refresh: ${OPERATIONS} reads at once, all complete within ${MAX_SOCKETS} connections`, async () => {
        rig.emulator.setCounters(regs[7].inputs.mobileAppId as string, { installedDeviceCount: 5 }); // one drift to find
        const { result: steps, ms } = await timed(() => rig.stack.refresh());
        assert.deepEqual(
            steps.filter((s) => s.error).map((s) => s.error),
            [],
        );
        assert.deepEqual(
            steps.filter((s) => s.op === "refresh").map((s) => [s.name, s.changes]),
            [["app-007", [{ key: "installedDeviceCount", old: 1007, new: 5 }]]],
        );
        assert.equal(steps.filter((s) => s.op === "same").length, OPERATIONS - 1);
        assert.equal(rig.emulator.graphRequests("GET").length, OPERATIONS, "one GET per resource");
        assert.ok(rig.emulator.peakConnections <= MAX_SOCKETS, `peak connections ${rig.emulator.peakConnections}`);
        assert.ok(ms < 60_000, `took ${ms} ms`);
    });
});
