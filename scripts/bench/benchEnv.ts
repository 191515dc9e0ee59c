import { EmulatorBehaviour, GraphEmulator } from "../../emulator/graphEmulator";
import type { ResourceState } from "../../engine/localEngine";
import { LocalStack } from "../../engine/localStack";
import type { Registration } from "../../engine/runProgram";
import { PROGRAM_DIR, appId } from "./apps";
import { withDeadline } from "./concurrency";
import { RpcRecorder } from "./rpcRecorder";

/** The bearer token the bench's emulator accepts (and the baseline sends). */
export const BENCH_TOKEN = "bench-token-7d2e";

/** An emulated tenant and a stack of the stack-config example deployed against it through Pulumi's provider host. */
export interface BenchEnv {
    emulator: GraphEmulator;
    stack: LocalStack;
    rpc: RpcRecorder;
    /** Graph requests the emulator received since the last `clearRequests`. */
    graphRequests(): number;
    stop(): Promise<void>;
}

export interface BenchEnvOptions {
    /** Apps 0 … apps−1 exist in the tenant. */
    apps: number;
    behaviour?: Partial<EmulatorBehaviour>;
    /** `intune:*` stack config beyond the endpoint and token, e.g. pacing. */
    config?: Record<string, string>;
    /** The engine's `--parallel`; unbounded (Pulumi's default) when omitted. */
    parallel?: number;
    /** Reuse this emulator instead of starting one (the caller stops it). */
    emulator?: GraphEmulator;
}

/**
 * Starts (or reuses) an emulator on 127.0.0.1 port 0 holding the apps, and a fresh provider host
 * for the stack-config example configured for it with a static token: every bench figure of the
 * provider goes through Pulumi's own dynamic-provider host, as `pulumi up` would.
 */
export async function startBenchEnv(options: BenchEnvOptions): Promise<BenchEnv> {
    const owned = !options.emulator;
    const emulator = options.emulator ?? new GraphEmulator({ tokens: [BENCH_TOKEN], behaviour: options.behaviour });
    const url = await emulator.start();
    for (let i = 0; i < options.apps; i++) {
        if (!emulator.apps.has(appId(i))) {
            emulator.addApp(appId(i));
        }
    }
    try {
        const stack = await LocalStack.start({
            programDir: PROGRAM_DIR,
            config: { "intune:graphEndpoint": url, "intune:logLevel": "warning", ...options.config },
            secretConfig: { "intune:accessToken": BENCH_TOKEN },
            parallel: options.parallel,
        });
        const rpc = RpcRecorder.attach(stack.host);
        return {
            emulator,
            stack,
            rpc,
            graphRequests: () => emulator.graphRequests().length,
            async stop() {
                await stack.stop();
                if (owned) {
                    await emulator.stop();
                }
            },
        };
    } catch (error) {
        if (owned) {
            await emulator.stop();
        }
        throw error;
    }
}

/**
 * Deploys `registrations` (creates) with pacing and latency as the env has them, and fails
 * loudly if any step failed: a bench built on a half-deployed stack would measure nothing.
 */
export async function deploy(env: BenchEnv, registrations: readonly Registration[]): Promise<ResourceState[]> {
    const steps = await withDeadline(env.stack.engine.up(registrations), 300_000, `deploying ${registrations.length} resources`);
    assertNoErrors(steps, "deploying the stack");
    return stateByUrn(env);
}

/**
 * The engine's state, ordered by URN: the order of the registrations (app ids start with their
 * index), whatever order the concurrent steps finished in, so slice i of it is resource i.
 */
export function stateByUrn(env: BenchEnv): ResourceState[] {
    return env.stack.engine.snapshot().sort((a, b) => a.urn.localeCompare(b.urn));
}

/** Throws when a step failed, naming the first failure. */
export function assertNoErrors(steps: ReadonlyArray<{ name: string; error?: string }>, what: string): void {
    const failed = steps.filter((s) => s.error);
    if (failed.length) {
        throw new Error(`bench: ${what}: ${failed.length} of ${steps.length} steps failed; first (${failed[0].name}): ${failed[0].error}`);
    }
}
