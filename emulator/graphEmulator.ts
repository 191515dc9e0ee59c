import { randomUUID } from "node:crypto";
import * as http from "node:http";
import { DEFAULT_BEHAVIOUR, EmulatorBehaviour, ScriptedFault } from "./behaviour";
import { LoopbackServer } from "./loopbackServer";
import { EMULATOR_MANUAL } from "./manual";
import { seededRandom } from "./random";
import { readBody } from "./readBody";
import { COUNTER_NAMES, CounterValues, INSTALL_SUMMARY, isCount, isCounterName } from "./schema";
import { TokenRegistry } from "./tokenRegistry";
import { BudgetShape, WriteBudget } from "./writeBudget";
import { AppSeed, DEFAULT_APP_TYPE, InvalidEmulatorInput, fullAppType, parseAppSeed, parseBehaviour, parseCounters, parseFaults } from "./validation";
import { COLLECTION_ROUTE, collectionPage } from "./appCollection";
import { BATCH_HEADER, BATCH_ROUTE, BatchRunner, parseBatch } from "./batchRoute";
import { ReadBudget } from "./readBudget";

// What the constructor and `script` take, importable with the class that takes them.
export { DEFAULT_BEHAVIOUR, type EmulatorBehaviour, type RetryAfterFormat, type ScriptedFault } from "./behaviour";

/** One app of the emulated tenant. */
export interface EmulatedApp {
    /** The mobile app id, lower case. */
    id: string;
    displayName: string;
    /** Its OData type without `#`, e.g. `microsoft.graph.win32LobApp`. */
    type: string;
    publisher: string;
    /** The `id` of its `mobileAppInstallSummary` entity; new each time the app is (re)seeded. */
    summaryId: string;
    /** The ten counters as GET shows them now. */
    counters: Required<CounterValues>;
    /** Graph answers 404 on this app's installSummary (Microsoft's retirement of the entity). */
    summaryRetired?: boolean;
    /** Writes accepted but not visible yet: values and when they become visible. */
    pending: Array<{ visibleAtMs: number; values: CounterValues }>;
}

/** What the emulator saw of one request; tests count and inspect these. */
export interface RecordedRequest {
    method: string;
    /** The path without its query, e.g. `/beta/deviceAppManagement/mobileApps/{id}/installSummary`. */
    path: string;
    /** The answer's status (also when its body was cut short), or how it ended without one: the connection reset, or never answered. */
    status: number | "reset" | "hang";
    /** When the request arrived (`Date.now()`). */
    atMs: number;
    /** The request's `client-request-id` header, if it sent one. */
    clientRequestId?: string;
    /** The request's `User-Agent` header. */
    userAgent?: string;
    /** The bearer token presented, for the emulator's own checks. */
    authorization?: string;
    body?: string;
    /** For a sub-request of a JSON batch (`POST /$batch`), the batch's `request-id`; undefined for a request a client sent itself. */
    viaBatch?: string;
}

/** How a {@link GraphEmulator} starts; every option is optional. */
export interface EmulatorOptions {
    /** Bearer tokens accepted besides those issued by a linked fake authority. */
    tokens?: string[];
    /** Tokens issued by a fake authority, shared with it. */
    registry?: TokenRegistry;
    /** Knobs to change from {@link DEFAULT_BEHAVIOUR}; an unknown knob or a value out of range is refused. */
    behaviour?: Partial<EmulatorBehaviour>;
    /** Seed of the random faults, so a run is repeatable. */
    seed?: number;
    /** Port to listen on; 0 (default) picks a free one. */
    port?: number;
    /** Keep only the last this many recorded requests (default: all), for a long-running emulator. */
    maxRecordedRequests?: number;
}

/** The knobs of the write budgets: changing one through the admin API starts the budgets afresh. */
const BUDGET_KNOBS: ReadonlySet<string> = new Set<keyof EmulatorBehaviour>([
    "writesPerWindow",
    "writeWindowMs",
    "writeWindow",
    "appWritesPerWindow",
    "dropAfterWrites",
    "droppedWritesPerWindow",
]);

const SUMMARY_ROUTE = /^\/(beta|v1\.0)\/deviceAppManagement\/mobileApps\/([^/?]+)\/installSummary\/?$/;
const APP_ROUTE = /^\/(beta|v1\.0)\/deviceAppManagement\/mobileApps\/([^/?]+)\/?$/;

