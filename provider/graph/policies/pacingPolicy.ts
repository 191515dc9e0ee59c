import { type PipelinePolicy, type PipelineResponse, isRestError } from "@azure/core-rest-pipeline";
import { callOf } from "../graphCall";
import { parseRetryAfterMs } from "../retryPolicy";
import type { Pacers, SlotOutcome } from "../pacer";

/** The policy's name in the pipeline. */
export const pacingPolicyName = "pacingPolicy";

/**
 * Paces requests: each attempt takes a slot of its pacer (`../pacer.ts`: a GET the read pacer,
 * any other method the write pacer) before it is sent, and gives it back with the attempt's
 * outcome: a 429 returns the slot at once and teaches the pacer the budget, any other answer holds
 * it for the window, and so does an attempt that got no answer (it may have counted). The time
 * queued counts in the operation's statistics and is not part of the call's time budget: a
 * deployment with many writes is slow, not failed.
 */
export function pacingPolicy(pacers: Pacers): PipelinePolicy {
    return {
        name: pacingPolicyName,
        async sendRequest(request, next) {
            const pacer = request.method === "GET" ? pacers.reads : pacers.writes;
            const call = callOf(request);
            const queuedAt = Date.now();
            const release = await pacer.acquire();
            const pacedMs = Date.now() - queuedAt;
            call.pacedMs += pacedMs;
            call.stats.pacedMs += pacedMs;
            let outcome: SlotOutcome = { kind: "unanswered" };
            try {
                const response = await next(request);
                outcome = slotOutcome(response);
                return response;
            } catch (error) {
                const response = isRestError(error) ? error.response : undefined;
                outcome = response === undefined ? outcome : slotOutcome(response);
                throw error;
            } finally {
                release(outcome);
            }
        },
    };
}

/** What an answer says of the budget: a 429 refused the write, any other answer counted it. */
function slotOutcome(response: PipelineResponse): SlotOutcome {
    return response.status === 429
        ? { kind: "refused", retryAfterMs: parseRetryAfterMs(response.headers.get("retry-after"), Date.now()) }
        : { kind: "accepted" };
}
