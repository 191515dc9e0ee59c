import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { callOf } from "../graphCall";
import type { ThrottleGate } from "../throttleGate";

/** The name of this policy in the pipeline, as `Pipeline.getOrderedPolicies()` lists it. */
export const throttleGatePolicyName = "throttleGatePolicy";

/**
 * Holds each attempt until the tenant's throttle gate (`../throttleGate.ts`) is open: a
 * `Retry-After` on 429 or 503 closes it for every request of the provider host, not only the one
 * that got it (the retry strategy closes it, `../retryStrategies/graphRetryStrategy.ts`). The
 * time waited counts in the operation's statistics and in the call's time budget.
 */
export function throttleGatePolicy(gate: ThrottleGate): PipelinePolicy {
    return {
        name: throttleGatePolicyName,
        async sendRequest(request, next) {
            callOf(request).stats.waitedMs += await gate.wait();
            return next(request);
        },
    };
}
