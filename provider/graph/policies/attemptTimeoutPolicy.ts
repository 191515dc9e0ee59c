import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { callOf } from "../graphCall";

/** The name of this policy in the pipeline, as `Pipeline.getOrderedPolicies()` lists it. */
export const attemptTimeoutPolicyName = "attemptTimeoutPolicy";

/**
 * Sets the timeout of each attempt (`request.timeout`, which the transport enforces): at most
 * `requestTimeoutMs` for one answer, and never past what is left of the call's time budget.
 */
export function attemptTimeoutPolicy(requestTimeoutMs: number): PipelinePolicy {
    return {
        name: attemptTimeoutPolicyName,
        sendRequest(request, next) {
            request.timeout = Math.max(1, Math.min(requestTimeoutMs, callOf(request).remainingMs()));
            return next(request);
        },
    };
}
