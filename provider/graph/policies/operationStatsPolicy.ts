import { type PipelinePolicy, isRestError } from "@azure/core-rest-pipeline";
import { callOf } from "../graphCall";

/** The name of this policy in the pipeline, as `Pipeline.getOrderedPolicies()` lists it. */
export const operationStatsPolicyName = "operationStatsPolicy";

/**
 * Counts each request sent, in its call (`attempts`, named in messages) and in its operation's
 * statistics (`../stats.ts`), with the status and Graph `request-id` of every answer, also of an
 * answer whose body was lost.
 */
export function operationStatsPolicy(): PipelinePolicy {
    return {
        name: operationStatsPolicyName,
        async sendRequest(request, next) {
            const call = callOf(request);
            call.attempts++;
            call.stats.requests++;
            try {
                const response = await next(request);
                call.stats.noteAnswer(response.status, response.headers.get("request-id"));
                return response;
            } catch (error) {
                if (isRestError(error) && error.response) {
                    call.stats.noteAnswer(error.response.status, error.response.headers.get("request-id"));
                }
                throw error;
            }
        },
    };
}
