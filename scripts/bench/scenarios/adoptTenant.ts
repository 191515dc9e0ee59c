import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { EmulatorBehaviour, GraphEmulator } from "../../../emulator/graphEmulator";
import type { Registration } from "../../../engine/runProgram";
import { runProgram } from "../../../engine/runProgram";
import { REPO_ROOT, appId } from "../apps";
import { BENCH_TOKEN, assertNoErrors, deploy, startBenchEnv } from "../benchEnv";
import type { ResourceState } from "../../../engine/localEngine";
import { withDeadline } from "../concurrency";
import type { BenchProfile } from "../profile";
import { median } from "../stats";

const run = promisify(execFile);

/** The installed command, as `npx intune-install-summary` runs it. */
const EXPORT_BIN = path.join(REPO_ROOT, "dist", "cli", "main.js");

/** `export` of a tenant against a read budget, the adoption of what it wrote, and refreshes with and without batching. */
export interface AdoptTenantResult {
    export: {
        n: number;
        latencyMs: number;
        readsPerWindow: number;
        readWindowMs: number;
        /** Reads Graph accepted (the listing's pages and one summary each): what the budget is spent on. */
        reads: number[];
        /** The least time the read budget allows those reads: (⌈reads / budget⌉ − 1) windows. */
        minimumMs: number[];
        wallMs: number[];
        /** Apps not exported, or a non-zero exit. */
        failures: number[];
        /** HTTP requests sent (a JSON batch is one). */
        wireRequests: number[];
        throttled: number[];
    };
    adoption: {
        n: number;
        latencyMs: number;
        patches: number;
        gets: number;
        upMs: number;
        /** Changes planned by each preview right after, and the Graph requests it sent. */
        previewChanges: number[];
        previewRequests: number[];
    };
    refresh: {
        n: number;
        latencyMs: number;
        /** Wall time and HTTP requests of each refresh, with batching (the default) and with `intune:batchReads: false`. */
        batchedMs: number[];
        batchedRequests: number[];
        singleMs: number[];
        singleRequests: number[];
    };
}

/** A tenant of `n` apps with names and varied counters, as `export` lists it. */
function tenant(n: number, behaviour: Partial<EmulatorBehaviour>): GraphEmulator {
    const emulator = new GraphEmulator({ tokens: [BENCH_TOKEN], behaviour });
    for (let i = 0; i < n; i++) {
        emulator.addApp(
            appId(i),
            { installedDeviceCount: i % 97, failedDeviceCount: i % 5, installedUserCount: i % 13 },
            `Bench app ${String(i).padStart(5, "0")}`,
        );
    }
    return emulator;
}

/**
 * 1. `intune-install-summary export --program` (the built command, in a child process, as a user
 *    runs it) of `n` apps, latency L, a read budget of B per window: failures, wall time against
 *    the read budget's minimum for the reads it made.
 * 2. The program it wrote, run through Pulumi's provider host: `up` (PATCHes and GETs counted),
 *    then previews (changes and requests counted).
 * 3. A refresh of `refreshN` resources at L, batched (the default) and with `intune:batchReads:
 *    false`, alternating runs: wall time and HTTP requests of each.
 */
