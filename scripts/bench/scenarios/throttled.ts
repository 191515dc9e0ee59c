import { performance } from "node:perf_hooks";
import { BENCH_TOKEN, deploy, startBenchEnv } from "../benchEnv";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import type { ResourceState } from "../../../engine/localEngine";
import type { Registration } from "../../../engine/runProgram";
import { UPDATED_COUNTER, withCounters } from "../apps";
import { pause, withDeadline } from "../concurrency";
import type { BenchProfile } from "../profile";
import { median } from "../stats";

/** N updates against a tenant write budget, with the provider's pacing set to it or off. */
export interface ThrottledResult {
    pacing: "budget" | "off";
    n: number;
    parallel: number;
    budget: number;
    windowMs: number;
    latencyMs: number;
    /** The least time the budget allows: (N/B − 1) windows (the last batch needs no wait). */
    minimumMs: number;
    wallMs: number[];
    failures: number[];
    requests: number[];
    throttled: number[];
}

/**
 * The emulator allows `budget` writes per `windowMs` for the tenant and answers 429 with
 * Retry-After beyond it; PATCH answers 204 (Intune's usual), so each update is PATCH and GET.
 * Pacing off runs first and deploys the stack (the emulator's budget is off meanwhile); each run
 * starts after a full window so it finds the budget unspent.
 */
export async function benchThrottled(
    registrations: readonly Registration[],
    profile: BenchProfile,
    progress: (line: string) => void,
): Promise<ThrottledResult[]> {
    const { n, parallel, budget, windowMs, latencyMs, runs } = profile.throttled;
    const emulator = new GraphEmulator({ tokens: [BENCH_TOKEN], behaviour: { patchStatus: 204, writesPerWindow: 0, writeWindowMs: windowMs } });
    await emulator.start();
    const wanted = registrations.slice(0, n);
    const results: ThrottledResult[] = [];
    let state: ResourceState[] | undefined;
    let value = 1000;
    try {
        for (const pacing of ["off", "budget"] as const) {
            const config: Record<string, string> =
                pacing === "off" ? { "intune:writesPerWindow": "0" } : { "intune:writesPerWindow": String(budget), "intune:writeWindowMs": String(windowMs) };
            const env = await startBenchEnv({ apps: n, emulator, config, parallel });
            try {
                state ??= await deploy(env, wanted);
                emulator.behaviour.latencyMs = latencyMs;
                emulator.behaviour.writesPerWindow = budget;
                const result: ThrottledResult = {
                    pacing,
                    n,
                    parallel,
                    budget,
                    windowMs,
                    latencyMs,
                    minimumMs: (n / budget - 1) * windowMs,
                    wallMs: [],
                    failures: [],
                    requests: [],
                    throttled: [],
                };
                for (let run = 0; run < runs; run++) {
                    await pause(windowMs + 250); // the previous run's writes leave the budget window
                    env.stack.engine.restore(state);
                    emulator.clearRequests();
                    value++;
                    const updated = withCounters(wanted, { [UPDATED_COUNTER]: value });
                    const started = performance.now();
                    const steps = await withDeadline(env.stack.engine.up(updated), 300_000, "the throttled updates");
                    result.wallMs.push(performance.now() - started);
                    result.failures.push(steps.filter((s) => s.error).length);
                    result.requests.push(emulator.graphRequests().length);
                    result.throttled.push(emulator.graphRequests().filter((r) => r.status === 429).length);
                    state = env.stack.engine.snapshot();
                }
                progress(
                    `throttled, pacing ${pacing}: ${Math.max(...result.failures)} failures, ${median(result.throttled)} of ${median(result.requests)} answers 429, ` +
                        `${median(result.wallMs).toFixed(0)} ms (minimum ${result.minimumMs} ms)`,
                );
                results.push(result);
            } finally {
                await env.stop();
            }
        }
        return results;
    } finally {
        await emulator.stop();
    }
}
