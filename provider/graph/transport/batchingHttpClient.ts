/**
 * Coalesces concurrent GETs into Graph JSON batches (`POST {root}/$batch`, at most
 * {@link MAX_BATCH_SIZE} each), below every policy of the pipeline: each GET has passed its own
 * retry, throttle gate, pacing, token, timeout and statistics policies when it reaches this
 * transport, and its sub-response comes back up through them as its own answer. So a 429 inside a
 * batch closes the gate and is retried after its own `Retry-After` like any 429, and a failed
 * sub-request fails only its call. The batch itself goes out on the inner transport (one request
 * slot, one socket), with the `Authorization` its GETs carry.
 *
 * A GET sent while no other GET is queued or in flight goes out at once, as itself: a lone read
 * waits for nothing. While reads are in flight, a GET waits at most `windowMs` for others to join
 * it, and a batch leaves as soon as it is full; a GET still alone when its window ends goes out as
 * itself. Other methods always go out as themselves.
 *
 * Waiting pays only when many reads are under way at once (a refresh of a large stack, export, the
 * reads before a large adoption). With few, as at Pulumi's default `--parallel` (4 per CPU), no
 * batch fills and every read would wait out the window for nothing: an update of 400 at
 * `--parallel 8` took twice as long batched. So the transport watches ({@link nextBatchMode}): a
 * window that ends with less than half a batch sends later GETs at once, each as itself, until a
 * batch's worth is under way at once again.
 *
 * When Graph answers the batch itself 400 or 404 (no JSON batching here, e.g. a gateway or an
 * emulator without it), batching is turned off for the rest of the process, said once in the log,
 * and the GETs of that batch and all later ones go out one by one. Any other answer to the batch
 * (429, 5xx) is each of its GETs' answer; a batch that got no answer fails each GET the same way,
 * and each is retried by its own policy.
 */
import { HttpClient, PipelineRequest, PipelineResponse, RestError, createHttpHeaders, createPipelineRequest, isRestError } from "@azure/core-rest-pipeline";
import type { Logger } from "../../log/log";

/** Graph's bound on the requests of one JSON batch. */
export const MAX_BATCH_SIZE = 20;

/** How the batching transport works; the defaults are those of `intune:batchReads` and `intune:batchWindowMs` (`../../config/configKeys.ts`). */
export interface BatchingOptions {
    /** The Graph root with its version, e.g. `https://graph.microsoft.com/beta`: sub-request URLs are relative to it. */
    root: string;
    /** Longest a GET waits for others to join its batch. */
    windowMs: number;
    /** Requests per batch, at most {@link MAX_BATCH_SIZE}. */
    maxBatchSize?: number;
    log: Logger;
}

/**
 * Whether GETs wait for others (`"batch"`) or go out at once (`"direct"`), after `event`: a
 * window ended with `size` GETs waiting (fewer than half of `maxBatchSize`: the reads are few), or
 * a GET arrived with `underWay` GETs queued or in flight, itself included (a batch's worth: many again).
 */
export function nextBatchMode(
    mode: BatchMode,
    event: { kind: "windowEnded"; size: number } | { kind: "arrived"; underWay: number },
    maxBatchSize: number,
): BatchMode {
    if (event.kind === "windowEnded") {
        return event.size * 2 < maxBatchSize ? "direct" : "batch";
    }
    return mode === "direct" && event.underWay >= maxBatchSize ? "batch" : mode;
}

/** See {@link nextBatchMode}. */
export type BatchMode = "batch" | "direct";

/** One GET waiting for its batch. */
interface Waiting {
    request: PipelineRequest;
    resolve(response: PipelineResponse): void;
    reject(error: unknown): void;
}

/** The answer to one sub-request as Graph writes it in a batch's `responses`. */
interface SubAnswer {
    id?: unknown;
    status?: unknown;
    headers?: unknown;
    body?: unknown;
}

