import { randomUUID } from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
import type crossFetch from "cross-fetch";
import type { TokenSource } from "../auth/tokenSource";
import type { Logger } from "../log/log";
import { COUNTER_NAMES, CounterValues, INT32_MAX, INT32_MIN } from "../model/fields";
import type { InstallSummary } from "../model/installSummary";
import { GraphError, GraphErrorKind, hintFor } from "./errors";
import { ProxyConfig, ProxyRoute, createProxyAgent, proxyRoute } from "./proxy";
import { AttemptOutcome, RetryDecision, RetryOptions, decideRetry, parseRetryAfterMs } from "./retryPolicy";
import { sleep } from "./sleep";
import { RequestSlots } from "./requestSlots";
import { OperationStats } from "./stats";
import type { ThrottleGate } from "./throttleGate";
import type { WritePacer } from "./writePacer";

/** A successful answer. `body` is undefined for an empty body (a 204). */
export interface GraphAnswer<T> {
    status: number;
    body: T | undefined;
    requestId?: string;
    clientRequestId: string;
}

/** Everything the client needs; defaults live in `../config/configKeys.ts` where the keys are declared. */
export interface GraphClientOptions {
    /** Graph root without version, e.g. `https://graph.microsoft.com` or an emulator URL. */
    baseUrl: string;
    /** The setting that chose `baseUrl`, named when the host cannot be reached, e.g. `intune:graphEndpoint`. */
    baseUrlOrigin: string;
    apiVersion: string;
    tokens: TokenSource;
    /** What to check when Graph rejects the token (401), for the credential in use (`../auth/credentials.ts`). */
    tokenAdvice: string;
    userAgent: string;
    /** Longest wait for one answer. */
    requestTimeoutMs: number;
    /** Longest one call may take, retries and throttle waits included (time queued by the pacer excluded). */
    operationTimeoutMs: number;
    retry: RetryOptions;
    gate: ThrottleGate;
    pacer: WritePacer;
    /** Sockets per host in the shared keep-alive agent. */
    maxSockets: number;
    /** The proxy from the environment (`./proxy.ts`); requests go direct without one, or to a host in its `NO_PROXY`. */
    proxy?: ProxyConfig;
    log: Logger;
}

/**
 * cross-fetch (node-fetch, whatwg-url and tr46's mapping table) is the heaviest module the provider
 * loads, about half of its load time: it is required at the first request, so a preview, whose
 * check and diff send nothing, never pays for it.
 */
let loadedFetch: typeof crossFetch | undefined;
function fetch(...args: Parameters<typeof crossFetch>): ReturnType<typeof crossFetch> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loadedFetch ??= require("cross-fetch") as typeof crossFetch;
    return loadedFetch(...args);
}

/** Why a summary answers 400 or 404 while its app exists; the hint of a `summaryUnavailable` error begins with it. */
export const SUMMARY_NOT_SERVED =
    `The app exists, but Graph does not serve its installSummary: Microsoft documented mobileAppInstallSummary as ` +
    `"to be deprecated" and current beta metadata no longer lists it, so this tenant or app type may not offer it.`;

const SUMMARY_PATH = (appId: string) => `/deviceAppManagement/mobileApps/${encodeURIComponent(appId)}/installSummary`;
const APP_PATH = (appId: string) => `/deviceAppManagement/mobileApps/${encodeURIComponent(appId)}`;

/**
 * How long the body of a 2xx answer to a PATCH is waited for once its status line and headers
 * arrived. That body is only an echo of the entity (without it the caller reads back with GET),
 * and a PATCH whose 2xx answer arrived was applied and must not be sent again, so a body that
 * stalls is given up after this, not timed out after `requestTimeoutMs` and re-sent. A healthy
 * answer's body comes with its headers.
 */
const PATCH_ECHO_WAIT_MS = 1_000;

/** One request as sent: what {@link GraphClient.fetchOnce} needs to send it. */
interface Request {
    method: "GET" | "PATCH";
    url: string;
    token: string;
    clientRequestId: string;
    /** The JSON body; undefined for none. */
    body: unknown;
    /** Longest wait for this attempt's answer. */
    timeoutMs: number;
}

