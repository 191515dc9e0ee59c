/**
 * A fleet: one MobileAppInstallSummary per app listed in stack config, with fleet-wide defaults.
 *
 *   config:
 *     intune-fleet:defaults:            # applied to every app unless the app sets the counter
 *       failedDeviceCount: 0
 *     intune-fleet:apps:
 *       - id: 3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b
 *         name: teams                   # optional resource name; default: the id
 *         installedDeviceCount: 120
 *
 * All resources of a deployment share one provider host process: one sign-in, one connection
 * pool, and one write budget (intune:writesPerWindow per intune:writeWindowMs), so a large fleet
 * is paced to Intune's throttle instead of running into it.
 */
import * as pulumi from "@pulumi/pulumi";
import { COUNTER_NAMES, CounterValues, MobileAppInstallSummary } from "pulumi-intune-install-summary";

interface FleetApp extends CounterValues {
    id: string;
    name?: string;
}

const config = new pulumi.Config();
const defaults = config.getObject<CounterValues>("defaults") ?? {};
const apps = config.requireObject<FleetApp[]>("apps");

const summaries = apps.map(({ id, name, ...counters }) => {
    const declared: CounterValues = {};
    for (const counter of COUNTER_NAMES) {
        const value = counters[counter] ?? defaults[counter];
        if (value !== undefined) {
            declared[counter] = value;
        }
    }
    return new MobileAppInstallSummary(name ?? id, { mobileAppId: id, ...declared });
});

export const appCount = summaries.length;
export const installedDevices = pulumi.all(summaries.map((s) => s.installedDeviceCount)).apply((counts) => counts.reduce((sum, n) => sum + (n ?? 0), 0));
