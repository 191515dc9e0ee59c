/**
 * Credentials from encrypted stack config. The provider reads the `intune:*` keys when Pulumi
 * configures it, at run time: the secret is decrypted by Pulumi, used by @azure/identity's
 * ClientSecretCredential, and never written into the serialized provider or the outputs.
 *
 *   pulumi config set intune:tenantId <directory (tenant) id>
 *   pulumi config set intune:clientId <application (client) id>
 *   pulumi config set --secret intune:clientSecret <client secret value>
 *   pulumi config set mobileAppId <app id>
 *   pulumi up
 *
 * Certificate instead of secret: `pulumi config set intune:clientCertificatePath ./app.pem` and,
 * when its key has one, `pulumi config set --secret intune:clientCertificatePassword <password>`.
 * The app registration needs the Microsoft Graph application permission
 * DeviceManagementApps.ReadWrite.All with admin consent.
 */
import * as pulumi from "@pulumi/pulumi";
import { MobileAppInstallSummary } from "pulumi-intune-install-summary";

const config = new pulumi.Config();

const summary = new MobileAppInstallSummary("app", {
    mobileAppId: config.require("mobileAppId"),
    installedDeviceCount: 4,
    failedDeviceCount: 0,
});

export const installedDeviceCount = summary.installedDeviceCount;
