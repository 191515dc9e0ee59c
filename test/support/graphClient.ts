import { strict as assert } from "node:assert";
import { GraphClient, GraphClientOptions } from "../../provider/graph/client";
import { GraphError, isGraphError } from "../../provider/graph/errors";
import { DEFAULT_RETRY_OPTIONS } from "../../provider/graph/retryPolicy";
import { ThrottleGate } from "../../provider/graph/throttleGate";
import { StaticTokenSource } from "../../provider/auth/tokenSource";
import { Pacer } from "../../provider/graph/pacer";
import { createLogger } from "../../provider/log/log";
import { Redactor } from "../../provider/log/redaction";
import { TEST_TOKEN } from "./fixtures";

/**
 * A Graph client for tests against the emulator at `baseUrl`: the test token, short timeouts, fast
 * backoff (20 ms, at most 100 ms), no pacing, and its log lines collected in `lines`.
 */
export function testClient(baseUrl: string, lines: string[] = [], overrides: Partial<GraphClientOptions> = {}): GraphClient {
    return new GraphClient({
        baseUrl,
        baseUrlOrigin: "intune:graphEndpoint (the test's)",
        apiVersion: "beta",
        tokens: new StaticTokenSource(TEST_TOKEN),
        tokenAdvice: "check the test's token",
        userAgent: "test",
        requestTimeoutMs: 5_000,
        operationTimeoutMs: 20_000,
        retry: { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 20, maxDelayMs: 100 },
        gate: new ThrottleGate(),
        pacers: { writes: new Pacer(0, 1), reads: new Pacer(0, 1) },
        maxSockets: 10,
        log: createLogger("verbose", new Redactor([TEST_TOKEN]), (line) => lines.push(line)),
        ...overrides,
    });
}

/** Awaits `promise`, which must fail with a {@link GraphError}; returns the error. */
export async function graphFailure(promise: Promise<unknown>): Promise<GraphError> {
    try {
        await promise;
    } catch (error) {
        assert.ok(isGraphError(error), `expected a GraphError, got ${String(error)}`);
        return error;
    }
    assert.fail("expected the call to fail");
}
