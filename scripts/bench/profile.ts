import type { EmulatorBehaviour } from "../../emulator/graphEmulator";

/** One budget shape of the tenant for the throttled scenario. */
export interface BudgetShapeProfile {
    /** As the report names it, e.g. "(b) 20 per 2 s". */
    name: string;
    /** The emulator's budget knobs for it (`writesPerWindow`, `writeWindowMs`, `writeWindow`, `dropAfterWrites`, …). */
    behaviour: Partial<EmulatorBehaviour>;
    /** Deployments writing at once, N creates each. */
    deployments: number;
    /** The least time the budget allows for their writes together: (⌈writes/B⌉ − 1) windows, the last batch needing no wait. */
    minimumMs: number;
    /** The wall-time target as a multiple of the minimum; undefined where the minimum is 0 (the budget holds all the writes at once). */
    maxRatio?: number;
}

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
        /** Creates per deployment. */
        n: number;
        parallel: number;
        latencyMs: number;
        runs: number;
        shapes: BudgetShapeProfile[];
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
     * for a minimal inline dynamic provider and for the native plugin (on the typed SDK), on each backend; every run on a fresh stack.
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
    throttled: {
        n: 100,
        parallel: 100,
        latencyMs: 20,
        runs: 3,
        shapes: [
            { name: "(a) Intune's 100 per 20 s", behaviour: { writesPerWindow: 100, writeWindowMs: 20_000 }, deployments: 1, minimumMs: 0 },
            { name: "(b) 20 per 2 s", behaviour: { writesPerWindow: 20, writeWindowMs: 2000 }, deployments: 1, minimumMs: 8000, maxRatio: 1.15 },
            {
                name: "(c) 200 per 20 s for the tenant, two deployments at once",
                behaviour: { writesPerWindow: 200, writeWindowMs: 20_000 },
                deployments: 2,
                minimumMs: 0,
            },
            {
                name: "(d) sliding window of 30 per 3 s",
                behaviour: { writesPerWindow: 30, writeWindowMs: 3000 },
                deployments: 1,
                minimumMs: 9000,
                maxRatio: 1.15,
            },
            {
                name: "(e) 50 per 5 s dropping to 20 per 5 s after 40 writes",
                behaviour: { writesPerWindow: 50, writeWindowMs: 5000, dropAfterWrites: 40, droppedWritesPerWindow: 20 },
                deployments: 1,
                minimumMs: 15_000,
                maxRatio: 1.15,
            },
            {
                name: "two deployments, 20 per 2 s for the tenant",
                behaviour: { writesPerWindow: 20, writeWindowMs: 2000 },
                deployments: 2,
                minimumMs: 18_000,
                maxRatio: 1.25,
            },
        ],
    },
    coldStart: { hosts: 5, warmOps: 5, latencyMs: 20 },
    bytesN: [1, 1000],
    cliUpdates: { sizes: [100, 200, 400, 800], latencyMs: 20, patchStatus: 204, backends: ["file", "azblob"], runs: 3, skipCheckpointsN: 400 },
    cliNoopPreview: { n: 500, runs: 5 },
    adopt: { n: 2000, latencyMs: 50, readsPerWindow: 1000, readWindowMs: 20_000, refreshN: 1000, refreshLatencyMs: 100, runs: 3 },
};

export const QUICK_PROFILE: BenchProfile = {
    name: "quick",
    runs: 1,
    noopPreview: { n: 30, sequentialDiffs: 10 },
    updates: { n: 30, latencyMs: 5, parallel: 10, sweep: [10, 30] },
    throttled: {
        n: 10,
        parallel: 10,
        latencyMs: 5,
        runs: 1,
        shapes: [
            { name: "(b) 5 per 1 s", behaviour: { writesPerWindow: 5, writeWindowMs: 1000 }, deployments: 1, minimumMs: 1000, maxRatio: 1.15 },
            {
                name: "two deployments, 5 per 1 s for the tenant",
                behaviour: { writesPerWindow: 5, writeWindowMs: 1000 },
                deployments: 2,
                minimumMs: 3000,
                maxRatio: 1.25,
            },
        ],
    },
    coldStart: { hosts: 1, warmOps: 2, latencyMs: 5 },
    bytesN: [1, 30],
    cliUpdates: { sizes: [10], latencyMs: 5, patchStatus: 204, backends: ["file", "azblob"], runs: 1, skipCheckpointsN: 10 },
    cliNoopPreview: { n: 10, runs: 1 },
    adopt: { n: 40, latencyMs: 5, readsPerWindow: 30, readWindowMs: 1_000, refreshN: 30, refreshLatencyMs: 20, runs: 1 },
};

/** The largest stack any scenario of `profile` needs: the root program runs once for it. */
export function largestN(profile: BenchProfile): number {
    return Math.max(profile.noopPreview.n, profile.updates.n, ...profile.updates.sweep, 2 * profile.throttled.n, ...profile.bytesN, profile.adopt.refreshN, 1);
}
