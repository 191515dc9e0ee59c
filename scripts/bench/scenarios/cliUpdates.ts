import * as os from "node:os";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import type { PulumiCli } from "../../pulumiCli";
import { appId } from "../apps";
import { AzuriteBlob, startAzuriteBlob } from "../azurite";
import { BENCH_TOKEN } from "../benchEnv";
import { BackendName, BenchProvider, BenchWorkspace, StateBytes, UpResult } from "../cliBench";
import type { BenchProfile } from "../profile";
import { median } from "../stats";

/** Creates and updates of n resources by one provider on one backend, run after run (each run a fresh stack). */
export interface CliUpdatesPoint {
    backend: BackendName;
    provider: BenchProvider;
    n: number;
    /** Wall time of the `pulumi up` that creates the n resources, per run. */
    createMs: number[];
    /** Wall time of the next `pulumi up`, which updates all n, per run. */
    updateMs: number[];
    /** Graph requests of each create and update, by method, per run. */
    createRequests: Array<Record<string, number>>;
    updateRequests: Array<Record<string, number>>;
    /** What the stack stores per resource after the update (the same every run). */
    stateBytes?: StateBytes;
    /** The machine's 1-minute load average when each run of this point started. */
    loadAverage1m: number[];
}

/** The same update with PULUMI_SKIP_CHECKPOINTS=true on the file backend: how much of the time is the state being rewritten. Insight only. */
export interface SkipCheckpointsPoint {
    provider: BenchProvider;
    n: number;
    updateMs: number[];
}

export interface CliUpdatesResult {
    cli: { version: string; source: PulumiCli["source"] };
    latencyMs: number;
    patchStatus: 200 | 204;
    points: CliUpdatesPoint[];
    skipCheckpoints: SkipCheckpointsPoint[];
}

/**
 * The real-CLI curve: for each run, backend and N, this package's program, the minimal
 * provider's and the native plugin's (on the typed SDK) each get a fresh stack, `pulumi up` creates N resources and a second `pulumi up`
 * updates them all (a new counter value, so every resource really is written). Which provider goes
 * first rotates run by run, so slow spells of the shared machine hit all alike. The emulator
 * runs in this process (the CLI runs as child processes), with latency L on every answer.
 */
export async function benchCliUpdates(cli: PulumiCli, profile: BenchProfile, progress: (line: string) => void): Promise<CliUpdatesResult> {
    const { sizes, latencyMs, patchStatus, backends, runs, skipCheckpointsN } = profile.cliUpdates;
    const emulator = new GraphEmulator({ tokens: [BENCH_TOKEN], behaviour: { latencyMs, patchStatus } });
    await emulator.start();
    for (let i = 0; i < Math.max(...sizes); i++) {
        emulator.addApp(appId(i));
    }
    let blob: AzuriteBlob | undefined;
    const workspaces: BenchWorkspace[] = [];
    try {
        if (backends.includes("azblob")) {
            blob = await startAzuriteBlob();
            progress(`Azurite blob service on ${blob.endpoint}, container ${blob.container}`);
        }
        const providers: BenchProvider[] = ["intune", "minimal", "plugin"];
        const workspace = new Map<string, BenchWorkspace>();
        for (const backend of backends) {
            for (const provider of providers) {
                const w = await BenchWorkspace.create(cli, provider, backend, blob);
                workspaces.push(w);
                workspace.set(`${provider}/${backend}`, w);
            }
        }
        const points = backends.flatMap((backend) =>
            sizes.flatMap((n) =>
                providers.map((provider): CliUpdatesPoint => ({
                    backend,
                    provider,
                    n,
                    createMs: [],
                    updateMs: [],
                    createRequests: [],
                    updateRequests: [],
                    loadAverage1m: [],
                })),
            ),
        );
        const skipCheckpoints: SkipCheckpointsPoint[] =
            skipCheckpointsN > 0 && sizes.includes(skipCheckpointsN) && backends.includes("file")
                ? providers.map((provider) => ({ provider, n: skipCheckpointsN, updateMs: [] }))
                : [];
        let value = 1000;
        for (let run = 0; run < runs; run++) {
            for (const point of points.filter((p) => p.provider === "intune")) {
                const { backend, n } = point;
                // Each run starts with another provider, so slow spells of the shared machine hit all alike.
                const order = providers.map((_, i) => providers[(i + run) % providers.length]);
                for (const provider of order) {
                    const p = points.find((q) => q.backend === backend && q.n === n && q.provider === provider)!;
                    p.loadAverage1m.push(Math.round(os.loadavg()[0] * 100) / 100);
                    const stack = await workspace.get(`${provider}/${backend}`)!.freshStack(`r${run}-n${n}`, emulator);
                    const create: UpResult = await stack.up(n, ++value, "created");
                    const update: UpResult = await stack.up(n, ++value, "updated");
                    p.createMs.push(create.ms);
                    p.createRequests.push(create.requests);
                    p.updateMs.push(update.ms);
                    p.updateRequests.push(update.requests);
                    const skip = skipCheckpoints.find((s) => s.provider === provider && s.n === n);
                    if (skip && backend === "file") {
                        skip.updateMs.push((await stack.up(n, ++value, "updated", { PULUMI_SKIP_CHECKPOINTS: "true" })).ms);
                    }
                    p.stateBytes = await stack.stateBytes(n);
                    await stack.remove();
                }
                const [mine, minimal, plugin] = providers.map((provider) => points.find((q) => q.backend === backend && q.n === n && q.provider === provider)!);
                progress(
                    `real CLI ${backend} N=${n} run ${run + 1}/${runs}: create ${lastRun(mine.createMs)} vs minimal ${lastRun(minimal.createMs)} vs plugin ${lastRun(plugin.createMs)}, ` +
                        `update ${lastRun(mine.updateMs)} vs minimal ${lastRun(minimal.updateMs)} vs plugin ${lastRun(plugin.updateMs)} (load ${os.loadavg()[0].toFixed(1)})`,
                );
            }
        }
        for (const s of skipCheckpoints) {
            progress(`real CLI file N=${s.n} ${s.provider} update with PULUMI_SKIP_CHECKPOINTS=true: median ${(median(s.updateMs) / 1000).toFixed(1)} s`);
        }
        return { cli: { version: cli.version, source: cli.source }, latencyMs, patchStatus, points, skipCheckpoints };
    } finally {
        workspaces.forEach((w) => w.dispose());
        await blob?.stop();
        await emulator.stop();
    }
}

/** The latest run's value, in seconds, for the progress line. */
function lastRun(values: number[]): string {
    return `${(values[values.length - 1] / 1000).toFixed(1)} s`;
}
