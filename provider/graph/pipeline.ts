/**
 * The one HTTP pipeline of Graph requests, on `@azure/core-rest-pipeline`. Its policies, in the
 * order a request passes them (the first ones once per call, the rest once per attempt):
 *
 * | policy | from | what it does |
 * |---|---|---|
 * | `userAgentPolicy` | core-rest-pipeline | `User-Agent`: this package and version, then core's runtime and OS |
 * | `setClientRequestIdPolicy` | core-rest-pipeline | `client-request-id`: the request's UUID, one for all attempts of a call |
 * | `agentPolicy` | core-rest-pipeline | the keep-alive agent of `maxSockets` sockets, direct or through the proxy (`./proxy.ts`) |
 * | `retryPolicy` | core-rest-pipeline, with `./retryStrategies/graphRetryStrategy.ts` | the retry loop; the decisions are `./retryPolicy.ts`'s |
 * | `bearerTokenPolicy` | `./policies/` | the token of the token source; one renewal after a 401 |
 * | `pacingPolicy` | `./policies/` | a request waits for a slot of its pacer (writes and reads apart), which learns the budget from the answers |
 * | `throttleGatePolicy` | `./policies/` | waits while a `Retry-After` holds the tenant back |
 * | `attemptTimeoutPolicy` | `./policies/` | the attempt's timeout, within the call's budget |
 * | `operationStatsPolicy` | `./policies/` | counts requests and answers, per call and per operation |
 * | `tracePolicy` | `./policies/` | the `verbose` trace of each request and answer |
 *
 * and the transport, `./transport/crossFetchHttpClient.ts`. The bearer policy comes before the
 * pacer and the gate, so that the request sent again after a token renewal waits at them like
 * any other attempt. The pacer comes before the gate: a request that got its slot while the gate was
 * open must still wait when a 429 closed it meanwhile (in the other order, the writes queued at
 * the pacer went out one after the other into the closed window, each refused, each handing its
 * slot to the next: 193 refusals for 100 writes in the simulation of a second deployment, 13 in
 * this order; test/provider/graph/pacingShapes.test.ts).
 *
 * This module and the ones it imports load core-rest-pipeline and cross-fetch; the client
 * requires it at its first request, so a preview, whose check and diff send nothing, loads neither.
 */
import * as http from "node:http";
import * as https from "node:https";
import {
    type Pipeline,
    type PipelineResponse,
    agentPolicy,
    createEmptyPipeline,
    createHttpHeaders,
    createPipelineRequest,
    isRestError,
    retryPolicy,
    setClientRequestIdPolicy,
    userAgentPolicy,
} from "@azure/core-rest-pipeline";
import type { TokenSource } from "../auth/tokenSource";
import type { Logger } from "../log/log";
import { GraphCall, StopDecision, bindCall } from "./graphCall";
import { attemptTimeoutPolicy } from "./policies/attemptTimeoutPolicy";
import { bearerTokenPolicy } from "./policies/bearerTokenPolicy";
import { operationStatsPolicy } from "./policies/operationStatsPolicy";
import { throttleGatePolicy } from "./policies/throttleGatePolicy";
import { tracePolicy } from "./policies/tracePolicy";
import { pacingPolicy } from "./policies/pacingPolicy";
import { ProxyRoute, createProxyAgent } from "./proxy";
import { attemptOutcome, graphRetryStrategy } from "./retryStrategies/graphRetryStrategy";
import type { RetryOptions } from "./retryPolicy";
import type { Pacers } from "./pacer";
import type { OperationStats } from "./stats";
import type { ThrottleGate } from "./throttleGate";
import { createBatchingHttpClient } from "./transport/batchingHttpClient";
import { ANSWER_BODY_LOST, createCrossFetchHttpClient } from "./transport/crossFetchHttpClient";

/** What the pipeline is built from; the client passes its options on (`./client.ts` documents them). */
export interface GraphPipelineOptions {
    tokens: TokenSource;
    /** The start of `User-Agent`; core-rest-pipeline appends its own name, the runtime and the OS. */
    userAgent: string;
    requestTimeoutMs: number;
    retry: RetryOptions;
    gate: ThrottleGate;
    pacers: Pacers;
    maxSockets: number;
    /** Coalesce concurrent GETs into JSON batches, waiting at most this long; undefined: no batching. */
    batchWindowMs?: number;
    /** The Graph root with its version, the base of the URLs inside a batch. */
    root: string;
    /** How requests to the Graph host go: through the proxy, or direct (undefined). */
    route: ProxyRoute | undefined;
    /** The scheme of the Graph root: http for an emulator. */
    secure: boolean;
    /** How long the body of an answer is waited for once its headers arrived (see the transport); undefined for the request timeout. */
    bodyWaitMs: (method: string, status: number) => number | undefined;
    log: Logger;
}

