/**
 * The transport of the Graph pipeline: an `HttpClient` of `@azure/core-rest-pipeline` on
 * cross-fetch, the HTTP package this product declares (node-fetch 2 on Node.js). It sends a
 * request as the pipeline's policies left it: its headers and body, through `request.agent` (the
 * keep-alive pool, or the proxy's agent, set by the agent policy), within `request.timeout`, and
 * aborted with `request.abortSignal`. It reads the whole body as text.
 *
 * Failures are core-rest-pipeline's `RestError`s, with these codes:
 * - {@link REQUEST_TIMED_OUT}: no answer (status line and headers) within `request.timeout`;
 * - {@link ANSWER_BODY_LOST}: the status and headers arrived, the body did not, in full; the
 *   error carries the `response` (without `bodyAsText`), so its status still decides;
 * - anything else (`ECONNREFUSED`, `ECONNRESET`, ..., or `REQUEST_SEND_ERROR`): no answer came.
 * An abort of `request.abortSignal` rejects with node-fetch's `AbortError`, which the retry
 * policy does not retry.
 */
import type * as http from "node:http";
import type crossFetch from "cross-fetch";
import { HttpClient, PipelineRequest, PipelineResponse, RestError, createHttpHeaders } from "@azure/core-rest-pipeline";
import { RequestSlots } from "./requestSlots";

/** The code of a {@link RestError} for a request that got no answer within `request.timeout`. */
export const REQUEST_TIMED_OUT = "REQUEST_TIMED_OUT";
/** The code of a {@link RestError} for an answer whose body did not arrive in full; its `response` has the status and headers. */
export const ANSWER_BODY_LOST = "ANSWER_BODY_LOST";

/** What the transport is built with (see {@link createCrossFetchHttpClient}). */
export interface CrossFetchHttpClientOptions {
    /** Requests in flight at once: the agents' `maxSockets` (see `./requestSlots.ts` for why they wait here). */
    maxInFlight: number;
    /**
     * How long the body of an answer with `status` to `request` is waited for once its headers
     * arrived; undefined to wait as long as `request.timeout` allows. An answer whose body does not
     * come in that time fails with {@link ANSWER_BODY_LOST}.
     */
    bodyWaitMs?: (request: PipelineRequest, status: number) => number | undefined;
}

/**
 * cross-fetch (node-fetch, whatwg-url and tr46's mapping table) is required at the first request,
 * not at import, like the rest of the pipeline.
 */
let loadedFetch: typeof crossFetch | undefined;
function fetch(...args: Parameters<typeof crossFetch>): ReturnType<typeof crossFetch> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loadedFetch ??= require("cross-fetch") as typeof crossFetch;
    return loadedFetch(...args);
}

/** A core-rest-pipeline `HttpClient` on cross-fetch (see the module comment). */
export function createCrossFetchHttpClient(options: CrossFetchHttpClientOptions): HttpClient {
    const slots = new RequestSlots(options.maxInFlight);
    return {
        async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
            const url = new URL(request.url);
            if (url.protocol !== "https:" && !request.allowInsecureConnection) {
                throw new RestError(`Cannot connect to ${request.url} while allowInsecureConnection is false.`, {
                    code: RestError.REQUEST_SEND_ERROR,
                    request,
                });
            }
            if (request.body !== undefined && typeof request.body !== "string") {
                throw new RestError("This transport sends string bodies only.", { code: RestError.REQUEST_SEND_ERROR, request });
            }
            // Waiting for a free connection is not part of the request's timeout.
            const release = await slots.acquire();
            // One abort for the caller's signal, the request timeout and giving up on a body; node-fetch then closes the socket.
            const controller = new AbortController();
            const onAbort = () => controller.abort();
            request.abortSignal?.addEventListener("abort", onAbort);
            let timedOut = false;
            const requestTimer =
                request.timeout > 0
                    ? setTimeout(() => {
                          timedOut = true;
                          controller.abort();
                      }, request.timeout)
                    : undefined;
            try {
                if (request.abortSignal?.aborted) {
                    controller.abort();
                }
                let answer: Awaited<ReturnType<typeof crossFetch>>;
                try {
                    answer = await fetch(request.url, {
                        method: request.method,
                        headers: request.headers.toJSON({ preserveCase: true }),
                        body: request.body,
                        signal: controller.signal,
                        // node-fetch takes an agent; the browser typings do not know it.
                        ...({ agent: request.agent as http.Agent | undefined } as object),
                    });
                } catch (error) {
                    if (timedOut) {
                        throw new RestError(`no answer within ${request.timeout} ms`, { code: REQUEST_TIMED_OUT, request });
                    }
                    if ((error as Error).name === "AbortError") {
                        throw error;
                    }
                    const code = (error as { code?: unknown }).code;
                    throw new RestError((error as Error).message, { code: typeof code === "string" ? code : RestError.REQUEST_SEND_ERROR, request });
                }
                const headers = createHttpHeaders();
                answer.headers.forEach((value, name) => headers.set(name, value));
                const response: PipelineResponse = { request, status: answer.status, headers };
                const waitMs = options.bodyWaitMs?.(request, answer.status);
                const bodyTimer = waitMs === undefined ? undefined : setTimeout(() => controller.abort(), waitMs);
                try {
                    response.bodyAsText = await answer.text();
                    return response;
                } catch (error) {
                    if (request.abortSignal?.aborted) {
                        throw error;
                    }
                    throw new RestError(
                        `the body of the ${answer.status} answer to ${request.method} ${request.url} did not arrive in full: ${(error as Error).message}`,
                        {
                            code: ANSWER_BODY_LOST,
                            statusCode: answer.status,
                            request,
                            response,
                        },
                    );
                } finally {
                    clearTimeout(bodyTimer);
                }
            } finally {
                clearTimeout(requestTimer);
                request.abortSignal?.removeEventListener("abort", onAbort);
                release();
            }
        },
    };
}
