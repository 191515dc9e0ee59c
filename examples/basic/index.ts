import * as pulumi from "@pulumi/pulumi";
import { MobileAppInstallSummary } from "pulumi-intune-install-summary";

const config = new pulumi.Config();

const teams = new MobileAppInstallSummary("teams", {
    mobileAppId: config.require("mobileAppId"),
    installedDeviceCount: 4,
    failedDeviceCount: 1,
    notInstalledDeviceCount: 7,
});

export const summaryId = teams.summaryId;
export const installedDeviceCount = teams.installedDeviceCount;
