import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { isPulumiCli } from "../pulumiCli";
import { programRegistrations } from "./apps";
import { benchPulumiCli } from "./cliBench";
import { BenchProfile, largestN } from "./profile";
import { BytesResult, benchBytes } from "./scenarios/bytes";
import { CliNoopPreviewResult, benchCliNoopPreview } from "./scenarios/cliNoopPreview";
import { CliUpdatesResult, benchCliUpdates } from "./scenarios/cliUpdates";
import { ColdStartResult, benchColdStart } from "./scenarios/coldStart";
import { NoopPreviewResult, benchNoopPreview } from "./scenarios/noopPreview";
import { AdoptTenantResult, benchAdoptTenant } from "./scenarios/adoptTenant";
import { ThrottledResult, benchThrottled } from "./scenarios/throttled";
import { UpdatePoint, benchUpdates } from "./scenarios/updates";

export const SCENARIOS = ["noopPreview", "updates", "throttled", "coldStart", "bytes", "adoptTenant", "cliUpdates", "cliNoopPreview"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/** The scenarios that run the real Pulumi CLI; the others drive Pulumi's provider host through `engine/`. */
const CLI_SCENARIOS: readonly ScenarioName[] = ["cliUpdates", "cliNoopPreview"];

/** Everything one bench run measured, with where and how: the JSON the bench writes. */
export interface BenchResults {
    profile: BenchProfile;
    startedAt: string;
    durationMs: number;
    /** The machine, and how busy it was (1-minute load average at the start and at the end of the run). */
    machine: { cpus: number; cpuModel: string; loadAverage1m: number; loadAverage1mAtEnd?: number; node: string; platform: string };
    noopPreview?: NoopPreviewResult;
    updates?: UpdatePoint[];
    throttled?: ThrottledResult[];
    coldStart?: ColdStartResult;
    bytes?: BytesResult[];
    cliUpdates?: CliUpdatesResult;
    cliNoopPreview?: CliNoopPreviewResult;
    adoptTenant?: AdoptTenantResult;
    /** Why the real-CLI scenarios did not run (no CLI to be had, outside CI). */
    cliMissing?: string;
}

/**
 * Runs the root program once for the largest stack (when a scenario driving the provider host
 * needs it), then each scenario in turn (each starts its own emulator and provider hosts and stops
 * them). The real-CLI scenarios get the CLI first (building it only in the full profile); without
 * one they are left out with one line saying what is missing, or fail under `CI=true`.
 * `progress` gets one line per finished figure.
 */
export async function runBench(
    profile: BenchProfile,
    only: readonly ScenarioName[] = SCENARIOS,
    progress: (line: string) => void = () => undefined,
): Promise<BenchResults> {
    const started = performance.now();
    const results: BenchResults = {
        profile,
        startedAt: new Date().toISOString(),
        durationMs: 0,
        machine: {
            cpus: os.cpus().length,
            cpuModel: os.cpus()[0]?.model ?? "unknown",
            loadAverage1m: os.loadavg()[0],
            node: process.version,
            platform: `${process.platform} ${process.arch}`,
        },
    };
    let registrations: Awaited<ReturnType<typeof programRegistrations>> = [];
    if (only.some((scenario) => !CLI_SCENARIOS.includes(scenario))) {
        const n = largestN(profile);
        progress(`running the root program for ${n} apps (once)`);
        registrations = await programRegistrations(n);
    }
    const cli = only.some((scenario) => CLI_SCENARIOS.includes(scenario)) ? await benchPulumiCli(profile.name === "full", progress) : undefined;
    if (cli && !isPulumiCli(cli)) {
        results.cliMissing = cli.missing;
        progress(`skipped ${only.filter((scenario) => CLI_SCENARIOS.includes(scenario)).join(", ")}: no Pulumi CLI: ${cli.missing}`);
    }
    const realCli = cli && isPulumiCli(cli) ? cli : undefined;
    for (const scenario of only) {
        switch (scenario) {
            case "noopPreview":
                results.noopPreview = await benchNoopPreview(registrations, profile, progress);
                break;
            case "updates":
                results.updates = await benchUpdates(registrations, profile, progress);
                break;
            case "throttled":
                results.throttled = await benchThrottled(registrations, profile, progress);
                break;
            case "coldStart":
                results.coldStart = await benchColdStart(registrations, profile, progress);
                break;
            case "bytes":
                results.bytes = await benchBytes(registrations, profile, progress);
                break;
            case "adoptTenant":
                results.adoptTenant = await benchAdoptTenant(registrations, profile, progress);
                break;
            case "cliUpdates":
                if (realCli) {
                    results.cliUpdates = await benchCliUpdates(realCli, profile, progress);
                }
                break;
            case "cliNoopPreview":
                if (realCli) {
                    results.cliNoopPreview = await benchCliNoopPreview(realCli, profile, progress);
                }
                break;
        }
    }
    results.durationMs = performance.now() - started;
    results.machine.loadAverage1mAtEnd = os.loadavg()[0];
    return results;
}