/** All ten counters at 0. */
export function zeroCounters(): Required<CounterValues> {
    return Object.fromEntries(COUNTER_NAMES.map((n) => [n, 0])) as Required<CounterValues>;
}

/** The token of a `Bearer` `Authorization` header; the empty string for anything else. */
function bearerTokenOf(authorization: string | undefined): string {
    const auth = authorization ?? "";
    return auth.startsWith("Bearer ") ? auth.slice(7) : "";
}

/**
 * A local stand-in for the Microsoft Graph endpoints the provider uses: GET and PATCH of
 * `/{beta|v1.0}/deviceAppManagement/mobileApps/{id}/installSummary`, GET of the app, and GET of
 * the `mobileApps` collection with `$filter`, `$select` and paging (`./appCollection.ts`), for
 * seeded apps, over real HTTP on 127.0.0.1. It requires a bearer token, answers errors in Graph's
 * shape with `request-id` and `client-request-id` headers, and has knobs for what real tenants do:
 * latency, a write budget answered with 429 and `Retry-After`, 204 or 200 on PATCH, ignored
 * writes, eventual consistency, random 503s and connection resets, retired endpoints, deleted apps.
 *
 * Control it in-process through this class, or over HTTP under `/_emulator/` (the admin routes,
 * documented in the package's README; they need no token). The random faults (`serverErrorRate`,
 * `resetRate`) draw from a PRNG seeded with `options.seed` (default 1), so a run is repeatable.
 */
export class GraphEmulator {
    /** The emulated tenant's apps by lower-case id. */
    readonly apps = new Map<string, EmulatedApp>();
    /** Every request received (admin ones included), oldest first; see {@link graphRequests}. */
    readonly requests: RecordedRequest[] = [];
    /** Static bearer tokens accepted (`options.tokens`). */
    readonly tokens: Set<string>;
    /** Tokens of a fake authority, accepted while they live. */
    readonly registry: TokenRegistry;
    /** The knobs in force; change them at any time, the next request sees them. */
    behaviour: EmulatorBehaviour;
    private readonly faults: ScriptedFault[] = [];
    private tenantBudget = new WriteBudget(Date.now());
    /** The budget of each calling app, by its bearer token. */
    private appBudgets = new Map<string, WriteBudget>();
    private readonly random: () => number;
    private server: LoopbackServer | undefined;
    private url = "";
    private readonly batches = new BatchRunner();
    private readonly reads = new ReadBudget();

    /** @throws InvalidEmulatorInput when `options.behaviour` holds an unknown knob or a value it does not allow. */
    constructor(private readonly options: EmulatorOptions = {}) {
        this.tokens = new Set(options.tokens ?? []);
        this.registry = options.registry ?? new TokenRegistry();
        this.behaviour = { ...DEFAULT_BEHAVIOUR, ...parseBehaviour(options.behaviour ?? {}, "behaviour") };
        this.random = seededRandom(options.seed ?? 1);
    }

    /**
     * Starts listening on 127.0.0.1; resolves to the base URL (no trailing slash). Rejects when the
     * port cannot be bound (e.g. `EADDRINUSE`). Calling it again while running returns the same URL.
     */
    async start(): Promise<string> {
        if (this.server) {
            return this.url;
        }
        const handler: http.RequestListener = (req, res) => {
            this.handle(req, res).catch((error: unknown) => internalError(res, error));
        };
        const server = http.createServer(handler);
        server.keepAliveTimeout = 30_000;
        await this.batches.start(handler);
        const loopback = new LoopbackServer(server);
        let port: number;
        try {
            port = await loopback.listen(this.options.port ?? 0);
        } catch (error) {
            await this.batches.close();
            throw error;
        }
        this.server = loopback;
        this.url = `http://127.0.0.1:${port}`;
        return this.url;
    }

    /** The base URL; empty before `start`. */
    get baseUrl(): string {
        return this.url;
    }

    /** Stops the server and ends every open connection (hung requests included). */
    async stop(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        await this.batches.close();
        await server?.close();
    }

