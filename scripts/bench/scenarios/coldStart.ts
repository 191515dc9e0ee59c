import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import type { ResourceState } from "../../../engine/localEngine";
import type { Registration } from "../../../engine/runProgram";
import { REPO_ROOT, UPDATED_COUNTER, appId, withCounters } from "../apps";
import { BENCH_TOKEN, assertNoErrors, deploy, startBenchEnv } from "../benchEnv";
import { withDeadline } from "../concurrency";
import type { BenchProfile } from "../profile";
import { median } from "../stats";

/** Start-up cost of a fresh provider host, and of this package's module in a fresh Node.js process. */
export interface ColdStartResult {
    latencyMs: number;
    /** Spawn of Pulumi's dynamic-provider host until it printed its port, plus Configure: Pulumi's own start-up. */
    hostStartMs: number[];
    /** The first `pulumi up` step in the fresh host (check, diff, update: PATCH and GET), per host. */
    firstOperationMs: number[];
    /** The same step once warm, in the same host: network time plus the steady per-operation cost. */
    warmOperationMs: number[];
    /** first − warm, per host: what start-up adds on top of the network time. */
    overheadMs: number[];
    /** `require("pulumi-intune-install-summary/dynamic-provider")` in a fresh Node.js process. */
    moduleLoadMs: number[];
    /** Whether @azure/identity was loaded after configure and a read with intune:accessToken (it should not be). */
    identityLoadedWithAccessToken: boolean;
}

/**
 * For each of `hosts` fresh provider hosts: the time to start it, then the first operation, then
 * `warmOps` more of the same operation. Separately, in a fresh plain Node.js process, the time
 * to load this package's provider module and whether a whole read pulls in @azure/identity.
 */
export async function benchColdStart(
    registrations: readonly Registration[],
    profile: BenchProfile,
    progress: (line: string) => void,
): Promise<ColdStartResult> {
    const { hosts, warmOps, latencyMs } = profile.coldStart;
    const emulator = new GraphEmulator({ tokens: [BENCH_TOKEN], behaviour: { patchStatus: 204 } });
    const url = await emulator.start();
    const one = registrations.slice(0, 1);
    const result: ColdStartResult = {
        latencyMs,
        hostStartMs: [],
        firstOperationMs: [],
        warmOperationMs: [],
        overheadMs: [],
        moduleLoadMs: [],
        identityLoadedWithAccessToken: false,
    };
    let value = 5000;
    try {
        const setup = await startBenchEnv({ apps: 1, emulator });
        let state: ResourceState[];
        try {
            state = await deploy(setup, one);
        } finally {
            await setup.stop();
        }
        emulator.behaviour.latencyMs = latencyMs;
        for (let h = 0; h < hosts; h++) {
            const started = performance.now();
            const env = await startBenchEnv({ apps: 1, emulator });
            result.hostStartMs.push(performance.now() - started);
            try {
                const timedUp = async () => {
                    env.stack.engine.restore(state);
                    value++;
                    const updated = withCounters(one, { [UPDATED_COUNTER]: value });
                    const t0 = performance.now();
                    const steps = await withDeadline(env.stack.engine.up(updated), 60_000, "a cold-start operation");
                    const ms = performance.now() - t0;
                    assertNoErrors(steps, "the cold-start update");
                    state = env.stack.engine.snapshot();
                    return ms;
                };
                const first = await timedUp();
                const warm: number[] = [];
                for (let i = 0; i < warmOps; i++) {
                    warm.push(await timedUp());
                }
                result.firstOperationMs.push(first);
                result.warmOperationMs.push(median(warm));
                result.overheadMs.push(first - median(warm));
            } finally {
                await env.stop();
            }
            const probe = await probeModule(url, appId(0));
            result.moduleLoadMs.push(probe.loadMs);
            result.identityLoadedWithAccessToken ||= probe.identityLoaded;
        }
        progress(
            `cold start: host start ${median(result.hostStartMs).toFixed(0)} ms, first operation ${median(result.firstOperationMs).toFixed(0)} ms, ` +
                `warm ${median(result.warmOperationMs).toFixed(0)} ms, module load ${median(result.moduleLoadMs).toFixed(0)} ms, ` +
                `@azure/identity loaded: ${result.identityLoadedWithAccessToken}`,
        );
        return result;
    } finally {
        await emulator.stop();
    }
}

/**
 * In a fresh `node` with the program folder as working directory (where the host resolves the
 * package): time the require of the provider module, then configure with a static token and
 * read one summary, and report whether @azure/identity got loaded.
 */
function probeModule(graphUrl: string, id: string): Promise<{ loadMs: number; identityLoaded: boolean }> {
    const script = `
const { performance } = require("node:perf_hooks");
const t0 = performance.now();
const provider = require("pulumi-intune-install-summary/dynamic-provider");
const loadMs = performance.now() - t0;
const config = { "intune:graphEndpoint": process.env.BENCH_GRAPH_URL, "intune:accessToken": process.env.BENCH_TOKEN, "intune:logLevel": "warning" };
(async () => {
    await provider.configure({ config: { get: (key) => config[key] } });
    const read = await provider.read(process.env.BENCH_APP_ID, { mobileAppId: process.env.BENCH_APP_ID });
    if (read.id !== process.env.BENCH_APP_ID) throw new Error("the probe's read failed");
    const identityLoaded = Object.keys(require.cache).some((file) => file.includes("@azure" + require("node:path").sep + "identity"));
    process.stdout.write(JSON.stringify({ loadMs, identityLoaded }));
})().catch((error) => { console.error(error); process.exit(1); });`;
    return new Promise((resolve, reject) => {
        execFile(
            process.execPath,
            ["-e", script],
            {
                cwd: REPO_ROOT,
                timeout: 30_000,
                env: { PATH: process.env.PATH, HOME: process.env.HOME, BENCH_GRAPH_URL: graphUrl, BENCH_TOKEN, BENCH_APP_ID: id },
            },
            (error, stdout, stderr) => (error ? reject(new Error(`bench: the module probe failed: ${stderr || error.message}`)) : resolve(JSON.parse(stdout))),
        );
    });
}
