import type { TokenSource } from "../auth/tokenSource";
import type { Logger } from "../log/log";
import { COUNTER_NAMES, CounterValues, INT32_MAX, INT32_MIN } from "../model/fields";
import type { InstallSummary } from "../model/installSummary";
import type { MobileApp } from "../model/mobileApps";
import { GraphError, GraphErrorKind, hintFor } from "./errors";
import type { CallEnd, GraphPipeline, RawAnswer } from "./pipeline";
import { ProxyConfig, ProxyRoute, proxyRoute } from "./proxy";
import type { RetryOptions } from "./retryPolicy";
import type { OperationStats } from "./stats";
import type { ThrottleGate } from "./throttleGate";
import type { Pacers } from "./pacer";

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
    pacers: Pacers;
    /** Sockets per host in the shared keep-alive agent. */
    maxSockets: number;
    /** Coalesce concurrent GETs into JSON batches, each GET waiting at most this long for others (`./transport/batchingHttpClient.ts`); undefined: no batching. */
    batchWindowMs?: number;
    /** The proxy from the environment (`./proxy.ts`); requests go direct without one, or to a host in its `NO_PROXY`. */
    proxy?: ProxyConfig;
    log: Logger;
}

/** Why a summary answers 400 or 404 while its app exists; the hint of a `summaryUnavailable` error begins with it. */
export const SUMMARY_NOT_SERVED =
    `The app exists, but Graph does not serve its installSummary: Microsoft documented mobileAppInstallSummary as ` +
    `"to be deprecated" and current beta metadata no longer lists it, so this tenant or app type may not offer it.`;

const SUMMARY_PATH = (appId: string) => `/deviceAppManagement/mobileApps/${encodeURIComponent(appId)}/installSummary`;
const APP_PATH = (appId: string) => `/deviceAppManagement/mobileApps/${encodeURIComponent(appId)}`;
const APPS_PATH = "/deviceAppManagement/mobileApps";

/**
 * Most pages of the `mobileApps` collection one listing follows. Graph pages apps by the hundred or
 * so; 1,000 pages is far beyond any tenant, and bounds a server whose `@odata.nextLink` never ends.
 */
export const MAX_APP_PAGES = 1_000;

/** One page of the collection as read. */
interface AppPage {
    apps: MobileApp[];
    nextLink: string | undefined;
}

/**
 * How long the body of a 2xx answer to a PATCH is waited for once its status line and headers
 * arrived. That body is only an echo of the entity (without it the caller reads back with GET),
 * and a PATCH whose 2xx answer arrived was applied and must not be sent again, so a body that
 * stalls is given up after this, not timed out after `requestTimeoutMs` and re-sent. A healthy
 * answer's body comes with its headers.
 */
const PATCH_ECHO_WAIT_MS = 1_000;

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

/**
 * A small Microsoft Graph client for the install summary of Intune mobile apps. It knows Graph
 * (paths, headers, error bodies, the two answer shapes, what a 400 or 404 means) and nothing of
 * Pulumi. Requests go through one pipeline (`./pipeline.ts`, on core-rest-pipeline), which waits
 * for the tenant's throttle gate, paces writes and reads, sends a `client-request-id` (one UUID for all
 * attempts of the call) and a `User-Agent`, times out each attempt, and retries
 * 429/500/502/503/504, connection failures and timeouts within `retry.maxRetries` and
 * `operationTimeoutMs`, honouring `Retry-After`. A 401 renews the token and retries once.
 * Failures throw {@link GraphError}.
 */
export class GraphClient {
    private readonly root: string;
    /** How requests to the Graph host go: through the proxy, or direct (undefined). For messages and traces. */
    private readonly route: ProxyRoute | undefined;
    /** Built at the first request (`./pipeline.ts`, which loads core-rest-pipeline and cross-fetch). */
    private pipeline: GraphPipeline | undefined;