/** An answer as the client reads it. */
export interface RawAnswer {
    status: number;
    /** The body; empty when there was none, or when it was lost. */
    text: string;
    headers: { get(name: string): string | undefined };
    /**
     * The status line and headers arrived but the body did not, in full: the connection closed
     * mid-body, the body stalled past the request timeout, or past the wait for it. The server did
     * answer: its status decides.
     */
    bodyLost: boolean;
}

/**
 * How a call ended: with an answer (a success, or a failure not worth retrying, or the last one
 * when the retries stopped), or without any (`timeout`, `network`: the last attempt got none).
 * `stop` says why retrying stopped, when it did; without it the last answer was not retriable.
 */
export type CallEnd = { call: GraphCall; stop?: StopDecision } & ({ answer: RawAnswer } | { answer?: undefined; failure: "timeout" | "network" });

/** One call to send: the request and the operation it belongs to. */
export interface CallRequest {
    method: "GET" | "PATCH";
    /** Below the API version, for messages. */
    path: string;
    url: string;
    /** The JSON body; undefined for none. */
    body: string | undefined;
    stats: OperationStats;
    operationTimeoutMs: number;
}

/** The pipeline with its transport and agent. */
export interface GraphPipeline {
    /** Sends one call, all its attempts. Rejects only with a `GraphError` of kind `auth` (sign-in failed). */
    send(request: CallRequest): Promise<CallEnd>;
    /** The policies in order, by name. */
    readonly policies: readonly string[];
    /** Closes the idle keep-alive sockets. */
    close(): void;
}

/** Builds the pipeline (see the module comment). */
export function createGraphPipeline(options: GraphPipelineOptions): GraphPipeline {
    const { maxSockets, route } = options;
    const agent: http.Agent = route
        ? createProxyAgent(route, maxSockets)
        : options.secure
          ? new https.Agent({ keepAlive: true, maxSockets })
          : new http.Agent({ keepAlive: true, maxSockets });
    const pipeline: Pipeline = createEmptyPipeline();
    pipeline.addPolicy(userAgentPolicy({ userAgentPrefix: options.userAgent }));
    pipeline.addPolicy(setClientRequestIdPolicy("client-request-id"));
    pipeline.addPolicy(agentPolicy(agent));
    // The strategy decides when to stop (it knows the time budget, and says why it stopped); the loop's own count is no limit.
    pipeline.addPolicy(retryPolicy([graphRetryStrategy(options.retry, options.gate)], { maxRetries: Number.POSITIVE_INFINITY }));
    pipeline.addPolicy(bearerTokenPolicy(options.tokens));
    pipeline.addPolicy(pacingPolicy(options.pacers));
    pipeline.addPolicy(throttleGatePolicy(options.gate));
    pipeline.addPolicy(attemptTimeoutPolicy(options.requestTimeoutMs));
    pipeline.addPolicy(operationStatsPolicy());
    pipeline.addPolicy(tracePolicy(options.log, route?.proxy.url));
    const wire = createCrossFetchHttpClient({
        maxInFlight: maxSockets,
        bodyWaitMs: (request, status) => options.bodyWaitMs(request.method, status),
    });
    const transport =
        options.batchWindowMs === undefined ? wire : createBatchingHttpClient(wire, { root: options.root, windowMs: options.batchWindowMs, log: options.log });

    return {
        policies: pipeline.getOrderedPolicies().map((policy) => policy.name),
        async send({ method, path, url, body, stats, operationTimeoutMs }) {
            const request = createPipelineRequest({
                url,
                method,
                headers: createHttpHeaders(body === undefined ? JSON_ACCEPTED : JSON_SENT),
                body,
                allowInsecureConnection: !options.secure,
            });
            const call = new GraphCall(method, path, stats, operationTimeoutMs, request.requestId);
            bindCall(request, call);
            let response: PipelineResponse | undefined;
            let error: unknown;
            try {
                response = await pipeline.sendRequest(transport, request);
            } catch (caught) {
                if (!isRestError(caught)) {
                    throw caught; // a GraphError of the bearer policy, or a defect
                }
                error = caught;
                response = caught.response;
            }
            const outcome = attemptOutcome(response, isRestError(error) ? error : undefined, Date.now());
            if (outcome.kind !== "response" || response === undefined) {
                return { call, stop: call.stop, failure: outcome.kind === "timeout" ? "timeout" : "network" };
            }
            const bodyLost = isRestError(error) && error.code === ANSWER_BODY_LOST;
            return {
                call,
                stop: call.stop,
                answer: { status: response.status, text: bodyLost ? "" : (response.bodyAsText ?? ""), headers: response.headers, bodyLost },
            };
        },
        close() {
            agent.destroy();
        },
    };
}

const JSON_ACCEPTED = { Accept: "application/json" };
// node-fetch 2 sets no Content-Type of its own for a string body.
const JSON_SENT = { ...JSON_ACCEPTED, "Content-Type": "application/json" };
