/**
 * The bench's program for the native plugin, on the typed SDK: the same shape as the dynamic
 * provider's program beside it (`../intune`: same config, same resource names, no stack outputs),
 * so the two stacks differ only in the provider.
 */
import * as pulumi from "@pulumi/pulumi";
import { MobileAppInstallSummary, MobileAppInstallSummaryArgs } from "pulumi-intune-native";

const apps = new pulumi.Config().requireObject<Array<MobileAppInstallSummaryArgs & { mobileAppId: string }>>("apps");

for (const args of apps) {
    new MobileAppInstallSummary(args.mobileAppId, args);
}
