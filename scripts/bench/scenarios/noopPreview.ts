import { performance } from "node:perf_hooks";
import type { Registration } from "../../../engine/runProgram";
import { deploy, startBenchEnv } from "../benchEnv";
import { inPool, withDeadline } from "../concurrency";
import type { BenchProfile } from "../profile";
import { median } from "../stats";

/** A preview of n deployed, unchanged resources. */
export interface NoopPreviewResult {
    n: number;
    /** Graph requests during each preview (the target is 0). */
    requests: number[];
    /** Wall time of each whole preview: check and diff of every resource, Pulumi's unbounded parallelism. */
    previewMs: number[];
    /** Host time per diff: n diff RPCs sent with the engine's concurrency, wall time / n, per run. */
    perDiffMs: number[];
    /** Latency of one diff RPC at a time (gRPC round trip included): median per run. */
    diffLatencyMs: number[];
}

/**
 * Deploys n resources, then previews the same program again and again: no request may reach
 * Graph, and the provider host's time per diff is measured around the gRPC calls.
 */
export async function benchNoopPreview(
    registrations: readonly Registration[],
    profile: BenchProfile,
    progress: (line: string) => void,
): Promise<NoopPreviewResult> {
    const { n, sequentialDiffs } = profile.noopPreview;
    const env = await startBenchEnv({ apps: n, config: { "intune:writesPerWindow": "0" } });
    const result: NoopPreviewResult = { n, requests: [], previewMs: [], perDiffMs: [], diffLatencyMs: [] };
    try {
        const wanted = registrations.slice(0, n);
        const state = await deploy(env, wanted);
        for (let run = 0; run < profile.runs; run++) {
            env.emulator.clearRequests();
            const started = performance.now();
            const steps = await withDeadline(env.stack.engine.preview(wanted), 120_000, "the no-op preview");
            result.previewMs.push(performance.now() - started);
            if (steps.some((s) => s.op !== "same" || s.error)) {
                throw new Error(`bench: the no-op preview planned ${steps.filter((s) => s.op !== "same").length} changes`);
            }

            // The engine sends Diff(id, old outputs, checked inputs); the state holds both.
            const diffAll = async () => {
                const diffStarted = performance.now();
                const diffs = await inPool(state, Number.POSITIVE_INFINITY, (r) => env.stack.host.diff(r.urn, r.id, r.outputs, r.inputs));
                if (diffs.some((d) => d.changes !== "none")) {
                    throw new Error("bench: a diff of an unchanged resource reported changes");
                }
                return performance.now() - diffStarted;
            };
            result.perDiffMs.push((await withDeadline(diffAll(), 120_000, "the diff pass")) / n);

            env.rpc.clear();
            const sample = state.slice(0, Math.min(sequentialDiffs, n));
            const oneAtATime = async () => {
                for (const r of sample) {
                    await env.stack.host.diff(r.urn, r.id, r.outputs, r.inputs);
                }
            };
            await withDeadline(oneAtATime(), 120_000, "the diffs one at a time");
            result.diffLatencyMs.push(median(env.rpc.of("diff").map((c) => c.endMs - c.startMs)));
            result.requests.push(env.graphRequests());
        }
        progress(
            `no-op preview N=${n}: ${Math.max(...result.requests)} requests, preview ${median(result.previewMs).toFixed(0)} ms, ` +
                `${median(result.perDiffMs).toFixed(3)} ms per diff, one diff ${median(result.diffLatencyMs).toFixed(2)} ms`,
        );
        return result;
    } finally {
        await env.stop();
    }
}