/** The facts of one call (all its attempts) that a message about it names. */
interface CallFacts {
    method: "GET" | "PATCH";
    /** Below the API version, e.g. `/deviceAppManagement/mobileApps/{id}/installSummary`. */
    path: string;
    clientRequestId: string;
    /** Graph's `request-id` of the last answer, when it had one. */
    requestId: string | undefined;
    /** Requests sent so far, retries included. */
    attempts: number;
}

interface RawAnswer {
    status: number;
    text: string;
    headers: { get(name: string): string | null };
    /**
     * The status line and headers arrived but the body did not, in full: the connection closed
     * mid-body (node-fetch 2's "Premature close" on keep-alive sockets with chunked answers), the
     * body stalled past the request timeout, or, for a 2xx PATCH, past {@link PATCH_ECHO_WAIT_MS}.
     * The server did answer: its status decides, and a 2xx PATCH was applied and is not sent again.
     */
    bodyLost: boolean;
}

/**
 * A small Microsoft Graph client for the install summary of Intune mobile apps. It knows Graph
 * (paths, headers, error bodies, throttling, the two answer shapes) and nothing of Pulumi.
 *
 * Every call: waits for the tenant's throttle gate, paces writes, sends a `client-request-id`
 * (one UUID for all attempts of the call) and a `User-Agent`, times out each attempt, and retries
 * 429/500/502/503/504, connection failures and timeouts within `retry.maxRetries` and
 * `operationTimeoutMs`, honouring `Retry-After`. A 401 renews the token and retries once.
 * Failures throw {@link GraphError}.
 */
export class GraphClient {
    private readonly httpAgent: http.Agent;
    private readonly httpsAgent: https.Agent;
    /** One per socket of the agents: requests queue here, not in the agent (see `./requestSlots.ts`). */
    private readonly slots: RequestSlots;
    private readonly root: string;
    /** How requests to the Graph host go: through the proxy, or direct (undefined). For messages and traces. */
    private readonly route: ProxyRoute | undefined;
    /** Keep-alive agents through the proxy, one per way (`CONNECT`, absolute URI), created at their first request. */
    private readonly proxyAgents = new Map<ProxyRoute["via"], http.Agent>();

