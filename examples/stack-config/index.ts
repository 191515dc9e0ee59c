/**
 * The main job: declare the install summary of every app listed in the stack config key `apps`,
 * e.g. in Pulumi.<stack>.yaml:
 *
 *   config:
 *     intune-install-summaries:apps:
 *       - name: teams
 *         mobileAppId: 3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b
 *         installedDeviceCount: 4
 *         failedDeviceCount: 1
 *
 * Each entry takes `name` (the Pulumi resource name; default: the app id) and the arguments of
 * MobileAppInstallSummary. Anything else in an entry is passed on, so a typo is reported by the
 * provider's check with a "did you mean".
 */
import * as pulumi from "@pulumi/pulumi";
import { MobileAppInstallSummary, MobileAppInstallSummaryArgs } from "pulumi-intune-install-summary";

// Stack config holds plain values: the id is a string (or, mistyped, something check reports).
type AppEntry = Omit<MobileAppInstallSummaryArgs, "mobileAppId"> & { name?: string; mobileAppId: string };

const apps = new pulumi.Config().requireObject<AppEntry[]>("apps");

const summaries = apps.map(({ name, ...args }) => new MobileAppInstallSummary(name ?? args.mobileAppId, args));

/** Per resource name: the app id and the counters as read back from Graph. */
export const installSummaries = Object.fromEntries(
    summaries.map((s, i) => [
        apps[i].name ?? apps[i].mobileAppId,
        { mobileAppId: s.mobileAppId, installedDeviceCount: s.installedDeviceCount, failedDeviceCount: s.failedDeviceCount },
    ]),
);
