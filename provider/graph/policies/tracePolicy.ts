import { type PipelinePolicy, isRestError } from "@azure/core-rest-pipeline";
import type { Logger } from "../../log/log";
import { REQUEST_TIMED_OUT } from "../transport/crossFetchHttpClient";

/** The name of this policy in the pipeline, as `Pipeline.getOrderedPolicies()` lists it. */
export const tracePolicyName = "tracePolicy";

/**
 * Writes each request and its answer at `verbose`: method, URL, `client-request-id`, the proxy
 * when there is one, and the bodies (the answer's first 500 characters). The token is never
 * written, and every line passes through the session's redaction. Lines are built only when
 * `verbose` is on: this runs for every request of a deployment.
 */
export function tracePolicy(log: Logger, proxyUrl: string | undefined): PipelinePolicy {
    const via = proxyUrl === undefined ? "" : ` proxy=${proxyUrl}`;
    return {
        name: tracePolicyName,
        async sendRequest(request, next) {
            if (!log.enabled("verbose")) {
                return next(request);
            }
            const { method, url } = request;
            log.log(
                "verbose",
                `-> ${method} ${url} client-request-id=${request.requestId} authorization=Bearer [redacted]${via}${typeof request.body === "string" ? ` body=${request.body}` : ""}`,
            );
            const sentAt = Date.now();
            try {
                const response = await next(request);
                log.log(
                    "verbose",
                    `<- ${response.status} ${method} ${url} in ${Date.now() - sentAt} ms request-id=${response.headers.get("request-id") ?? "-"} body=${(response.bodyAsText ?? "").slice(0, 500)}`,
                );
                return response;
            } catch (error) {
                const answered = isRestError(error) ? error.response : undefined;
                if (answered) {
                    log.log("verbose", (error as Error).message);
                    log.log(
                        "verbose",
                        `<- ${answered.status} ${method} ${url} in ${Date.now() - sentAt} ms request-id=${answered.headers.get("request-id") ?? "-"} body=`,
                    );
                } else {
                    const kind = isRestError(error) && error.code === REQUEST_TIMED_OUT ? "timeout" : "network";
                    log.log("verbose", `<- ${method} ${url} ${kind} after ${Date.now() - sentAt} ms: ${(error as Error).message}`);
                }
                throw error;
            }
        },
    };
}
