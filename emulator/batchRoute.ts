/**
 * Graph's JSON batching as the emulator serves it: `POST /{beta|v1.0}/$batch` with
 * `{"requests": [{"id", "method", "url", "headers"?, "body"?}]}`, at most 20, answered
 * `{"responses": [{"id", "status", "headers", "body"?}]}` in the order the sub-requests finished.
 *
 * Each sub-request is sent to the emulator itself over HTTP, to an internal listener of the same
 * handler (so that the connections a client opens to the emulator are counted apart from these),
 * with the batch's `Host` and `Authorization` and the sub-request's headers, so it is answered
 * exactly as the same request sent alone: it passes latency, scripted and random faults, the token check and
 * every budget, and it is recorded (marked with its batch). The sub-requests run at once, so a
 * batch takes about as long as its slowest one. A sub-request whose connection was reset (a
 * fault) has no response in the batch's answer, as a sub-request Graph lost; one that hangs
 * holds the whole batch.
 */
import * as http from "node:http";
import { LoopbackServer } from "./loopbackServer";

/** The path of the batch endpoint. */
export const BATCH_ROUTE = /^\/(beta|v1\.0)\/\$batch\/?$/;

/** The header that marks a sub-request sent by the batch route, with the batch's request id. */
export const BATCH_HEADER = "x-intune-emulator-batch";

/** Graph's bound on the sub-requests of one batch. */
export const MAX_BATCH_REQUESTS = 20;

/** One sub-request as the batch body gives it. */
interface SubRequest {
    id: string;
    method: string;
    url: string;
    headers: Record<string, string>;
    body?: unknown;
}

/** One sub-response. */
interface SubResponse {
    id: string;
    status: number;
    headers: Record<string, string>;
    body?: unknown;
}

/**
 * Validates a batch body as Graph does; returns the sub-requests, or the reason it is refused
 * (Graph's 400 message).
 */
export function parseBatch(text: string): SubRequest[] | string {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        return "The batch request body is not valid JSON.";
    }
    const requests = (parsed as { requests?: unknown } | null)?.requests;
    if (!Array.isArray(requests) || requests.length === 0) {
        return 'The batch request body must be an object with a non-empty "requests" list.';
    }
    if (requests.length > MAX_BATCH_REQUESTS) {
        return `The batch has ${requests.length} requests; at most ${MAX_BATCH_REQUESTS} are allowed.`;
    }
    const ids = new Set<string>();
    const subs: SubRequest[] = [];
    for (const [i, entry] of requests.entries()) {
        const sub = entry as Partial<Record<keyof SubRequest, unknown>> | null;
        if (sub === null || typeof sub !== "object" || typeof sub.id !== "string" || sub.id === "") {
            return `Request ${i} of the batch has no id.`;
        }
        if (ids.has(sub.id)) {
            return `The id '${sub.id}' is used by more than one request of the batch.`;
        }
        ids.add(sub.id);
        if (typeof sub.method !== "string" || !["GET", "PATCH", "POST", "PUT", "DELETE"].includes(sub.method.toUpperCase())) {
            return `Request '${sub.id}' of the batch has no valid method.`;
        }
        if (typeof sub.url !== "string" || !sub.url.startsWith("/") || sub.url.startsWith("//")) {
            return `Request '${sub.id}' of the batch needs a url relative to the version, such as /deviceAppManagement/mobileApps.`;
        }
        const headers = sub.headers ?? {};
        if (headers === null || typeof headers !== "object" || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== "string")) {
            return `Request '${sub.id}' of the batch has headers that are not an object of strings.`;
        }
        subs.push({ id: sub.id, method: sub.method.toUpperCase(), url: sub.url, headers: headers as Record<string, string>, body: sub.body });
    }
    return subs;
}

/** Sends the sub-requests of a batch to the emulator's handler, on an internal listener, and collects their answers. */
export class BatchRunner {
    private readonly agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
    private internal: LoopbackServer | undefined;
    private url = "";

    /** Starts the internal listener for `handler` (the emulator's) on 127.0.0.1, a free port. */
    async start(handler: http.RequestListener): Promise<void> {
        const server = http.createServer(handler);
        server.keepAliveTimeout = 30_000;
        this.internal = new LoopbackServer(server);
        this.url = `http://127.0.0.1:${await this.internal.listen(0)}`;
    }

    /**
     * Runs every sub-request at once under `versionPath` (e.g. `/beta`), as sent to `host`;
     * resolves when all have answered or been reset, with the answers (none for a reset one).
     */
    run(versionPath: string, host: string, subs: readonly SubRequest[], authorization: string | undefined, batchId: string): Promise<SubResponse[]> {
        const answers: SubResponse[] = [];
        return Promise.all(
            subs.map(
                (sub) =>
                    new Promise<void>((resolve) => {
                        const body = sub.body === undefined ? undefined : typeof sub.body === "string" ? sub.body : JSON.stringify(sub.body);
                        const request = http.request(`${this.url}${versionPath}${sub.url}`, {
                            method: sub.method,
                            agent: this.agent,
                            headers: {
                                ...sub.headers,
                                host,
                                ...(authorization ? { authorization } : {}),
                                ...(body === undefined ? {} : { "content-type": "application/json" }),
                                [BATCH_HEADER]: batchId,
                            },
                        });
                        request.on("response", (response) => {
                            const chunks: Buffer[] = [];
                            response.on("data", (chunk: Buffer) => chunks.push(chunk));
                            response.on("end", () => {
                                answers.push(subResponse(sub.id, response, Buffer.concat(chunks).toString("utf8")));
                                resolve();
                            });
                            response.on("error", () => resolve());
                        });
                        request.on("error", () => resolve());
                        request.end(body);
                    }),
            ),
        ).then(() => answers);
    }

    /** Ends the sockets of the sub-requests and the internal listener. */
    async close(): Promise<void> {
        this.agent.destroy();
        await this.internal?.close();
        this.internal = undefined;
    }
}

/** The answer to one sub-request as the batch carries it: status, headers, and the JSON body (text when it is not JSON). */
function subResponse(id: string, response: http.IncomingMessage, text: string): SubResponse {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
        if (typeof value === "string" && !["connection", "keep-alive", "content-length", "date", "transfer-encoding"].includes(name)) {
            headers[name] = value;
        }
    }
    let body: unknown;
    try {
        body = text === "" ? undefined : JSON.parse(text);
    } catch {
        body = text;
    }
    return { id, status: response.statusCode ?? 500, headers, ...(body === undefined ? {} : { body }) };
}
