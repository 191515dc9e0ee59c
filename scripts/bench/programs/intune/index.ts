/**
 * The bench's program for this package, installed from its tarball: one MobileAppInstallSummary
 * per entry of the stack config list `apps`, named by its app id. It has the same shape as the
 * minimal provider's program beside it (same config, same resource names, no stack outputs), so
 * the two stacks differ only in the provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { MobileAppInstallSummary, MobileAppInstallSummaryArgs } from "pulumi-intune-install-summary";

const apps = new pulumi.Config().requireObject<Array<MobileAppInstallSummaryArgs & { mobileAppId: string }>>("apps");

for (const args of apps) {
    new MobileAppInstallSummary(args.mobileAppId, args);
}