export async function benchAdoptTenant(
    registrations: readonly Registration[],
    profile: BenchProfile,
    progress: (line: string) => void,
): Promise<AdoptTenantResult> {
    const p = profile.adopt;
    const result: AdoptTenantResult = {
        export: {
            n: p.n,
            latencyMs: p.latencyMs,
            readsPerWindow: p.readsPerWindow,
            readWindowMs: p.readWindowMs,
            reads: [],
            minimumMs: [],
            wallMs: [],
            failures: [],
            wireRequests: [],
            throttled: [],
        },
        adoption: { n: p.n, latencyMs: p.latencyMs, patches: 0, gets: 0, upMs: 0, previewChanges: [], previewRequests: [] },
        refresh: { n: p.refreshN, latencyMs: p.refreshLatencyMs, batchedMs: [], batchedRequests: [], singleMs: [], singleRequests: [] },
    };
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "intune-bench-adopt-"));
    try {
        const program = path.join(work, "index.ts");
        let emulator: GraphEmulator | undefined;
        for (let i = 0; i < p.runs; i++) {
            await emulator?.stop();
            // A fresh tenant each run, so that each finds its read budget unspent.
            emulator = tenant(p.n, { latencyMs: p.latencyMs, readsPerWindow: p.readsPerWindow, readWindowMs: p.readWindowMs });
            const url = await emulator.start();
            const started = performance.now();
            let failed = 0;
            let stderr = "";
            try {
                ({ stderr } = await run(process.execPath, [EXPORT_BIN, "export", "--program", program], {
                    env: { PATH: process.env.PATH, INTUNE_GRAPH_ENDPOINT: url, INTUNE_ACCESS_TOKEN: BENCH_TOKEN, INTUNE_LOG_LEVEL: "warning" },
                    timeout: 600_000,
                    maxBuffer: 16 * 1024 * 1024,
                }));
            } catch (error) {
                failed = p.n;
                stderr = String((error as { stderr?: string }).stderr ?? error);
            }
            const wallMs = performance.now() - started;
            const exported = Number(/export: (\d+) apps? written/.exec(stderr)?.[1] ?? 0);
            const reads = emulator.graphRequests("GET").filter((r) => r.status === 200).length;
            result.export.wallMs.push(wallMs);
            result.export.failures.push(failed || p.n - exported);
            result.export.reads.push(reads);
            result.export.minimumMs.push((Math.ceil(reads / p.readsPerWindow) - 1) * p.readWindowMs);
            result.export.wireRequests.push(emulator.wireRequests().length);
            result.export.throttled.push(emulator.graphRequests("GET").filter((r) => r.status === 429).length);
            progress(`export N=${p.n}: ${exported} apps in ${wallMs.toFixed(0)} ms, ${reads} reads, ${emulator.wireRequests().length} HTTP requests`);
        }

        // 2. Adoption of what the last export wrote: its program, in a folder of its own that resolves the package from the repository.
        fs.writeFileSync(path.join(work, "Pulumi.yaml"), "name: intune-exported\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n");
        fs.copyFileSync(path.join(REPO_ROOT, "scripts", "bench", "programs", "intune", "tsconfig.json"), path.join(work, "tsconfig.json"));
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(work, "node_modules"));
        const exportedRegistrations = await runProgram(work, {});
        emulator!.behaviour = { ...emulator!.behaviour, readsPerWindow: 0 };
        const env = await startBenchEnv({ apps: 0, emulator });
        try {
            emulator!.clearRequests();
            const started = performance.now();
            await deploy(env, exportedRegistrations);
            result.adoption.upMs = performance.now() - started;
            result.adoption.patches = emulator!.graphRequests("PATCH").length;
            result.adoption.gets = emulator!.graphRequests("GET").length;
            for (let i = 0; i < p.runs; i++) {
                emulator!.clearRequests();
                const steps = await withDeadline(env.stack.engine.preview(exportedRegistrations), 300_000, "the preview after the adoption");
                assertNoErrors(steps, "the preview after the adoption");
                result.adoption.previewChanges.push(steps.filter((s) => s.op !== "same").length);
                result.adoption.previewRequests.push(env.graphRequests());
            }
        } finally {
            await env.stop();
            await emulator!.stop();
        }
        progress(
            `adoption of ${exportedRegistrations.length} exported apps: ${result.adoption.patches} PATCH, ${result.adoption.gets} GET; preview after: ` +
                `${Math.max(...result.adoption.previewChanges)} changes, ${Math.max(...result.adoption.previewRequests)} requests`,
        );

        // 3. Refresh, batched and not. Deployed once without latency; each refresh then runs in a
        // provider host of its own, as each `pulumi refresh` does: a host's read pacer remembers the
        // reads its deployment (or its previous refresh) spent in Intune's 20 s window.
        const refreshTenant = new GraphEmulator({ tokens: [BENCH_TOKEN] });
        await refreshTenant.start();
        const batchedConfig = { "intune:writesPerWindow": "0" };
        const singleConfig = { ...batchedConfig, "intune:batchReads": "false" };
        try {
            const deployer = await startBenchEnv({ apps: p.refreshN, emulator: refreshTenant, config: batchedConfig });
            let deployed: ResourceState[];
            try {
                deployed = await deploy(deployer, registrations.slice(0, p.refreshN));
            } finally {
                await deployer.stop();
            }
            refreshTenant.behaviour.latencyMs = p.refreshLatencyMs;
            for (let i = 0; i < p.runs; i++) {
                for (const [config, ms, requests] of [
                    [batchedConfig, result.refresh.batchedMs, result.refresh.batchedRequests],
                    [singleConfig, result.refresh.singleMs, result.refresh.singleRequests],
                ] as const) {
                    const env = await startBenchEnv({ apps: p.refreshN, emulator: refreshTenant, config });
                    try {
                        env.stack.engine.restore(deployed);
                        refreshTenant.clearRequests();
                        const started = performance.now();
                        const steps = await withDeadline(env.stack.engine.refresh(), 300_000, "the refresh");
                        assertNoErrors(steps, "the refresh");
                        ms.push(performance.now() - started);
                        requests.push(refreshTenant.wireRequests().length);
                    } finally {
                        await env.stop();
                    }
                }
            }
        } finally {
            await refreshTenant.stop();
        }
        progress(
            `refresh N=${p.refreshN}, L=${p.refreshLatencyMs} ms: batched ${median(result.refresh.batchedMs).toFixed(0)} ms, ` +
                `${median(result.refresh.batchedRequests)} requests; single ${median(result.refresh.singleMs).toFixed(0)} ms, ${median(result.refresh.singleRequests)} requests`,
        );
        return result;
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}
