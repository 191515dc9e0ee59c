/**
 * What the bench runs: sizes, latency, concurrency, budgets and how many repetitions, for the
 * full bench (`npm run bench`, the figures in docs/performance.md) and the quick variant (`--quick`, run by
 * `npm test` so the bench cannot rot: small sizes, one or two repetitions, no timing asserted).
 */
export interface BenchProfile {
    name: "full" | "quick";
    /** Repetitions of each timed scenario; the report shows their median. */
    runs: number;
    noopPreview: {
        /** Unchanged resources in the stack. */
        n: number;
        /** Diff RPCs timed one at a time for the single-call latency (at most n). */
        sequentialDiffs: number;
    };
    updates: {
        /** The headline size; also the largest point of the sweep. */
        n: number;
        /** Emulator latency per answer. */
        latencyMs: number;
        /** Operations in flight at once (`pulumi up --parallel`), for the provider and the baseline. */
        parallel: number;
        /** Sizes for the chart of wall time against N (must include n). */
        sweep: number[];
    };
    throttled: {
        n: number;
        parallel: number;
        /** The emulator's write budget: `budget` writes per `windowMs` for the tenant. */
        budget: number;
        windowMs: number;
        latencyMs: number;
        runs: number;
    };
    coldStart: {
        /** Fresh provider hosts started; each gives one first-operation time. */
        hosts: number;
        /** Warm repetitions of the same operation per host (the network-time reference). */
        warmOps: number;
        latencyMs: number;
    };
    /** Stack sizes for the bytes figures. */
    bytesN: number[];
    /**
     * `pulumi up` through the real CLI, creating and then updating N resources, for this package
     * and for a minimal inline dynamic provider, on each backend; every run on a fresh stack.
     * Pulumi's default `--parallel`; the provider's pacing off (`intune:writesPerWindow: 0`), as
     * the emulator has no write budget.
     */
    cliUpdates: {
        sizes: number[];
        latencyMs: number;
        /** How the emulator answers a PATCH: 204 (no body, as Intune often does) makes this package read back with a GET; the minimal provider never does. */
        patchStatus: 200 | 204;
        backends: Array<"file" | "azblob">;
        runs: number;
        /** One more update of this N on the file backend with PULUMI_SKIP_CHECKPOINTS=true (insight only; 0: none). */
        skipCheckpointsN: number;
    };
    /** A no-op `pulumi preview` of n deployed, unchanged resources through the real CLI (file backend). */
    cliNoopPreview: { n: number; runs: number };
    /**
     * Adopting a tenant: `export` of n apps at latency L against a read budget, the adoption of the
     * program it wrote and the preview after it, and a refresh of refreshN resources batched and not.
     */
    adopt: { n: number; latencyMs: number; readsPerWindow: number; readWindowMs: number; refreshN: number; refreshLatencyMs: number; runs: number };
}

export const FULL_PROFILE: BenchProfile = {
    name: "full",
    runs: 7,
    noopPreview: { n: 500, sequentialDiffs: 200 },
    updates: { n: 200, latencyMs: 20, parallel: 20, sweep: [25, 50, 100, 200] },
    throttled: { n: 100, parallel: 100, budget: 20, windowMs: 2_000, latencyMs: 20, runs: 3 },
    coldStart: { hosts: 5, warmOps: 5, latencyMs: 20 },
    bytesN: [1, 1000],
    cliUpdates: { sizes: [100, 200, 400], latencyMs: 20, patchStatus: 204, backends: ["file", "azblob"], runs: 3, skipCheckpointsN: 400 },
    cliNoopPreview: { n: 500, runs: 5 },
    adopt: { n: 2000, latencyMs: 50, readsPerWindow: 1000, readWindowMs: 20_000, refreshN: 1000, refreshLatencyMs: 100, runs: 3 },
};

export const QUICK_PROFILE: BenchProfile = {
    name: "quick",
    runs: 1,
    noopPreview: { n: 30, sequentialDiffs: 10 },
    updates: { n: 30, latencyMs: 5, parallel: 10, sweep: [10, 30] },
    throttled: { n: 10, parallel: 10, budget: 5, windowMs: 1_000, latencyMs: 5, runs: 1 },
    coldStart: { hosts: 1, warmOps: 2, latencyMs: 5 },
    bytesN: [1, 30],
    cliUpdates: { sizes: [10], latencyMs: 5, patchStatus: 204, backends: ["file", "azblob"], runs: 1, skipCheckpointsN: 10 },
    cliNoopPreview: { n: 10, runs: 1 },
    adopt: { n: 40, latencyMs: 5, readsPerWindow: 30, readWindowMs: 1_000, refreshN: 30, refreshLatencyMs: 20, runs: 1 },
};

/** The largest stack any scenario of `profile` needs: the root program runs once for it. */
export function largestN(profile: BenchProfile): number {
    return Math.max(profile.noopPreview.n, profile.updates.n, ...profile.updates.sweep, profile.throttled.n, ...profile.bytesN, profile.adopt.refreshN, 1);
}
