import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { programRegistrations } from "./apps";
import { BenchProfile, largestN } from "./profile";
import { BytesResult, benchBytes } from "./scenarios/bytes";
import { ColdStartResult, benchColdStart } from "./scenarios/coldStart";
import { NoopPreviewResult, benchNoopPreview } from "./scenarios/noopPreview";
import { ThrottledResult, benchThrottled } from "./scenarios/throttled";
import { UpdatePoint, benchUpdates } from "./scenarios/updates";

export const SCENARIOS = ["noopPreview", "updates", "throttled", "coldStart", "bytes"] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

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
}

/**
 * Runs the root program once for the largest stack, then each scenario in turn (each starts its
 * own emulator and provider hosts and stops them). `progress` gets one line per finished figure.
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
    const n = largestN(profile);
    progress(`running the root program for ${n} apps (once)`);
    const registrations = await programRegistrations(n);
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
        }
    }
    results.durationMs = performance.now() - started;
    results.machine.loadAverage1mAtEnd = os.loadavg()[0];
    return results;
}
