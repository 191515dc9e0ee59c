import { PulumiCli, getPulumiCli, isPulumiCli } from "../../../scripts/pulumiCli";
import { PreviewDigest, stepName } from "../../../scripts/cli/pulumiWorkspace";

let cli: Promise<PulumiCli | { missing: string }> | undefined;

/**
 * The real Pulumi CLI for this suite (a new enough `pulumi` on PATH, the cached build, or a build
 * from Go modules). Without one, the suite is skipped with one line saying what is missing, except
 * under `CI=true`, where a missing CLI is a failure.
 */
export async function requirePulumiCli(context: Mocha.Context): Promise<PulumiCli> {
    cli ??= getPulumiCli({ log: (line) => console.log(`      pulumi-cli: ${line}`) });
    const found = await cli;
    if (isPulumiCli(found)) {
        return found;
    }
    if (process.env.CI === "true") {
        throw new Error(`CI=true and no Pulumi CLI: ${found.missing}`);
    }
    console.log(`      skipped: no Pulumi CLI: ${found.missing}`);
    context.skip();
}

/** The steps of a digest on MobileAppInstallSummary resources, as `name op` sorted, for compact assertions. */
export function summarySteps(digest: PreviewDigest): string[] {
    return digest.steps
        .filter((s) => s.urn.includes("intune:MobileAppInstallSummary"))
        .map((s) => `${stepName(s)} ${s.op}`)
        .sort();
}
