import { GraphEmulator } from "../../../emulator/graphEmulator";
import type { PulumiCli } from "../../pulumiCli";
import { appId } from "../apps";
import { BENCH_TOKEN } from "../benchEnv";
import { BenchProvider, BenchStack, BenchWorkspace, assertSummary } from "../cliBench";
import type { BenchProfile } from "../profile";
import { median } from "../stats";

/** No-op previews of n deployed resources through the real CLI, per provider. */
export interface CliNoopPreviewResult {
    n: number;
    /** Wall time of each `pulumi preview --expect-no-changes`, per provider. */
    previewMs: Record<BenchProvider, number[]>;
    /** Graph requests during each preview, per provider (the target is 0). */
    requests: Record<BenchProvider, number[]>;
}

/**
 * Deploys n resources with each provider on the file backend, then previews the unchanged program
 * again and again with `pulumi preview --expect-no-changes` (which fails on any planned change).
 * The deployment is set-up, not a figure: it runs with PULUMI_SKIP_CHECKPOINTS=true to save time.
 */
export async function benchCliNoopPreview(cli: PulumiCli, profile: BenchProfile, progress: (line: string) => void): Promise<CliNoopPreviewResult> {
    const { n, runs } = profile.cliNoopPreview;
    const emulator = new GraphEmulator({ tokens: [BENCH_TOKEN] });
    await emulator.start();
    for (let i = 0; i < n; i++) {
        emulator.addApp(appId(i));
    }
    const providers: BenchProvider[] = ["intune", "minimal", "plugin"];
    const result: CliNoopPreviewResult = { n, previewMs: { intune: [], minimal: [], plugin: [] }, requests: { intune: [], minimal: [], plugin: [] } };
    const workspaces: BenchWorkspace[] = [];
    try {
        const stacks: BenchStack[] = [];
        for (const provider of providers) {
            const workspace = await BenchWorkspace.create(cli, provider, "file");
            workspaces.push(workspace);
            const stack = await workspace.freshStack("preview", emulator);
            await stack.up(n, 1, "created", { PULUMI_SKIP_CHECKPOINTS: "true" });
            stacks.push(stack);
        }
        for (let run = 0; run < runs; run++) {
            for (const stack of stacks.map((_, i) => stacks[(i + run) % stacks.length])) {
                emulator.clearRequests();
                const preview = await stack.stack.preview(["--expect-no-changes"], { timeoutMs: 600_000 });
                assertSummary(preview, "unchanged", n);
                result.previewMs[stack.owner.provider].push(preview.durationMs);
                result.requests[stack.owner.provider].push(emulator.graphRequests().length);
            }
        }
        progress(
            `real CLI no-op preview N=${n}: ${Math.max(...result.requests.intune)} requests, ${(median(result.previewMs.intune) / 1000).toFixed(1)} s; ` +
                `minimal provider ${(median(result.previewMs.minimal) / 1000).toFixed(1)} s; ` +
                `plugin ${Math.max(...result.requests.plugin)} requests, ${(median(result.previewMs.plugin) / 1000).toFixed(1)} s`,
        );
        return result;
    } finally {
        workspaces.forEach((w) => w.dispose());
        await emulator.stop();
    }
}