    constructor(private readonly options: GraphClientOptions) {
        this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
        this.slots = new RequestSlots(options.maxSockets);
        this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.maxSockets });
        this.root = `${options.baseUrl.replace(/\/+$/, "")}/${options.apiVersion}`;
        this.route = proxyRoute(this.root, options.proxy);
        if (options.proxy) {
            options.log.log(
                "verbose",
                this.route
                    ? `Graph requests go through the proxy ${options.proxy.url} (from ${options.proxy.origin}, ${this.route.via})`
                    : `Graph requests go direct: ${new URL(this.root).hostname} is in NO_PROXY`,
            );
        }
    }

    /** GET the install summary of app `appId`; accepts the entity or `{"value": entity}`. */
    async getInstallSummary(appId: string, stats: OperationStats): Promise<GraphAnswer<InstallSummary>> {
        const path = SUMMARY_PATH(appId);
        const answer = await this.summaryCall(appId, stats, () => this.send("GET", path, undefined, stats));
        if (answer.body === undefined) {
            throw new GraphError({
                kind: "malformed",
                method: "GET",
                path,
                status: answer.status,
                graphMessage: "the answer had no body; expected the mobileAppInstallSummary entity",
                requestId: answer.requestId,
                clientRequestId: answer.clientRequestId,
                attempts: stats.requests,
            });
        }
        return answer;
    }

    /**
     * PATCH counters of app `appId`. The answer's body is the updated entity when Graph sends one
     * (200), undefined when it sends none (204) or one that is not JSON: read back with GET then.
     */
    async patchInstallSummary(appId: string, values: CounterValues, stats: OperationStats): Promise<GraphAnswer<InstallSummary>> {
        return this.summaryCall(appId, stats, () => this.send("PATCH", SUMMARY_PATH(appId), values, stats));
    }

    /** Closes idle keep-alive sockets. */
    close(): void {
        this.httpAgent.destroy();
        this.httpsAgent.destroy();
        this.proxyAgents.forEach((agent) => agent.destroy());
    }

    /**
     * Runs a call on the summary path, turning its 400/404 into what they mean: the app does not
     * exist (`appNotFound`), or the app exists and Graph does not serve its summary
     * (`summaryUnavailable`, which Microsoft's retirement of this entity causes). Telling the two
     * apart costs one GET of the app, only on this error path.
     */
    private async summaryCall(appId: string, stats: OperationStats, call: () => Promise<GraphAnswer<InstallSummary>>): Promise<GraphAnswer<InstallSummary>> {
        try {
            return await call();
        } catch (error) {
            if (!(error instanceof GraphError) || error.kind !== "http" || (error.status !== 404 && error.status !== 400)) {
                throw error;
            }
            let exists: boolean;
            try {
                await this.send("GET", `${APP_PATH(appId)}?$select=id`, undefined, stats);
                exists = true;
            } catch (probe) {
                if (probe instanceof GraphError && probe.kind === "http" && probe.status === 404) {
                    exists = false;
                } else {
                    throw error;
                }
            }
            throw new GraphError({
                ...error,
                kind: exists ? "summaryUnavailable" : "appNotFound",
                hint: exists
                    ? `${SUMMARY_NOT_SERVED} This is not retried; remove the resource or use another app.`
                    : `No mobile app with id ${appId} exists in this tenant. mobileAppId is the app's object id in Intune ` +
                      `(Apps > All apps > the app: the id in the address bar, or GET /deviceAppManagement/mobileApps).`,
            });
        }
    }

    private async send(method: "GET" | "PATCH", path: string, body: unknown, stats: OperationStats): Promise<GraphAnswer<InstallSummary>> {
        const { log, retry, gate, pacer, tokens } = this.options;
        const clientRequestId = randomUUID();
        const url = `${this.root}${path}`;
        const started = Date.now();
        let pacedMs = 0;
        let retries = 0;
        let renewedToken = false;
        let attempts = 0;
        for (;;) {
            stats.waitedMs += await gate.wait();
            const pacingStarted = Date.now();
            const release = method === "PATCH" ? await pacer.acquire() : () => undefined;
            const pacedNowMs = Date.now() - pacingStarted;
            pacedMs += pacedNowMs;
            stats.pacedMs += pacedNowMs;
            const remainingMs = () => this.options.operationTimeoutMs - (Date.now() - started - pacedMs);

            let token: string;
            try {
                token = await tokens.getToken();
            } catch (error) {
                release();
                throw new GraphError({ kind: "auth", method, path, graphMessage: (error as Error).message, clientRequestId, attempts });
            }
            attempts++;
            stats.requests++;
            const sentAt = Date.now();
            // Trace lines are built only when wanted: this runs for every request of a deployment.
            if (log.enabled("verbose")) {
                log.log(
                    "verbose",
                    `-> ${method} ${url} client-request-id=${clientRequestId} authorization=Bearer [redacted]${this.route ? ` proxy=${this.route.proxy.url}` : ""}${body ? ` body=${JSON.stringify(body)}` : ""}`,
                );
            }
            let outcome: AttemptOutcome;
            let answer: RawAnswer | undefined;
            try {
                const timeoutMs = Math.max(1, Math.min(this.options.requestTimeoutMs, remainingMs()));
                answer = await this.fetchOnce({ method, url, token, clientRequestId, body, timeoutMs });
                outcome = { kind: "response", status: answer.status, retryAfterMs: parseRetryAfterMs(answer.headers.get("retry-after"), Date.now()) };
            } catch (error) {
                outcome = { kind: (error as Error).name === "AbortError" || (error as Error).name === "TimeoutError" ? "timeout" : "network" };
                log.log("verbose", `<- ${method} ${url} ${outcome.kind} after ${Date.now() - sentAt} ms: ${(error as Error).message}`);
            } finally {
                release();
            }

            const requestId = answer?.headers.get("request-id") ?? undefined;
            if (answer) {
                if (log.enabled("verbose")) {
                    log.log(
                        "verbose",
                        `<- ${answer.status} ${method} ${url} in ${Date.now() - sentAt} ms request-id=${requestId ?? "-"} body=${answer.text.slice(0, 500)}`,
                    );
                }
                stats.noteAnswer(answer.status, requestId);
                if (answer.status >= 200 && answer.status < 300) {
                    // A PATCH whose answer body was lost was still applied: return no body, the caller reads back.
                    if (!answer.bodyLost || method === "PATCH") {
                        return {
                            status: answer.status,
                            body: this.parseSuccess({ method, path, clientRequestId, requestId, attempts }, answer),
                            requestId,
                            clientRequestId,
                        };
                    }
                    outcome = { kind: "network" }; // a GET whose body was lost: safe to ask again
                    answer = undefined;
                } else if (answer.status === 401 && !renewedToken && tokens.invalidate(token)) {
                    renewedToken = true;
                    continue;
                }
            }

            // A PATCH is retried like a GET: its body holds absolute counter values, never increments, so
            // sending it again after an answer that was lost (it may have been applied) sets the same values.
            const decision = decideRetry(outcome, retries, remainingMs(), retry);
            if (!decision.retry) {
                throw this.failure({ method, path, clientRequestId, requestId, attempts }, outcome, answer, decision);
            }
            retries++;
            stats.retries++;
            if (decision.throttled) {
                gate.closeFor(decision.delayMs); // everyone waits for the window at the top of the loop
            } else {
                await sleep(decision.delayMs);
                stats.waitedMs += decision.delayMs;
            }
        }
    }

    private async fetchOnce({ method, url, token, clientRequestId, body, timeoutMs }: Request): Promise<RawAnswer> {
        const headers: Record<string, string> = {
            Authorization: `Bearer ${token}`,
            Accept: "application/json",
            "client-request-id": clientRequestId,
            "User-Agent": this.options.userAgent,
        };
        if (body !== undefined) {
            headers["Content-Type"] = "application/json";
        }
        // Waiting for a free connection is not part of the request's timeout.
        const releaseSlot = await this.slots.acquire();
        // One abort for the request timeout and for giving up on a body; node-fetch then closes the socket.
        const controller = new AbortController();
        const requestTimer = setTimeout(() => controller.abort(), timeoutMs);
        try {
            const response = await fetch(url, {
                method,
                headers,
                body: body === undefined ? undefined : JSON.stringify(body),
                signal: controller.signal,
                // node-fetch (cross-fetch on Node) takes an agent; the browser typings do not know it.
                ...({ agent: (parsed: URL) => this.agentFor(parsed) } as object),
            });
            // Graph has answered: from here on its status decides, whatever becomes of the body.
            const echoOnly = method === "PATCH" && response.status >= 200 && response.status < 300;
            const echoTimer = echoOnly ? setTimeout(() => controller.abort(), PATCH_ECHO_WAIT_MS) : undefined;
            try {
                return { status: response.status, text: await response.text(), headers: response.headers, bodyLost: false };
            } catch (error) {
                this.options.log.log(
                    "verbose",
                    `the body of the ${response.status} answer to ${method} ${url} did not arrive in full: ${(error as Error).message}`,
                );
                return { status: response.status, text: "", headers: response.headers, bodyLost: true };
            } finally {
                clearTimeout(echoTimer);
            }
        } finally {
            clearTimeout(requestTimer);
            releaseSlot();
        }
    }

    /**
     * The agent for a request to `target`, which is always under this client's root, so the route
     * decided for the root (through the proxy unless `NO_PROXY` lists its host) holds; keep-alive either way.
     */
    private agentFor(target: URL): http.Agent {
        const route = this.route;
        if (route === undefined) {
            return target.protocol === "http:" ? this.httpAgent : this.httpsAgent;
        }
        let agent = this.proxyAgents.get(route.via);
        if (agent === undefined) {
            agent = createProxyAgent(route, this.options.maxSockets);
            this.proxyAgents.set(route.via, agent);
        }
        return agent;
    }

    /** Parses a 2xx body: empty means none; `{"value": {...}}` is unwrapped to the entity. */
    private parseSuccess(call: CallFacts, answer: RawAnswer): InstallSummary | undefined {
        if (answer.text.trim() === "") {
            return undefined;
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(answer.text);
        } catch {
            parsed = undefined;
        }
        let problem: string;
        if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
            const wrapped = (parsed as { value?: unknown }).value;
            const read = readCounters((wrapped !== null && typeof wrapped === "object" && !Array.isArray(wrapped) ? wrapped : parsed) as InstallSummary);
            if (typeof read !== "string") {
                return read;
            }
            problem = read;
        } else {
            problem = `the answer is not the JSON object expected (starts with ${JSON.stringify(answer.text.slice(0, 40))})`;
        }
        if (call.method === "PATCH") {
            // The write was accepted (2xx); only its echo is unreadable. The caller reads back with GET.
            this.options.log.log("verbose", `the ${answer.status} answer to PATCH ${call.path} is unreadable (${problem}); reading back instead`);
            return undefined;
        }
        throw new GraphError({
            ...call,
            kind: "malformed",
            status: answer.status,
            graphMessage: problem,
            hint: "A proxy or gateway between this machine and Graph may have answered; try again, and check intune:graphEndpoint.",
        });
    }

    /** The proxy as messages name it: its URL without user name or password, and the variable it came from. */
    private proxyName(): string {
        return `${this.route!.proxy.url} (from ${this.route!.proxy.origin})`;
    }

    /** What a 407 from the proxy means; it is not retried (see `./retryPolicy.ts`). */
    private proxyRefused(): { graphMessage: string; hint: string } {
        const { origin, credentials } = this.route!.proxy;
        return {
            graphMessage: `Proxy Authentication Required, from the proxy ${this.proxyName()}, not from Graph`,
            hint: credentials
                ? `The proxy did not accept the user name and password in ${origin}: check them there (in the URL, ` +
                  `percent-encode @ : / as %40 %3A %2F). Not retried.`
                : `The proxy asks for credentials: give them in ${origin} as http://user:password@host:port. Not retried.`,
        };
    }

    /** The Graph host with its port, as requests address it. */
    private get host(): string {
        return new URL(this.root).host;
    }

    /** What to check when the Graph host could not be reached directly: the setting that chose it, and the way there. */
    private hostHint(onTheWay: string): string {
        return `${this.host} is the Graph host of ${this.options.baseUrlOrigin}: check it, and the network path to it (${onTheWay}).`;
    }

    private proxyPathHint(): string {
        const host = new URL(this.root).hostname;
        return (
            `Check that the proxy is running and reachable from this machine and lets requests to ${host} through, ` +
            `or list ${host} in NO_PROXY to go direct.`
        );
    }

    /** The error a call ends with when `decision` stops it after `outcome` (with `answer`, when one came). */
    private failure(call: CallFacts, outcome: AttemptOutcome, answer: RawAnswer | undefined, decision: Extract<RetryDecision, { retry: false }>): GraphError {
        const { operationTimeoutMs, requestTimeoutMs, retry } = this.options;
        const { method, attempts } = call;
        let requestId = call.requestId;
        let kind: GraphErrorKind = "http";
        let code: string | undefined;
        let graphMessage: string | undefined;
        let hint: string | undefined;
        if (answer) {
            ({ code, message: graphMessage } = parseErrorBody(answer));
            requestId ??= parseErrorBody(answer).requestId;
            hint = hintFor(answer.status, code, method, this.options.tokenAdvice);
            if (answer.status === 407 && this.route) {
                ({ graphMessage, hint } = this.proxyRefused());
            }
        } else if (outcome.kind === "timeout") {
            kind = "timeout";
            graphMessage = this.route
                ? `no answer within intune:requestTimeoutMs (${requestTimeoutMs} ms) through the proxy ${this.proxyName()}`
                : `no answer from ${this.host} within intune:requestTimeoutMs (${requestTimeoutMs} ms)`;
            hint = this.route ? this.proxyPathHint() : this.hostHint("proxy, firewall");
        } else {
            kind = "network";
            graphMessage = this.route
                ? `the connection through the proxy ${this.proxyName()} failed or was reset before an answer`
                : `the connection to ${this.host} failed or was reset before an answer`;
            hint = this.route ? this.proxyPathHint() : this.hostHint("proxy, firewall, DNS");
        }
        if (decision.reason === "budget" && decision.delayFrom === "retryAfter") {
            hint =
                `Graph asked to wait ${Math.round(decision.delayMs / 1000)} s before retrying, longer than what is left of intune:operationTimeoutMs ` +
                `(${operationTimeoutMs} ms), so the provider stopped instead of sleeping past it. Run the deployment again later, ` +
                `or raise intune:operationTimeoutMs.`;
        } else if (decision.reason === "budget") {
            // No Retry-After came (or no answer at all): the wait that did not fit was the provider's own.
            hint = (
                `${hint ?? ""} Stopped after ${attempts} attempt${attempts === 1 ? "" : "s"}: waiting the provider's own backoff of ` +
                `${(decision.delayMs / 1000).toFixed(1)} s before the next one would pass what is left of intune:operationTimeoutMs ` +
                `(${operationTimeoutMs} ms). Run the deployment again later, or raise intune:operationTimeoutMs.`
            ).trim();
        } else if (decision.reason === "attempts") {
            hint = `${hint ?? ""} Gave up after intune:maxRetries (${retry.maxRetries}) retries.`.trim();
        }
        return new GraphError({ ...call, kind, status: answer?.status, code, graphMessage, requestId, hint });
    }
}

