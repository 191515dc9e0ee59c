import * as path from "node:path";
import type { CounterValues } from "../../provider/model/fields";
import { Registration, runProgram } from "../../engine/runProgram";

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The Pulumi program the bench deploys, as a user would: the stack-config example. */
export const PROGRAM_DIR = path.join(REPO_ROOT, "examples", "stack-config");

/** The stack config key of the program's app list. */
const APPS_KEY = "intune-install-summaries:apps";

/** The counter every bench app declares and every bench update changes. */
export const UPDATED_COUNTER = "installedDeviceCount";

/**
 * A GUID for app number `index` (lower case, as check normalizes ids); the same on every run. It
 * starts with the index in hex, so the resources' URNs (named by app id) sort in index order.
 */
export function appId(index: number): string {
    const hex = index.toString(16).padStart(12, "0");
    return `${hex.slice(-8)}-be00-4000-8000-${hex}`;
}

/**
 * Runs the program once with an `apps` list of `n` entries and returns its registrations
 * (inputs as sent to the engine, `__provider` included), in index order. Smaller stacks are
 * prefixes of it: each resource registers the same inputs whatever the list's length.
 */
export async function programRegistrations(n: number): Promise<Registration[]> {
    // Stack config reaches the program in one environment variable (PULUMI_CONFIG), which Linux
    // caps at 128 KiB: entries are kept short (no name, so the resource is named by its app id).
    const apps = Array.from({ length: n }, (_, i) => ({ mobileAppId: appId(i), [UPDATED_COUNTER]: 1 }));
    const registrations = await runProgram(PROGRAM_DIR, { [APPS_KEY]: JSON.stringify(apps) });
    if (registrations.length !== n) {
        throw new Error(`bench: the program registered ${registrations.length} resources for ${n} apps`);
    }
    return registrations;
}

/**
 * The registrations the program would send with `values` declared for every app: what running it
 * again after editing the stack config gives, without paying the program's start-up per run.
 */
export function withCounters(registrations: readonly Registration[], values: CounterValues): Registration[] {
    return registrations.map((r) => ({ ...r, inputs: { ...r.inputs, ...values } }));
}
