import { performance } from "node:perf_hooks";
import type { ResourceState } from "../../../engine/localEngine";
import type { Registration } from "../../../engine/runProgram";
import { UPDATED_COUNTER, appId, withCounters } from "../apps";
import { rawUpdateLimit } from "../baseline";
import { assertNoErrors, deploy, stateByUrn, startBenchEnv } from "../benchEnv";
import { withDeadline } from "../concurrency";
import { directUpdates, loadDirectProvider } from "../directProvider";
import { ownCpuMs, processCpuMs } from "../processCpu";
import type { BenchProfile } from "../profile";
import { median } from "../stats";

/** Updates of n resources in one response mode, run after run: through the engine, the raw-HTTP limit, and the provider called directly. */
export interface UpdatePoint {
    patchStatus: 200 | 204;
    n: number;
    latencyMs: number;
    parallel: number;
    /** Wall time of `pulumi up` (check, diff and update of every resource through the provider host), per run. */
    providerMs: number[];
    /** Graph requests the provider sent, per run. */
    providerRequests: number[];
    /** Wall time of the bare cross-fetch loop in the same run. */
    baselineMs: number[];
    baselineRequests: number[];
    /** providerMs / baselineMs of each run. */
    ratios: number[];
    /** The provider module called in this process (check, diff, update), no engine and no gRPC: its own cost. */
    directMs: number[];
    /** The same `pulumi up` with nothing to send to Graph (only restoreOnDestroy changes): the engine and host's own floor. */
    engineFloorMs: number[];
    /** CPU per update of the provider host during that floor run: the host's own cost, no request. */
    floorHostCpuMsPerUpdate: number[];
    /** CPU per update of the provider host process, and of this process (engine stand-in and emulator), during `pulumi up`. */
    hostCpuMsPerUpdate: number[];
    engineCpuMsPerUpdate: number[];
    /** CPU per update of this process (cross-fetch loop and emulator) during the baseline. */
    baselineCpuMsPerUpdate: number[];
}

/**
 * N updates at latency L with P in flight, PATCH answering 200 with the entity and then 204, for
 * every N of the sweep. The provider's pacing is off (`intune:writesPerWindow: 0`) because this
 * emulator has no write budget: the limit compared against is HTTP's, not the throttle's.
 * Each measurement writes a new value, so every resource really is updated; the three ways
 * rotate their order run by run so none always gets the warmer (or busier) machine.
 */
