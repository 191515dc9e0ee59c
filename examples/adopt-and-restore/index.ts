/**
 * Adopt and restore: `pulumi up` adopts the app's existing install summary (the provider reads the
 * current values first, then PATCHes the declared ones); `pulumi destroy` PATCHes the values it
 * read back, so the tenant ends as it was before the stack existed.
 *
 *   pulumi config set mobileAppId <app id>
 *   pulumi up        # GET (values before adoption), PATCH, read-back
 *   pulumi destroy   # PATCH of the values before adoption, read-back
 *
 * Without restoreOnDestroy, destroy only removes the resource from the stack and leaves the
 * tenant's values as they are.
 */
import * as pulumi from "@pulumi/pulumi";
import { MobileAppInstallSummary } from "pulumi-intune-install-summary";

const config = new pulumi.Config();

const summary = new MobileAppInstallSummary("adopted", {
    mobileAppId: config.require("mobileAppId"),
    installedDeviceCount: config.getNumber("installedDeviceCount") ?? 10,
    notInstalledDeviceCount: 0,
    restoreOnDestroy: true,
});

export const summaryId = summary.summaryId;
