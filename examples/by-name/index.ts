/**
 * Refers to an app by its display name instead of its GUID: getMobileApp looks the name up in the
 * tenant when the program runs (preview too), signing in with the same intune:* config as the
 * provider. The name must match exactly, without regard to case; a name no app has fails with the
 * nearest names, one that several apps have lists each with its id and type.
 *
 *   pulumi config set appName "Microsoft Teams"
 *   pulumi config set installedDeviceCount 4
 */
import * as pulumi from "@pulumi/pulumi";
import { MobileAppInstallSummary, getMobileApp } from "pulumi-intune-install-summary";

const config = new pulumi.Config();
const app = getMobileApp({ displayName: config.require("appName") });

const summary = new MobileAppInstallSummary("by-name", {
    mobileAppId: app.then((found) => found.id),
    installedDeviceCount: config.requireNumber("installedDeviceCount"),
});

export const mobileAppId = summary.mobileAppId;
export const appType = app.then((found) => found.odataType);
