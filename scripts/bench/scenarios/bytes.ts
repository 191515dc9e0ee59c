import type { Registration } from "../../../engine/runProgram";
import { deploy, startBenchEnv } from "../benchEnv";
import type { BenchProfile } from "../profile";

/** What a stack of n resources stores. */
export interface BytesResult {
    n: number;
    /** The serialized provider, per resource (stored twice: in inputs and in outputs). */
    providerBytes: number;
    /** inputs + outputs as the engine stores them (compact JSON, `__provider` included), per resource. */
    stateBytesPerResource: number;
    /** The same without the two copies of `__provider`: what the resource itself costs. */
    stateBytesPerResourceWithoutProvider: number;
}

/** Deploys n resources for each n of the profile and measures what the state holds per resource. */
export async function benchBytes(registrations: readonly Registration[], profile: BenchProfile, progress: (line: string) => void): Promise<BytesResult[]> {
    const largest = Math.max(...profile.bytesN);
    const env = await startBenchEnv({ apps: largest, config: { "intune:writesPerWindow": "0" } });
    const results: BytesResult[] = [];
    try {
        for (const n of profile.bytesN) {
            env.stack.engine.restore([]);
            const state = await deploy(env, registrations.slice(0, n));
            const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");
            const withoutProvider = (bag: Record<string, unknown>) => Object.fromEntries(Object.entries(bag).filter(([key]) => key !== "__provider"));
            const result: BytesResult = {
                n,
                providerBytes: Math.max(...state.map((r) => Buffer.byteLength(typeof r.inputs.__provider === "string" ? r.inputs.__provider : "", "utf8"))),
                stateBytesPerResource: state.reduce((sum, r) => sum + size({ inputs: r.inputs, outputs: r.outputs }), 0) / n,
                stateBytesPerResourceWithoutProvider:
                    state.reduce((sum, r) => sum + size({ inputs: withoutProvider(r.inputs), outputs: withoutProvider(r.outputs) }), 0) / n,
            };
            progress(`bytes N=${n}: __provider ${result.providerBytes} B, state ${result.stateBytesPerResource.toFixed(0)} B per resource`);
            results.push(result);
        }
        return results;
    } finally {
        await env.stop();
    }
}
