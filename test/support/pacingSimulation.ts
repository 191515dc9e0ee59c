import { BudgetShape, WriteBudget } from "../../emulator/writeBudget";
import { ThrottleGate } from "../../provider/graph/throttleGate";
import { Pacer } from "../../provider/graph/pacer";

/** One deployment of the simulation: its writes, all started at once (P = N), and how it paces. */
export interface SimulatedHost {
    writes: number;
    /** When its writes start, from the start of the run. */
    startAfterMs?: number;
    /** The pacer's configured budget (default: the provider's default, 100 per 20 s). */
    writesPerWindow?: number;
    windowMs?: number;
    /** The pacer's ramp (default: the writes'). */
    rampGain?: number;
}

/** What the simulated tenant saw of each host. */
export interface SimulatedRun {
    /** Per host: writes that gave up (the retries spent), 429 answers, and when its last write was accepted. */
    hosts: Array<{ failures: number; refused: number; lastAcceptedMs: number }>;
    /** When the last write of all was accepted, from the start. */
    wallMs: number;
}

/**
 * Runs hosts' writes against one tenant write budget in the current (fake) time: each attempt
 * waits at its host's pacer, then at its throttle gate, as the pipeline's policies do, reaches the tenant
 * after half the round trip, is counted or refused there, and its answer comes back after the
 * other half; a 429 carries `Retry-After` in whole seconds rounded up, as Graph sends it, closes
 * the host's gate and is retried (at most `maxRetries` times, the provider's default 6). Use
 * with fake timers: it sleeps with `setTimeout`.
 */
export async function simulatePacing(options: { shape: BudgetShape; hosts: SimulatedHost[]; roundTripMs: number; maxRetries?: number }): Promise<SimulatedRun> {
    const startMs = Date.now();
    const tenant = new WriteBudget(startMs);
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const maxRetries = options.maxRetries ?? 6;
    const hosts = options.hosts.map(async (host) => {
        const pacer = new Pacer(host.writesPerWindow ?? 100, host.windowMs ?? 20_000, host.rampGain);
        const gate = new ThrottleGate();
        const seen = { failures: 0, refused: 0, lastAcceptedMs: 0 };
        const write = async () => {
            for (let attempt = 0; attempt <= maxRetries; attempt++) {
                const release = await pacer.acquire();
                await gate.wait();
                await sleep(options.roundTripMs / 2);
                const waitMs = tenant.waitMs(options.shape, Date.now());
                if (waitMs === 0) {
                    tenant.accept(options.shape, Date.now());
                    seen.lastAcceptedMs = Date.now() - startMs;
                }
                await sleep(options.roundTripMs / 2);
                if (waitMs === 0) {
                    release({ kind: "accepted" });
                    return;
                }
                const retryAfterMs = Math.max(1, Math.ceil(waitMs / 1000)) * 1000;
                seen.refused++;
                release({ kind: "refused", retryAfterMs });
                gate.closeFor(retryAfterMs);
            }
            seen.failures++;
        };
        await sleep(host.startAfterMs ?? 0);
        await Promise.all(Array.from({ length: host.writes }, write));
        return seen;
    });
    const seen = await Promise.all(hosts);
    return { hosts: seen, wallMs: Math.max(...seen.map((h) => h.lastAcceptedMs)) };
}

/** The least time a budget allows for `writes`: the windows after the first that the writes need (ceil(N/B) − 1). */
export function throttleMinimumMs(writes: number, writesPerWindow: number, windowMs: number): number {
    return (Math.ceil(writes / writesPerWindow) - 1) * windowMs;
}
