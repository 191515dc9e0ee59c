import { strict as assert } from "node:assert";
import { StaticTokenSource } from "../../../provider/auth/tokenSource";
import { createGraphPipeline } from "../../../provider/graph/pipeline";
import { DEFAULT_RETRY_OPTIONS } from "../../../provider/graph/retryPolicy";
import { ThrottleGate } from "../../../provider/graph/throttleGate";
import { Pacer } from "../../../provider/graph/pacer";
import { createLogger } from "../../../provider/log/log";

describe("provider/graph/pipeline createGraphPipeline", () => {
    it("has core-rest-pipeline's policies first, then the retry loop, then this project's policies per attempt, the token before the pacer, the pacer before the gate", () => {
        const pipeline = createGraphPipeline({
            tokens: new StaticTokenSource("t"),
            userAgent: "test",
            requestTimeoutMs: 1000,
            retry: DEFAULT_RETRY_OPTIONS,
            gate: new ThrottleGate(),
            pacers: { writes: new Pacer(0, 1), reads: new Pacer(0, 1) },
            maxSockets: 1,
            root: "https://graph.microsoft.com/beta",
            route: undefined,
            secure: true,
            bodyWaitMs: () => undefined,
            log: createLogger("error"),
        });
        try {
            assert.deepEqual(pipeline.policies, [
                "userAgentPolicy",
                "setClientRequestIdPolicy",
                "agentPolicy",
                "retryPolicy",
                "bearerTokenPolicy",
                "pacingPolicy",
                "throttleGatePolicy",
                "attemptTimeoutPolicy",
                "operationStatsPolicy",
                "tracePolicy",
            ]);
        } finally {
            pipeline.close();
        }
    });
});
