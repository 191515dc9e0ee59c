import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { callOf } from "../graphCall";
import type { WritePacer } from "../writePacer";

/** The name of this policy in the pipeline, as `Pipeline.getOrderedPolicies()` lists it. */
export const writePacingPolicyName = "writePacingPolicy";

/**
 * Paces writes: each attempt of a request that is not a GET takes a slot of the write pacer
 * (`../writePacer.ts`, Intune's 100 writes per 20 s) before it is sent, and gives it back when its
 * answer arrived or it failed. The time queued counts in the operation's statistics and is not
 * part of the call's time budget: a deployment with many writes is slow, not failed.
 */
export function writePacingPolicy(pacer: WritePacer): PipelinePolicy {
    return {
        name: writePacingPolicyName,
        async sendRequest(request, next) {
            if (request.method === "GET") {
                return next(request);
            }
            const call = callOf(request);
            const queuedAt = Date.now();
            const release = await pacer.acquire();
            const pacedMs = Date.now() - queuedAt;
            call.pacedMs += pacedMs;
            call.stats.pacedMs += pacedMs;
            try {
                return await next(request);
            } finally {
                release();
            }
        },
    };
}