/**
 * The entity with each counter it carries as a number, or what is wrong with one. Graph types the
 * counters `Edm.Int32`; OData writes numbers as strings under `IEEE754Compatible=true`, so a whole
 * number in a string is read as that number. Anything else (a word, a fraction, null, out of
 * range) is refused naming the counter: dropping it would silently lose the counter from the state.
 * A counter the answer does not carry stays absent.
 */
function readCounters(entity: InstallSummary): InstallSummary | string {
    const read: InstallSummary = { ...entity };
    for (const name of COUNTER_NAMES) {
        if (!(name in entity)) {
            continue;
        }
        const value: unknown = entity[name];
        const number = typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
        if (!Number.isInteger(number) || number < INT32_MIN || number > INT32_MAX) {
            const shown = JSON.stringify(value) ?? String(value);
            return `${name} is ${shown.length > 40 ? `${shown.slice(0, 37)}...` : shown}, not a whole number from ${INT32_MIN} to ${INT32_MAX}`;
        }
        read[name] = number;
    }
    return read;
}

/** Reads Graph's error body `{"error": {code, message, innerError}}`; anything else is described, not parsed. */
export function parseErrorBody(answer: RawAnswer): { code?: string; message?: string; requestId?: string } {
    try {
        const parsed = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown; innerError?: { "request-id"?: unknown } } };
        const error = parsed?.error;
        if (error && typeof error === "object") {
            return {
                code: typeof error.code === "string" ? error.code : undefined,
                message: typeof error.message === "string" ? error.message : undefined,
                requestId: typeof error.innerError?.["request-id"] === "string" ? error.innerError["request-id"] : undefined,
            };
        }
    } catch {
        // not JSON: described below
    }
    const type = answer.headers.get("content-type") ?? "no content type";
    const text = answer.bodyLost
        ? "a body that did not arrive in full"
        : answer.text.trim() === ""
          ? "an empty body"
          : `a body that is not a Graph error (${type.split(";")[0]})`;
    return { message: text };
}
