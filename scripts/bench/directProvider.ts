import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ResourceState } from "../../engine/localEngine";
import type { Registration } from "../../engine/runProgram";
import { REPO_ROOT } from "./apps";
import { BENCH_TOKEN } from "./benchEnv";
import { inPool } from "./concurrency";

type ProviderModule = Required<Pick<dynamic.ResourceProvider, "configure" | "check" | "diff" | "update">>;

/**
 * The installed provider module (the compiled package the host loads), in this process, configured
 * for `graphUrl` with the bench token and pacing off: the provider's own cost with the engine
 * and the gRPC hops taken away.
 */
export async function loadDirectProvider(graphUrl: string): Promise<ProviderModule> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const provider = require(require.resolve("pulumi-intune-install-summary/dynamic-provider", { paths: [REPO_ROOT] })) as ProviderModule;
    const config: Record<string, string> = {
        "intune:graphEndpoint": graphUrl,
        "intune:accessToken": BENCH_TOKEN,
        "intune:writesPerWindow": "0",
        "intune:logLevel": "warning",
    };
    await provider.configure({ config: { get: (key: string) => config[key] } } as unknown as dynamic.ConfigureRequest);
    return provider;
}

/** Check, diff and update of each resource, as the engine would call them, `parallel` at a time. */
export async function directUpdates(
    provider: ProviderModule,
    state: readonly ResourceState[],
    wanted: readonly Registration[],
    parallel: number,
): Promise<void> {
    await inPool(wanted, parallel, async (registration, i) => {
        const prior = state[i];
        const checked = await provider.check(prior.inputs, registration.inputs);
        if (checked.failures?.length) {
            throw new Error(`bench: direct check failed: ${checked.failures[0].reason}`);
        }
        const inputs = checked.inputs ?? registration.inputs;
        const diff = await provider.diff(prior.id, prior.outputs, inputs);
        if (diff.changes) {
            await provider.update(prior.id, prior.outputs, inputs);
        }
    });
}
