import * as pulumi from "@pulumi/pulumi";
import * as intune from "pulumi-intune-native";

const config = new pulumi.Config();

// The default provider is configured by stack config intune:* (graphEndpoint, accessToken, ...).
const teams = new intune.MobileAppInstallSummary("teams", {
    mobileAppId: config.require("mobileAppId"),
    installedDeviceCount: config.getNumber("installedDeviceCount") ?? 4,
    failedDeviceCount: 1,
});

// An explicit provider, for another tenant or endpoint: its token is stored encrypted.
const otherEndpoint = config.get("otherEndpoint");
const other = otherEndpoint ? new intune.Provider("other", { graphEndpoint: otherEndpoint, accessToken: config.requireSecret("otherToken") }) : undefined;
const outlook = other
    ? new intune.MobileAppInstallSummary("outlook", { mobileAppId: config.require("otherAppId"), installedUserCount: 2 }, { provider: other })
    : undefined;

export const installedDeviceCount = teams.installedDeviceCount;
export const outlookUsers = outlook?.installedUserCount;