/** A core-rest-pipeline `HttpClient` that batches GETs over `inner` (see the module comment). */
export function createBatchingHttpClient(inner: HttpClient, options: BatchingOptions): HttpClient {
    const maxBatchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, options.maxBatchSize ?? MAX_BATCH_SIZE));
    const queue: Waiting[] = [];
    let timer: NodeJS.Timeout | undefined;
    let available = true;
    /** GETs queued or sent (alone or in a batch) whose answer has not arrived. */
    let inFlight = 0;
    let mode: BatchMode = "batch";

    function windowEnded(): void {
        mode = nextBatchMode(mode, { kind: "windowEnded", size: queue.length }, maxBatchSize);
        flush();
    }

    function flush(): void {
        clearTimeout(timer);
        timer = undefined;
        while (queue.length > 0) {
            void send(queue.splice(0, maxBatchSize));
        }
    }

    async function send(batch: Waiting[]): Promise<void> {
        if (!available || batch.length === 1) {
            batch.forEach(alone);
            return;
        }
        const first = batch[0].request;
        const batchRequest = createPipelineRequest({
            url: `${options.root}/$batch`,
            method: "POST",
            headers: createHttpHeaders({
                Accept: "application/json",
                "Content-Type": "application/json",
                ...(first.headers.get("authorization") ? { Authorization: first.headers.get("authorization")! } : {}),
                ...(first.headers.get("user-agent") ? { "User-Agent": first.headers.get("user-agent")! } : {}),
            }),
            body: JSON.stringify({
                requests: batch.map((w, i) => ({
                    id: String(i + 1),
                    method: "GET",
                    url: w.request.url.slice(options.root.length),
                    headers: { Accept: "application/json", "client-request-id": w.request.requestId },
                })),
            }),
            timeout: Math.max(...batch.map((w) => w.request.timeout)),
            allowInsecureConnection: first.allowInsecureConnection,
        });
        // The agent policy's choice for its GETs (the keep-alive pool, or the proxy's agent): not an option of createPipelineRequest.
        batchRequest.agent = first.agent;
        let response: PipelineResponse;
        try {
            response = await inner.sendRequest(batchRequest);
        } catch (error) {
            const answered = isRestError(error) ? error.response : undefined;
            if (answered && (answered.status === 400 || answered.status === 404)) {
                fallBack(answered.status, batch);
                return;
            }
            batch.forEach((w) => w.reject(asTheirs(error, w.request)));
            return;
        }
        if (response.status === 400 || response.status === 404) {
            fallBack(response.status, batch);
            return;
        }
        if (response.status < 200 || response.status >= 300) {
            // The batch as a whole was throttled or failed: that is each GET's answer.
            batch.forEach((w) => w.resolve({ ...response, request: w.request }));
            return;
        }
        const answers = readAnswers(response.bodyAsText ?? undefined);
        batch.forEach((w, i) => {
            const answer = answers?.get(String(i + 1));
            if (answer === undefined) {
                w.reject(
                    new RestError(`the answer to POST ${options.root}/$batch has no response for ${w.request.url}`, {
                        code: RestError.REQUEST_SEND_ERROR,
                        request: w.request,
                    }),
                );
                return;
            }
            w.resolve(subResponse(answer, w.request));
        });
    }

    function fallBack(status: number, batch: Waiting[]): void {
        if (available) {
            available = false;
            options.log.log(
                "info",
                `Graph answered ${status} to POST ${options.root}/$batch: JSON batching is not available here, so reads are sent one by one from now on.`,
            );
        }
        batch.forEach(alone);
    }

    function alone(w: Waiting): void {
        inner.sendRequest(w.request).then(w.resolve, w.reject);
    }

    /** Sends `request` through the inner transport, counted in flight until its answer (or failure). */
    function counted(w: Waiting): Waiting {
        inFlight++;
        const done = () => inFlight--;
        return { request: w.request, resolve: (r) => (done(), w.resolve(r)), reject: (e) => (done(), w.reject(e)) };
    }

    return {
        sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
            if (request.method !== "GET" || !available || !request.url.startsWith(`${options.root}/`)) {
                return inner.sendRequest(request);
            }
            return new Promise<PipelineResponse>((resolve, reject) => {
                const waiting = counted({ request, resolve, reject });
                mode = nextBatchMode(mode, { kind: "arrived", underWay: inFlight }, maxBatchSize);
                if (mode === "direct" || (inFlight === 1 && queue.length === 0)) {
                    alone(waiting); // the reads are few, or nothing else is reading: no reason to wait
                    return;
                }
                queue.push(waiting);
                if (queue.length >= maxBatchSize) {
                    const full = queue.splice(0, maxBatchSize);
                    void send(full);
                    if (queue.length === 0) {
                        clearTimeout(timer);
                        timer = undefined;
                    }
                } else {
                    timer ??= setTimeout(windowEnded, options.windowMs);
                }
            });
        },
    };
}

/** The `responses` of a batch's answer by id; undefined when the body is not a batch answer. */
function readAnswers(text: string | undefined): Map<string, SubAnswer> | undefined {
    try {
        const responses = (JSON.parse(text ?? "") as { responses?: unknown }).responses;
        if (!Array.isArray(responses)) {
            return undefined;
        }
        return new Map((responses as SubAnswer[]).filter((r) => r !== null && typeof r === "object").map((r) => [String(r.id), r]));
    } catch {
        return undefined;
    }
}

/** One sub-response as the pipeline's response to `request`: its status, headers and body (JSON written back as text). */
function subResponse(answer: SubAnswer, request: PipelineRequest): PipelineResponse {
    const headers = createHttpHeaders();
    if (answer.headers !== null && typeof answer.headers === "object") {
        for (const [name, value] of Object.entries(answer.headers as Record<string, unknown>)) {
            if (typeof value === "string") {
                headers.set(name, value);
            }
        }
    }
    const body = answer.body === undefined || answer.body === null ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    return { request, status: typeof answer.status === "number" ? answer.status : 502, headers, bodyAsText: body };
}

/** A failure of the batch as the failure of one of its GETs (the policies find their call by its request). */
function asTheirs(error: unknown, request: PipelineRequest): unknown {
    if (!isRestError(error)) {
        return error;
    }
    return new RestError(error.message, {
        code: error.code,
        statusCode: error.statusCode,
        request,
        response: error.response && { ...error.response, request },
    });
}