    constructor(private readonly options: GraphClientOptions) {
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

    /**
     * Lists the tenant's mobile apps matching `query` (`$filter` and `$select`, URL-encoded,
     * without `?`): every page, following `@odata.nextLink` to the end, at most `maxPages` pages.
     * Each page is one call with its retries. A `nextLink` outside this client's Graph root is
     * refused, never followed: the bearer token goes to the Graph host only.
     */
    async listMobileApps(query: string, stats: OperationStats, maxPages: number = MAX_APP_PAGES): Promise<MobileApp[]> {
        const apps: MobileApp[] = [];
        let path = query ? `${APPS_PATH}?${query}` : APPS_PATH;
        for (let page = 1; ; page++) {
            const { body } = await this.send("GET", path, undefined, stats, (call, answer) => this.parsePage(call, answer));
            apps.push(...body!.apps);
            const next = body!.nextLink;
            if (next === undefined) {
                return apps;
            }
            const problem =
                page >= maxPages
                    ? `the listing has more than ${maxPages} pages (${apps.length} apps so far); narrow it with a filter`
                    : !next.startsWith(`${this.root}/`)
                      ? `its @odata.nextLink ${JSON.stringify(next.slice(0, 120))} is not under ${this.root}; it is not followed`
                      : undefined;
            if (problem !== undefined) {
                throw new GraphError({ kind: "malformed", method: "GET", path, status: 200, graphMessage: problem, attempts: stats.requests });
            }
            path = next.slice(this.root.length);
        }
    }

    /** Closes idle keep-alive sockets. */
    close(): void {
        this.pipeline?.close();
    }

    private graphPipeline(): GraphPipeline {
        if (this.pipeline === undefined) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const { createGraphPipeline } = require("./pipeline") as typeof import("./pipeline");
            this.pipeline = createGraphPipeline({
                ...this.options,
                route: this.route,
                root: this.root,
                secure: new URL(this.root).protocol === "https:",
                bodyWaitMs: (method, status) => (method === "PATCH" && status >= 200 && status < 300 ? PATCH_ECHO_WAIT_MS : undefined),
            });
        }
        return this.pipeline;
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

    /**
     * Sends one call through the pipeline; a success is returned with its body read by `parse`
     * (by default the install summary), anything else thrown as {@link GraphError}.
     */
    private async send<T = InstallSummary>(
        method: "GET" | "PATCH",
        path: string,
        body: unknown,
        stats: OperationStats,
        parse: (call: CallFacts, answer: RawAnswer) => T | undefined = (call, answer) => this.parseSuccess(call, answer) as T | undefined,
    ): Promise<GraphAnswer<T>> {
        const end = await this.graphPipeline().send({
            method,
            path,
            url: `${this.root}${path}`,
            body: body === undefined ? undefined : JSON.stringify(body),
            stats,
            operationTimeoutMs: this.options.operationTimeoutMs,
        });
        const { answer } = end;
        const requestId = answer?.headers.get("request-id") ?? undefined;
        const facts: CallFacts = { method, path, clientRequestId: end.call.clientRequestId, requestId, attempts: end.call.attempts };
        // A PATCH whose 2xx answer lost its body was still applied: no body, the caller reads back.
        if (answer && answer.status >= 200 && answer.status < 300) {
            return { status: answer.status, body: parse(facts, answer), requestId, clientRequestId: facts.clientRequestId };
        }
        throw this.failure(facts, end);
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

    /** Reads a page of the `mobileApps` collection: `value`, a list of apps, and `@odata.nextLink` when more follow. */
    private parsePage(call: CallFacts, answer: RawAnswer): AppPage {
        let parsed: unknown;
        try {
            parsed = JSON.parse(answer.text);
        } catch {
            parsed = undefined;
        }
        const page = parsed as { value?: unknown; "@odata.nextLink"?: unknown } | undefined;
        const problem =
            page === null || typeof page !== "object" || !Array.isArray(page.value)
                ? `the answer is not a page of apps with a "value" list (starts with ${JSON.stringify(answer.text.slice(0, 40))})`
                : page["@odata.nextLink"] !== undefined && typeof page["@odata.nextLink"] !== "string"
                  ? "its @odata.nextLink is not a string"
                  : undefined;
        const apps = problem === undefined ? (page!.value as unknown[]).map(readApp) : [];
        const bad = apps.findIndex((app) => typeof app === "string");
        if (problem !== undefined || bad >= 0) {
            throw new GraphError({
                ...call,
                kind: "malformed",
                status: answer.status,
                graphMessage: problem ?? `app ${bad} of the page ${apps[bad] as string}`,
                hint: "A proxy or gateway between this machine and Graph may have answered; try again, and check intune:graphEndpoint.",
            });
        }
        return { apps: apps as MobileApp[], nextLink: page!["@odata.nextLink"] as string | undefined };
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

    /** The error a call ends with that did not succeed: its last answer or the lack of one, and why retrying stopped, when it did. */
    private failure(call: CallFacts, end: CallEnd): GraphError {
        const { operationTimeoutMs, requestTimeoutMs, retry } = this.options;
        const { method, attempts } = call;
        const { answer, stop } = end;
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
        } else if (end.failure === "timeout") {
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
        if (stop?.reason === "budget" && stop.delayFrom === "retryAfter") {
            hint =
                `Graph asked to wait ${Math.round(stop.delayMs / 1000)} s before retrying, longer than what is left of intune:operationTimeoutMs ` +
                `(${operationTimeoutMs} ms), so the provider stopped instead of sleeping past it. Run the deployment again later, ` +
                `or raise intune:operationTimeoutMs.`;
        } else if (stop?.reason === "budget") {
            // No Retry-After came (or no answer at all): the wait that did not fit was the provider's own.
            hint = (
                `${hint ?? ""} Stopped after ${attempts} attempt${attempts === 1 ? "" : "s"}: waiting the provider's own backoff of ` +
                `${(stop.delayMs / 1000).toFixed(1)} s before the next one would pass what is left of intune:operationTimeoutMs ` +
                `(${operationTimeoutMs} ms). Run the deployment again later, or raise intune:operationTimeoutMs.`
            ).trim();
        } else if (stop?.reason === "attempts") {
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

/** One app of a page, or what is wrong with it. A missing publisher (Graph's null) is empty. */
function readApp(entry: unknown): MobileApp | string {
    const app = entry as { id?: unknown; displayName?: unknown; "@odata.type"?: unknown; publisher?: unknown } | null;
    if (app === null || typeof app !== "object" || typeof app.id !== "string" || app.id === "") {
        return "has no id";
    }
    if (app.displayName !== undefined && app.displayName !== null && typeof app.displayName !== "string") {
        return `${app.id} has a displayName that is not a string`;
    }
    return {
        id: app.id.toLowerCase(),
        displayName: app.displayName ?? "",
        odataType: typeof app["@odata.type"] === "string" ? app["@odata.type"] : "#microsoft.graph.mobileApp",
        publisher: typeof app.publisher === "string" ? app.publisher : "",
    };
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
