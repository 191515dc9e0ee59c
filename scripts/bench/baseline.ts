import { performance } from "node:perf_hooks";
import fetch from "cross-fetch";
import type { CounterValues } from "../../provider/model/fields";
import { BENCH_TOKEN } from "./benchEnv";
import { inPool } from "./concurrency";

/** What the raw-HTTP limit took. */
export interface BaselineResult {
    wallMs: number;
    requests: number;
    /** Answers that were not 2xx (the baseline does not retry; it should see none). */
    failures: number;
}

/**
 * The raw-HTTP limit for updating `appIds`: a bare cross-fetch loop with a static token and
 * `parallel` workers, sending only the requests the operation cannot do without: the PATCH, and
 * when PATCH answers 204 (`readBack`) the GET that learns the values the state must record.
 * No engine, no gRPC, no checks, no retries: what the same machine and emulator allow at best.
 */
export async function rawUpdateLimit(
    graphUrl: string,
    appIds: readonly string[],
    values: CounterValues,
    parallel: number,
    readBack: boolean,
): Promise<BaselineResult> {
    const headers = { Authorization: `Bearer ${BENCH_TOKEN}`, Accept: "application/json" };
    let requests = 0;
    let failures = 0;
    const send = async (method: "PATCH" | "GET", url: string): Promise<void> => {
        requests++;
        const response = await fetch(url, {
            method,
            headers: method === "PATCH" ? { ...headers, "Content-Type": "application/json" } : headers,
            body: method === "PATCH" ? JSON.stringify(values) : undefined,
        });
        await response.text();
        if (response.status < 200 || response.status >= 300) {
            failures++;
        }
    };
    const started = performance.now();
    await inPool(appIds, parallel, async (id) => {
        const url = `${graphUrl}/beta/deviceAppManagement/mobileApps/${id}/installSummary`;
        await send("PATCH", url);
        if (readBack) {
            await send("GET", url);
        }
    });
    return { wallMs: performance.now() - started, requests, failures };
}