    /** Adds (or resets) an app with the given counters (the rest 0), display name, type (default `microsoft.graph.win32LobApp`) and publisher; returns it. */
    addApp(id: string, counters: CounterValues = {}, displayName = `App ${id.slice(0, 8)}`, details: { type?: string; publisher?: string } = {}): EmulatedApp {
        const given = Object.fromEntries(Object.entries(counters).filter(([, v]) => v !== undefined)) as CounterValues;
        const app: EmulatedApp = {
            id: id.toLowerCase(),
            displayName,
            type: fullAppType(details.type ?? DEFAULT_APP_TYPE),
            publisher: details.publisher ?? "",
            summaryId: randomUUID(),
            counters: { ...zeroCounters(), ...given },
            pending: [],
        };
        this.apps.set(app.id, app);
        return app;
    }

    /** Adds (or resets) an app from a seed, as `--apps` and `PUT /_emulator/apps/{id}` do; returns it. */
    seedApp(seed: AppSeed): EmulatedApp {
        const app = this.addApp(seed.id, seed.counters, seed.displayName, { type: seed.type, publisher: seed.publisher });
        app.summaryRetired = seed.summaryRetired === true;
        return app;
    }

    /** Changes counters as if Intune had (a change behind Pulumi's back). */
    setCounters(id: string, counters: CounterValues): void {
        Object.assign(this.app(id).counters, counters);
    }

    /** The counters as GET would show them now. */
    counters(id: string): Required<CounterValues> {
        const app = this.app(id);
        this.settle(app);
        return { ...app.counters };
    }

    /** Deletes the app: every later request for it answers 404. */
    deleteApp(id: string): void {
        this.apps.delete(id.toLowerCase());
    }

    /** Queues one-shot answers, used in order for the matching requests. */
    script(...faults: ScriptedFault[]): void {
        this.faults.push(...faults.map((f) => ({ times: 1, ...f })));
    }

    /** Forgets recorded requests (queued faults stay; see `clearFaults`). */
    clearRequests(): void {
        this.requests.length = 0;
    }

    /** Drops the scripted faults not used yet. */
    clearFaults(): void {
        this.faults.length = 0;
    }

    /** How many scripted answers are still queued (a fault with `times: 3` counts 3). */
    get queuedFaults(): number {
        return this.faults.reduce((sum, f) => sum + (f.times ?? 1), 0);
    }

    /** Connections open now (Graph and admin), e.g. a client's keep-alive sockets. */
    get openConnections(): number {
        return this.server?.openConnections ?? 0;
    }

    /**
     * The most connections that were open at once since `start` or the last `resetPeakConnections`:
     * how many sockets a client used concurrently (a client's pool bound is checked against it).
     */
    get peakConnections(): number {
        return this.server?.peakConnections ?? 0;
    }

    /** Starts a new measure of `peakConnections` from the connections open now. */
    resetPeakConnections(): void {
        this.server?.resetPeak();
    }

    /**
     * Recorded requests as Graph handles them (not the admin routes), optionally by method: each
     * request sent alone, and each sub-request of a JSON batch as the request it stands for (its
     * `viaBatch` set); not the batch's own POST, which {@link wireRequests} lists.
     */
    graphRequests(method?: string): RecordedRequest[] {
        return this.requests.filter((r) => !r.path.startsWith("/_emulator") && !BATCH_ROUTE.test(r.path) && (!method || r.method === method));
    }

    /** The Graph requests clients sent over HTTP, optionally by method: each request sent alone, and each batch's POST (not its sub-requests). */
    wireRequests(method?: string): RecordedRequest[] {
        return this.requests.filter((r) => !r.path.startsWith("/_emulator") && r.viaBatch === undefined && (!method || r.method === method));
    }

    private app(id: string): EmulatedApp {
        const app = this.apps.get(id.toLowerCase());
        if (!app) {
            throw new Error(`the emulator has no app ${id}`);
        }
        return app;
    }

