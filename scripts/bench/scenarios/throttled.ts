import { performance } from "node:perf_hooks";
import { BENCH_TOKEN, startBenchEnv } from "../benchEnv";
import { GraphEmulator, zeroCounters } from "../../../emulator/graphEmulator";
import type { LocalEngine } from "../../../engine/localEngine";
import type { Registration } from "../../../engine/runProgram";
import { withDeadline } from "../concurrency";
import { peerRegistrations, startPeerStack } from "../peer";
import type { BenchProfile, BudgetShapeProfile } from "../profile";
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
    /** The same for the peer: a dynamic provider on the Graph JS client (`../programs/peer/index.ts`). */
    peer: Runs;
}

/** Per run: the slowest deployment's time, failed operations of all, requests and 429 answers. */
interface Runs {
    wallMs: number[];
    failures: number[];
    requests: number[];
    throttled: number[];
}

/** A stack of this package or of the peer, and the registrations it creates. */
interface Deployment {
    engine: LocalEngine;
    registrations: readonly Registration[];
}

/**
 * For each budget shape of the profile: the emulator's write budget set to it (afresh each run),
 * every app's counters back to 0 (so each create writes), PATCH answering 204 (Intune's usual, so
 * each create of this package is a GET, the PATCH and the GET that verifies it), and `deployments`
 * provider hosts with no pacing setting at all (the default, Intune's documented 100 writes per
 * 20 s) each creating N resources at once (P = N) on apps of their own; then the same with the
 * peer (a dynamic provider on the Graph JS client, `../programs/peer/`), in turns. Each run starts
 * from empty stacks, fresh provider hosts and a fresh budget.
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
            const peerRegs = await Promise.all(Array.from({ length: shape.deployments }, (_, d) => peerRegistrations(d * n, n)));
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
                peer: { wallMs: [], failures: [], requests: [], throttled: [] },
            };
            for (let run = 0; run < runs; run++) {
                // This package and the peer in turns, each from empty stacks, fresh provider hosts
                // (a host's pacer remembers the budget its last run spent) and a fresh budget.
                const envs = await Promise.all(
                    Array.from({ length: shape.deployments }, () => startBenchEnv({ apps: shape.deployments * n, emulator, parallel })),
                );
                try {
                    await createAll(
                        emulator,
                        shape,
                        envs.map((env, d) => ({ engine: env.stack.engine, registrations: registrations.slice(d * n, (d + 1) * n) })),
                        result,
                    );
                } finally {
                    await Promise.all(envs.map((env) => env.stop()));
                }
                const peerStacks = await Promise.all(Array.from({ length: shape.deployments }, () => startPeerStack(emulator, parallel)));
                try {
                    await createAll(
                        emulator,
                        shape,
                        peerStacks.map((stack, d) => ({ engine: stack.engine, registrations: peerRegs[d] })),
                        result.peer,
                    );
                } finally {
                    await Promise.all(peerStacks.map((stack) => stack.stop()));
                }
            }
            progress(
                `throttled ${shape.name}: ${Math.max(...result.failures)} failures, ${median(result.throttled)} of ${median(result.requests)} answers 429, ` +
                    `${median(result.wallMs).toFixed(0)} ms (minimum ${result.minimumMs} ms); the peer ${Math.max(...result.peer.failures)} failures, ` +
                    `${median(result.peer.throttled)} of ${median(result.peer.requests)} answers 429, ${median(result.peer.wallMs).toFixed(0)} ms`,
            );
            results.push(result);
        }
        return results;
    } finally {
        await emulator.stop();
    }
}

/** One run: the deployments' creates all at once, from empty stacks and a fresh budget; records its figures in `into`. */
async function createAll(emulator: GraphEmulator, shape: BudgetShapeProfile, deployments: Deployment[], into: Runs): Promise<void> {
    Object.assign(emulator.behaviour, { ...NO_BUDGET, ...shape.behaviour });
    emulator.resetWriteBudget(); // no write of the previous run counts
    // Every app back to counters of 0, so every create writes: this package reads before it
    // creates and sends no PATCH for the values a previous run left (the adoption of issue 11).
    for (const id of emulator.apps.keys()) {
        emulator.setCounters(id, zeroCounters());
    }
    emulator.clearRequests();
    deployments.forEach((d) => d.engine.restore([]));
    const started = performance.now();
    const steps = await Promise.all(
        deployments.map(async (d) => {
            const done = await withDeadline(d.engine.up(d.registrations), 600_000, `the creates of ${shape.name}`);
            return { done, ms: performance.now() - started };
        }),
    );
    into.wallMs.push(Math.max(...steps.map((s) => s.ms)));
    into.failures.push(steps.flatMap((s) => s.done).filter((s) => s.error).length);
    into.requests.push(emulator.graphRequests().length);
    into.throttled.push(emulator.graphRequests().filter((r) => r.status === 429).length);
}

/** The budget knobs as a shape that sets none of them leaves them: off. */
const NO_BUDGET = { writesPerWindow: 0, writeWindow: "sliding", appWritesPerWindow: 0, dropAfterWrites: 0, droppedWritesPerWindow: 0 } as const;
