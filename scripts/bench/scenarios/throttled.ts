import { performance } from "node:perf_hooks";
import { BENCH_TOKEN, startBenchEnv } from "../benchEnv";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import type { Registration } from "../../../engine/runProgram";
import { withDeadline } from "../concurrency";
import type { BenchProfile } from "../profile";
import { median } from "../stats";

/** N creates per deployment against one budget shape of the tenant, with the provider's default settings. */
export interface ThrottledResult {
    shape: string;
    /** Deployments (provider hosts) writing at once into the tenant. */
    deployments: number;
    n: number;
    parallel: number;
    latencyMs: number;
    /** The least time the budget allows for all deployments' writes together. */
    minimumMs: number;
    /** The wall-time target as a multiple of `minimumMs`, where it is not 0. */
    maxRatio?: number;
    /** Per run: the slowest deployment's time, failed operations of all, requests and 429 answers. */
    wallMs: number[];
    failures: number[];
    requests: number[];
    throttled: number[];
}

/**
 * For each budget shape of the profile: the emulator's write budget set to it (afresh each run),
 * PATCH answering 204 (Intune's usual, so each create is PATCH and GET), and `deployments`
 * provider hosts with no pacing setting at all (the default, Intune's documented 100 writes per
 * 20 s) each creating N resources at once (P = N) on apps of their own. Each run starts from empty
 * stacks and a fresh budget.
 */
export async function benchThrottled(
    registrations: readonly Registration[],
    profile: BenchProfile,
    progress: (line: string) => void,
): Promise<ThrottledResult[]> {
    const { n, parallel, latencyMs, runs, shapes } = profile.throttled;
    const emulator = new GraphEmulator({ tokens: [BENCH_TOKEN], behaviour: { patchStatus: 204, latencyMs } });
    await emulator.start();
    const results: ThrottledResult[] = [];
    try {
        for (const shape of shapes) {
            const envs = await Promise.all(Array.from({ length: shape.deployments }, () => startBenchEnv({ apps: shape.deployments * n, emulator, parallel })));
            try {
                const result: ThrottledResult = {
                    shape: shape.name,
                    deployments: shape.deployments,
                    n,
                    parallel,
                    latencyMs,
                    minimumMs: shape.minimumMs,
                    maxRatio: shape.maxRatio,
                    wallMs: [],
                    failures: [],
                    requests: [],
                    throttled: [],
                };
                for (let run = 0; run < runs; run++) {
                    Object.assign(emulator.behaviour, { ...NO_BUDGET, ...shape.behaviour });
                    emulator.resetWriteBudget(); // no write of the previous run counts

                    emulator.clearRequests();
                    envs.forEach((env) => env.stack.engine.restore([]));
                    const started = performance.now();
                    const steps = await Promise.all(
                        envs.map(async (env, d) => {
                            const done = await withDeadline(
                                env.stack.engine.up(registrations.slice(d * n, (d + 1) * n)),
                                600_000,
                                `the creates of ${shape.name}`,
                            );
                            return { done, ms: performance.now() - started };
                        }),
                    );
                    result.wallMs.push(Math.max(...steps.map((s) => s.ms)));
                    result.failures.push(steps.flatMap((s) => s.done).filter((s) => s.error).length);
                    result.requests.push(emulator.graphRequests().length);
                    result.throttled.push(emulator.graphRequests().filter((r) => r.status === 429).length);
                }
                progress(
                    `throttled ${shape.name}: ${Math.max(...result.failures)} failures, ${median(result.throttled)} of ${median(result.requests)} answers 429, ` +
                        `${median(result.wallMs).toFixed(0)} ms (minimum ${result.minimumMs} ms)`,
                );
                results.push(result);
            } finally {
                await Promise.all(envs.map((env) => env.stop()));
            }
        }
        return results;
    } finally {
        await emulator.stop();
    }
}

/** The budget knobs as a shape that sets none of them leaves them: off. */
const NO_BUDGET = { writesPerWindow: 0, writeWindow: "sliding", appWritesPerWindow: 0, dropAfterWrites: 0, droppedWritesPerWindow: 0 } as const;