    private settle(app: EmulatedApp, nowMs = Date.now()): void {
        while (app.pending.length && app.pending[0].visibleAtMs <= nowMs) {
            Object.assign(app.counters, app.pending.shift()!.values);
        }
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const body = await readBody(req);
        const path = (req.url ?? "/").split("?")[0];
        const record: RecordedRequest = {
            method: req.method ?? "GET",
            path,
            status: 0,
            atMs: Date.now(),
            clientRequestId: header(req, "client-request-id"),
            userAgent: header(req, "user-agent"),
            authorization: header(req, "authorization"),
            body: body || undefined,
            viaBatch: header(req, BATCH_HEADER),
        };
        this.requests.push(record);
        const max = this.options.maxRecordedRequests;
        if (max !== undefined && this.requests.length > max) {
            this.requests.splice(0, this.requests.length - max);
        }
        if (path.startsWith("/_emulator/")) {
            return this.admin(req, res, path, body, record);
        }
        if (BATCH_ROUTE.test(path)) {
            return this.batch(req, res, path, body, record);
        }
        if (this.behaviour.latencyMs > 0) {
            await new Promise((resolve) => setTimeout(resolve, this.behaviour.latencyMs));
        }
        const requestId = randomUUID();
        const fault = this.takeFault(record.method);
        const truncate = fault?.truncateBody === true;
        const send = (status: number, payload?: unknown, headers: Record<string, string> = {}): void => {
            record.status = status;
            const text = payload === undefined ? "" : typeof payload === "string" ? payload : JSON.stringify(payload);
            res.writeHead(status, {
                "request-id": requestId,
                "client-request-id": record.clientRequestId ?? requestId,
                ...(text ? { "Content-Type": "application/json" } : {}),
                ...(truncate ? { "Content-Length": String(Buffer.byteLength(text)) } : {}),
                ...headers,
            });
            if (truncate) {
                res.write(text.slice(0, Math.floor(text.length / 2))); // and never the rest: the connection stalls
                return;
            }
            res.end(text);
        };
        const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}): void =>
            send(status, graphError(code, message, requestId, record.clientRequestId), headers);

        if (fault?.reset || (!fault && this.random() < this.behaviour.resetRate)) {
            record.status = "reset";
            req.socket.destroy();
            return;
        }
        if (fault?.hang) {
            record.status = "hang";
            return;
        }
        if (fault && !truncate) {
            if (fault.body !== undefined) {
                record.status = fault.status ?? 500;
                res.writeHead(record.status, {
                    "request-id": requestId,
                    "client-request-id": record.clientRequestId ?? requestId,
                    "Content-Type": fault.contentType ?? "application/json",
                    ...fault.headers,
                });
                res.end(fault.body);
                return;
            }
            const status = fault.status ?? 500;
            const echo = fault.echoAuthorization ? (record.authorization ?? "(none)") : undefined;
            return fail(status, fault.code ?? "UnknownError", `Scripted fault: ${status}.${echo ? ` Authorization: ${echo}` : ""}`, {
                ...fault.headers,
                ...(echo ? { "request-id": echo } : {}),
            });
        }
        if (!fault && this.random() < this.behaviour.serverErrorRate) {
            return fail(503, "ServiceUnavailable", "The service is temporarily unavailable (injected).");
        }

        const tokenProblem = this.tokenProblem(record.authorization);
        if (tokenProblem) {
            return fail(401, "InvalidAuthenticationToken", tokenProblem, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
        }

        if (record.method === "GET") {
            const waitMs = this.reads.spend(this.behaviour.readsPerWindow, this.behaviour.readWindowMs, Date.now());
            if (waitMs !== undefined) {
                return fail(429, "TooManyRequests", "Too many requests: the tenant's read budget is spent.", this.retryAfterHeader(waitMs));
            }
        }
        if (COLLECTION_ROUTE.test(path)) {
            if (record.method !== "GET") {
                return fail(405, "MethodNotAllowed", "Only GET is emulated on the mobileApps collection.");
            }
            const query = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
            const page = collectionPage([...this.apps.values()], query, this.behaviour.appsPageSize, `http://${req.headers.host ?? "127.0.0.1"}`, path);
            return page.status === 200 ? send(200, page.body) : fail(400, "BadRequest", page.message);
        }
        const summaryMatch = SUMMARY_ROUTE.exec(path);
        const appMatch = APP_ROUTE.exec(path);
        if (!summaryMatch && !appMatch) {
            return fail(400, "BadRequest", `Resource not found for the segment '${path.split("/").pop()}'.`);
        }
        const appId = decodePathSegment((summaryMatch ?? appMatch)![2])?.toLowerCase();
        if (appId === undefined) {
            return fail(400, "BadRequest", "The path has a malformed percent-encoding.");
        }
        const app = this.apps.get(appId);
        if (!app) {
            return fail(404, "ResourceNotFound", `The requested resource does not exist: mobileApp with id ${appId}.`);
        }
        if (appMatch) {
            if (record.method !== "GET") {
                return fail(405, "MethodNotAllowed", "Only GET is emulated on mobile apps.");
            }
            return send(200, { "@odata.type": `#${app.type}`, id: app.id, displayName: app.displayName, publisher: app.publisher });
        }
        if (app.summaryRetired) {
            return fail(404, "BadRequest", "Resource not found for the segment 'installSummary'.");
        }
        this.settle(app);
        if (record.method === "GET") {
            const entity = summaryEntity(app);
            return send(200, this.behaviour.getShape === "wrapped" ? { "@odata.context": entity["@odata.context"], value: entity } : entity);
        }
        if (record.method !== "PATCH") {
            return fail(405, "MethodNotAllowed", `${record.method} is not supported on installSummary.`);
        }
        // The budgets tell calling apps apart by their token.
        const throttled = this.spendWrite(bearerTokenOf(record.authorization), Date.now());
        if (throttled !== undefined) {
            return fail(429, "TooManyRequests", "Too many requests: the tenant's write budget is spent.", this.retryAfterHeader(throttled));
        }
        const parsed = parsePatch(body);
        if (typeof parsed === "string") {
            return fail(400, "BadRequest", parsed);
        }
        if (!this.behaviour.ignoreWrites) {
            if (this.behaviour.applyDelayMs > 0) {
                app.pending.push({ visibleAtMs: Date.now() + this.behaviour.applyDelayMs, values: parsed });
            } else {
                Object.assign(app.counters, parsed);
            }
        }
        return this.behaviour.patchStatus === 204 && !truncate ? send(204) : send(200, summaryEntity(app));
    }

    /** Why the `Authorization` header is refused (401), or undefined when it carries a token the emulator accepts. */
    private tokenProblem(authorization: string | undefined): string | undefined {
        const token = bearerTokenOf(authorization);
        return this.tokens.has(token) ? undefined : this.registry.problem(token);
    }

    /**
     * `POST /{version}/$batch` (`./batchRoute.ts`): the batch needs the token itself; each
     * sub-request is then answered as if sent alone, latency and budgets included. With
     * `serveBatch` off it answers 404, as a Graph without JSON batching would.
     */
    private async batch(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: string, record: RecordedRequest): Promise<void> {
        const requestId = randomUUID();
        const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
            record.status = status;
            res.writeHead(status, {
                "request-id": requestId,
                "client-request-id": record.clientRequestId ?? requestId,
                "Content-Type": "application/json",
                ...headers,
            });
            res.end(JSON.stringify(payload));
        };
        const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}): void =>
            reply(status, graphError(code, message, requestId, record.clientRequestId), headers);
        if (!this.behaviour.serveBatch) {
            return fail(404, "BadRequest", "Resource not found for the segment '$batch'.");
        }
        if (record.method !== "POST") {
            return fail(405, "MethodNotAllowed", "Only POST is allowed on $batch.");
        }
        const tokenProblem = this.tokenProblem(record.authorization);
        if (tokenProblem) {
            return fail(401, "InvalidAuthenticationToken", tokenProblem, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
        }
        const subs = parseBatch(body);
        if (typeof subs === "string") {
            return fail(400, "BadRequest", subs);
        }
        // A fault scripted for POST is the batch's own answer; the others are the sub-requests'.
        const fault = this.takeFault("POST", true);
        if (fault?.reset) {
            record.status = "reset";
            req.socket.destroy();
            return;
        }
        if (fault) {
            return fail(fault.status ?? 500, fault.code ?? "UnknownError", `Scripted fault: ${fault.status ?? 500}.`, fault.headers);
        }
        const versionPath = path.replace(/\/\$batch\/?$/, "");
        return reply(200, { responses: await this.batches.run(versionPath, req.headers.host ?? "127.0.0.1", subs, record.authorization, requestId) });
    }

    /** The next scripted fault for `method`: one for that method, or (unless `exact`) one for any method. */
    private takeFault(method: string, exact = false): ScriptedFault | undefined {
        const index = this.faults.findIndex((f) => (!exact && !f.method) || f.method === method);
        if (index < 0) {
            return undefined;
        }
        const fault = this.faults[index];
        fault.times = (fault.times ?? 1) - 1;
        if (fault.times <= 0) {
            this.faults.splice(index, 1);
        }
        return fault;
    }

    /**
     * Starts the write budgets afresh from now: no write counted, the fixed windows and the count
     * towards `dropAfterWrites` from now. Changing a budget knob through the admin API does it too.
     */
    resetWriteBudget(): void {
        this.tenantBudget = new WriteBudget(Date.now());
        this.appBudgets = new Map();
    }

    /** Counts a write against the tenant's budget and the calling app's; returns ms until it would fit when either is spent. */
    private spendWrite(token: string, nowMs: number): number | undefined {
        const b = this.behaviour;
        const tenant: BudgetShape = {
            writesPerWindow: b.writesPerWindow,
            windowMs: b.writeWindowMs,
            window: b.writeWindow,
            dropAfterWrites: b.dropAfterWrites,
            droppedWritesPerWindow: b.droppedWritesPerWindow,
        };
        const app: BudgetShape = { ...tenant, writesPerWindow: b.appWritesPerWindow, dropAfterWrites: 0 };
        let appBudget = this.appBudgets.get(token);
        if (appBudget === undefined) {
            appBudget = new WriteBudget(this.tenantBudget.startMs);
            this.appBudgets.set(token, appBudget);
        }
        const waitMs = Math.max(this.tenantBudget.waitMs(tenant, nowMs), appBudget.waitMs(app, nowMs));
        if (waitMs > 0) {
            return waitMs;
        }
        this.tenantBudget.accept(tenant, nowMs);
        appBudget.accept(app, nowMs);
        return undefined;
    }

    private retryAfterHeader(waitMs: number): Record<string, string> {
        switch (this.behaviour.retryAfterFormat) {
            case "seconds":
                return { "Retry-After": String(Math.max(1, Math.ceil(waitMs / 1000))) };
            case "date":
                // HTTP dates have whole seconds: round up so the client never comes back early.
                return { "Retry-After": new Date(Math.ceil((Date.now() + waitMs) / 1000) * 1000 + 1000).toUTCString() };
            case "none":
                return {};
        }
    }

    /** The admin routes under `/_emulator/`; a refused input answers 400 `{"error": "..."}` naming the field and what is allowed. */
    private admin(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: string, record: RecordedRequest): void {
        const reply = (status: number, payload: unknown): void => {
            record.status = status;
            res.writeHead(status, { "Content-Type": "application/json" });
            res.end(JSON.stringify(payload));
        };
        const method = req.method ?? "GET";
        try {
            let input: unknown;
            try {
                input = body ? JSON.parse(body) : {};
            } catch {
                return reply(400, { error: "the request body is not valid JSON." });
            }
            const appMatch = /^\/_emulator\/apps\/([^/]+)$/.exec(path);
            if (path === "/_emulator/state" && method === "GET") {
                return reply(200, {
                    behaviour: this.behaviour,
                    queuedFaults: this.queuedFaults,
                    apps: [...this.apps.values()].map((a) => this.describeApp(a)),
                });
            }
            if (path === "/_emulator/behaviour" && method === "PATCH") {
                const changes = parseBehaviour(input, "behaviour");
                this.behaviour = { ...this.behaviour, ...changes };
                if (Object.keys(changes).some((knob) => BUDGET_KNOBS.has(knob))) {
                    this.resetWriteBudget();
                }
                return reply(200, this.behaviour);
            }
            if (path === "/_emulator/faults" && method === "POST") {
                this.script(...parseFaults(input, "fault"));
                return reply(200, { queued: this.queuedFaults });
            }
            if (path === "/_emulator/faults" && method === "DELETE") {
                this.clearFaults();
                return reply(200, { queued: 0 });
            }
            if (path === "/_emulator/requests" && method === "GET") {
                return reply(
                    200,
                    this.graphRequests().map(({ authorization: _omitted, ...r }) => r),
                );
            }
            if (path === "/_emulator/requests" && method === "DELETE") {
                this.clearRequests();
                return reply(200, { requests: 0 });
            }
            if (appMatch && ["PUT", "PATCH", "DELETE"].includes(method)) {
                const id = decodePathSegment(appMatch[1]);
                if (id === undefined) {
                    return reply(400, { error: "the app id in the path has a malformed percent-encoding." });
                }
                if (method === "PUT") {
                    return reply(200, this.describeApp(this.seedApp(parseAppSeed(input, "app", id))));
                }
                const app = this.apps.get(id.toLowerCase());
                if (!app) {
                    return reply(404, { error: `the emulator has no app ${id}; add it with PUT /_emulator/apps/${id}.` });
                }
                if (method === "DELETE") {
                    this.deleteApp(app.id);
                    return reply(200, { deleted: app.id });
                }
                if (input === null || typeof input !== "object" || Array.isArray(input)) {
                    return reply(400, {
                        error: 'app: must be an object of counters, "displayName", "type", "publisher" and "summaryRetired", e.g. {"installedDeviceCount": 4}.',
                    });
                }
                const { displayName, type, publisher, summaryRetired, ...counters } = input as Record<string, unknown>;
                const seed = parseAppSeed({ id: app.id, displayName, type, publisher, summaryRetired }, "app");
                const values = parseCounters(counters, "app");
                this.settle(app);
                Object.assign(app.counters, values);
                app.displayName = seed.displayName ?? app.displayName;
                app.summaryRetired = seed.summaryRetired ?? app.summaryRetired;
                app.type = seed.type ?? app.type;
                app.publisher = seed.publisher ?? app.publisher;
                return reply(200, this.describeApp(app));
            }
            return reply(404, { error: `no admin route ${method} ${path}; the admin API is in ${EMULATOR_MANUAL}.` });
        } catch (error) {
            if (error instanceof InvalidEmulatorInput) {
                return reply(400, { error: error.message });
            }
            throw error;
        }
    }

    private describeApp(app: EmulatedApp) {
        this.settle(app);
        return {
            id: app.id,
            displayName: app.displayName,
            type: app.type,
            publisher: app.publisher,
            summaryId: app.summaryId,
            counters: { ...app.counters },
            summaryRetired: !!app.summaryRetired,
            pendingWrites: app.pending.length,
        };
    }
}