export async function benchUpdates(registrations: readonly Registration[], profile: BenchProfile, progress: (line: string) => void): Promise<UpdatePoint[]> {
    const { latencyMs, parallel, sweep } = profile.updates;
    const largest = Math.max(...sweep);
    const env = await startBenchEnv({ apps: largest, config: { "intune:writesPerWindow": "0" }, parallel });
    const points: UpdatePoint[] = [];
    try {
        let state: ResourceState[] = await deploy(env, registrations.slice(0, largest));
        const direct = await loadDirectProvider(env.emulator.baseUrl);
        env.emulator.behaviour.latencyMs = latencyMs;
        let value = 100;
        const measure = async (point: UpdatePoint, run: number) => {
            const { n, patchStatus } = point;
            env.emulator.behaviour.patchStatus = patchStatus;
            env.rpc.clear(); // only the no-op preview reads the RPC timings; keep the record from growing
            const ids = Array.from({ length: n }, (_, i) => appId(i));
            const provider = async () => {
                value++;
                env.stack.engine.restore(state.slice(0, n));
                env.emulator.clearRequests();
                const hostCpu = processCpuMs(env.stack.host.pid);
                const wanted = withCounters(registrations.slice(0, n), { [UPDATED_COUNTER]: value });
                const engineCpu = ownCpuMs();
                const started = performance.now();
                const steps = await env.stack.engine.up(wanted);
                point.providerMs.push(performance.now() - started);
                point.engineCpuMsPerUpdate.push((ownCpuMs() - engineCpu) / n);
                const hostCpuAfter = processCpuMs(env.stack.host.pid);
                if (hostCpu !== undefined && hostCpuAfter !== undefined) {
                    point.hostCpuMsPerUpdate.push((hostCpuAfter - hostCpu) / n);
                }
                point.providerRequests.push(env.graphRequests());
                assertNoErrors(steps, `${n} updates (PATCH ${patchStatus})`);
                if (steps.some((s) => s.op !== "update")) {
                    throw new Error(`bench: expected ${n} updates, got ${steps.map((s) => s.op).join(", ")}`);
                }
                state = [...stateByUrn(env), ...state.slice(n)];
            };
            const baseline = async () => {
                value++;
                const cpu = ownCpuMs();
                const result = await rawUpdateLimit(env.emulator.baseUrl, ids, { [UPDATED_COUNTER]: value }, parallel, patchStatus === 204);
                point.baselineCpuMsPerUpdate.push((ownCpuMs() - cpu) / n);
                if (result.failures) {
                    throw new Error(`bench: the baseline saw ${result.failures} failed requests`);
                }
                point.baselineMs.push(result.wallMs);
                point.baselineRequests.push(result.requests);
            };
            const directly = async () => {
                value++;
                const wanted = withCounters(registrations.slice(0, n), { [UPDATED_COUNTER]: value });
                const started = performance.now();
                await directUpdates(direct, state, wanted, parallel);
                point.directMs.push(performance.now() - started);
            };
            const floor = async () => {
                // The same `pulumi up` with nothing for Graph: only restoreOnDestroy flips, so the
                // provider updates state without a request. What is left is the engine's and the
                // host's own cost of check, diff and update: the floor for any dynamic provider here.
                const current = state.slice(0, n);
                const bookkeeping = registrations.slice(0, n).map((r, i) => ({
                    ...r,
                    inputs: {
                        ...r.inputs,
                        [UPDATED_COUNTER]: current[i].outputs[UPDATED_COUNTER],
                        restoreOnDestroy: current[i].outputs.restoreOnDestroy !== true,
                    },
                }));
                env.stack.engine.restore(current);
                env.emulator.clearRequests();
                const hostCpu = processCpuMs(env.stack.host.pid);
                const started = performance.now();
                const steps = await env.stack.engine.up(bookkeeping);
                point.engineFloorMs.push(performance.now() - started);
                const hostCpuAfter = processCpuMs(env.stack.host.pid);
                if (hostCpu !== undefined && hostCpuAfter !== undefined) {
                    point.floorHostCpuMsPerUpdate.push((hostCpuAfter - hostCpu) / n);
                }
                assertNoErrors(steps, `${n} bookkeeping updates`);
                if (steps.some((s) => s.op !== "update") || env.graphRequests() !== 0) {
                    throw new Error(`bench: the bookkeeping-only up was not ${n} updates without requests`);
                }
                state = [...stateByUrn(env), ...state.slice(n)];
            };
            const order = [baseline, provider, directly, floor];
            for (let i = 0; i < order.length; i++) {
                await withDeadline(order[(i + run) % order.length](), 120_000, `updates of ${n} resources`);
            }
            point.ratios.push(point.providerMs[point.providerMs.length - 1] / point.baselineMs[point.baselineMs.length - 1]);
        };

        // One unrecorded round in each mode first: the host's and this process's code paths get
        // compiled, sockets opened; the figures are about a deployment, not about JIT warm-up.
        for (const patchStatus of [200, 204] as const) {
            await measure(newPoint(patchStatus, largest, latencyMs, parallel), 0);
        }
        for (const n of sweep) {
            const byMode = { 200: newPoint(200, n, latencyMs, parallel), 204: newPoint(204, n, latencyMs, parallel) };
            for (let run = 0; run < profile.runs; run++) {
                // Modes alternate which goes first, so slow spells of a shared machine hit both alike.
                for (const patchStatus of run % 2 === 0 ? ([200, 204] as const) : ([204, 200] as const)) {
                    await measure(byMode[patchStatus], run);
                }
            }
            for (const point of [byMode[200], byMode[204]]) {
                progress(
                    `updates PATCH ${point.patchStatus} N=${n}: provider ${median(point.providerMs).toFixed(0)} ms, ` +
                        `baseline ${median(point.baselineMs).toFixed(0)} ms, ratio ${median(point.ratios).toFixed(2)}, ` +
                        `direct ${median(point.directMs).toFixed(0)} ms, engine floor ${median(point.engineFloorMs).toFixed(0)} ms; CPU per update: host ${median(point.hostCpuMsPerUpdate).toFixed(1)} ms, ` +
                        `engine ${median(point.engineCpuMsPerUpdate).toFixed(1)} ms, baseline ${median(point.baselineCpuMsPerUpdate).toFixed(1)} ms`,
                );
                points.push(point);
            }
        }
        return points;
    } finally {
        await env.stop();
    }
}

function newPoint(patchStatus: 200 | 204, n: number, latencyMs: number, parallel: number): UpdatePoint {
    return {
        patchStatus,
        n,
        latencyMs,
        parallel,
        providerMs: [],
        providerRequests: [],
        baselineMs: [],
        baselineRequests: [],
        ratios: [],
        directMs: [],
        engineFloorMs: [],
        floorHostCpuMsPerUpdate: [],
        hostCpuMsPerUpdate: [],
        engineCpuMsPerUpdate: [],
        baselineCpuMsPerUpdate: [],
    };
}