/** Last resort for a bug in a handler: a Graph-shaped 500 (or a closed connection if the answer had started), never a crashed process. */
function internalError(res: http.ServerResponse, error: unknown): void {
    if (res.headersSent) {
        res.destroy();
        return;
    }
    const requestId = randomUUID();
    res.writeHead(500, { "Content-Type": "application/json", "request-id": requestId });
    res.end(
        JSON.stringify(
            graphError("InternalServerError", `The emulator failed: ${error instanceof Error ? error.message : String(error)}`, requestId, undefined),
        ),
    );
}

function decodePathSegment(segment: string): string | undefined {
    try {
        return decodeURIComponent(segment);
    } catch {
        return undefined;
    }
}

function header(req: http.IncomingMessage, name: string): string | undefined {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
}

function graphError(code: string, message: string, requestId: string, clientRequestId: string | undefined) {
    return {
        error: {
            code,
            message,
            innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, ""), "request-id": requestId, "client-request-id": clientRequestId ?? requestId },
        },
    };
}

function summaryEntity(app: EmulatedApp) {
    return {
        "@odata.context": `https://graph.microsoft.com/beta/$metadata#deviceAppManagement/mobileApps('${app.id}')/installSummary/$entity`,
        "@odata.type": `#${INSTALL_SUMMARY.type}`,
        [INSTALL_SUMMARY.key]: app.summaryId,
        ...app.counters,
    };
}

/**
 * Validates a PATCH body as Graph would, by the entity's schema: a JSON object of its counters
 * (`Edm.Int32`, and counts: see `COUNT_RANGE`); the key and `@odata.*` annotations are ignored.
 * Returns the values or the reason, in Graph's words.
 */
function parsePatch(body: string): CounterValues | string {
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        return "The request body is not valid JSON.";
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        return "The request body must be a JSON object.";
    }
    const values: CounterValues = {};
    for (const [key, value] of Object.entries(parsed)) {
        if (key === INSTALL_SUMMARY.key || key.startsWith("@odata.")) {
            continue;
        }
        if (!isCounterName(key)) {
            return `Invalid property '${key}' on ${INSTALL_SUMMARY.type}.`;
        }
        if (!isCount(value)) {
            return `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${INSTALL_SUMMARY.properties[key]}' for '${key}'.`;
        }
        values[key] = value;
    }
    return values;
}
