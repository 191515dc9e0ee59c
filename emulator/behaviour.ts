/**
 * What a running emulator can be told to do: the knobs of {@link EmulatorBehaviour}, changed at
 * any time, and the one-shot {@link ScriptedFault}s. The server (`graphEmulator.ts`) acts on them;
 * `validation.ts` checks what the admin API, the constructor and the command line pass in.
 */

import type { BudgetWindow } from "./writeBudget";

/** How `Retry-After` is written on a throttled answer. */
export type RetryAfterFormat = "seconds" | "date" | "none";

/** A one-shot answer queued by a test: the next matching requests get it instead of the normal one. */
export interface ScriptedFault {
    /** Only requests with this method (default: any GET or PATCH); `POST` is the answer to a JSON batch (`/$batch`) itself. */
    method?: "GET" | "PATCH" | "POST";
    /** How many matching requests get it (default 1). */
    times?: number;
    /** Answer with this status and body (a Graph error body when `body` is omitted). */
    status?: number;
    headers?: Record<string, string>;
    /** Raw body text, sent as is with `contentType`. */
    body?: string;
    contentType?: string;
    /** Graph error code for the generated error body. */
    code?: string;
    /**
     * The generated error repeats the request's `Authorization` header, in its message and in its
     * `request-id` header, as a misbehaving gateway may: a test that no echoed token reaches the user.
     */
    echoAuthorization?: boolean;
    /** Destroy the connection instead of answering. */
    reset?: boolean;
    /** Never answer (the socket stays open until the client gives up or the emulator stops). */
    hang?: boolean;
    /**
     * Answer as usual (a PATCH is applied, and answered 200 with the entity so there is a body), but
     * cut the body short: `Content-Length` counts the whole body, only its first half is sent, and
     * then the connection stalls until the client gives up or the emulator stops.
     */
    truncateBody?: boolean;
}

/** The knobs of the emulator; every one can be changed while it runs. */
export interface EmulatorBehaviour {
    /** Added before each answer. Default 0. */
    latencyMs: number;
    /** PATCH answers 204 with no body (what Intune often does) or 200 with the entity (what the docs show). Default 204. */
    patchStatus: 200 | 204;
    /** GET answers the entity, or the entity wrapped in `{"value": ...}` as the docs example shows. Default entity. */
    getShape: "entity" | "wrapped";
    /** Accept PATCH and keep the old values, as Graph does for server-computed counters. Default false. */
    ignoreWrites: boolean;
    /** A PATCH becomes visible to GET only this long after it was accepted (eventual consistency). Default 0. */
    applyDelayMs: number;
    /** Writes (PATCH) allowed per `writeWindowMs` for the whole tenant, shared by every calling app; 0 is unlimited. Once spent: 429. Default 0. */
    writesPerWindow: number;
    writeWindowMs: number;
    /** How the write budgets count their window: `sliding` (the last `writeWindowMs`) or `fixed` (consecutive windows from the budget's start). Default sliding. */
    writeWindow: BudgetWindow;
    /** Writes allowed per `writeWindowMs` per calling app (per bearer token), besides the tenant's; 0 is unlimited. Default 0. */
    appWritesPerWindow: number;
    /** After this many writes accepted by the tenant since its budget started, its budget drops to `droppedWritesPerWindow`; 0 never. Default 0. */
    dropAfterWrites: number;
    droppedWritesPerWindow: number;
    /** How the 429 of the write budget writes `Retry-After`. Default seconds. */
    retryAfterFormat: RetryAfterFormat;
    /** Share of requests answered 503 at random (0..1). Default 0. */
    serverErrorRate: number;
    /** Share of requests whose connection is reset at random (0..1). Default 0. */
    resetRate: number;
    /** Apps per page of the `mobileApps` collection; more follow through `@odata.nextLink`. Default 100. */
    appsPageSize: number;
    /** GET requests allowed per `readWindowMs` for the whole tenant (each sub-request of a batch counts); 0 is unlimited. Once spent: 429. Default 0. */
    readsPerWindow: number;
    readWindowMs: number;
    /** Serve JSON batching (`POST /$batch`); false answers it 404, as a Graph without batching would. Default true. */
    serveBatch: boolean;
}

/** The behaviour of a new emulator: answers at once and as Graph does on a good day; no faults. */
export const DEFAULT_BEHAVIOUR: EmulatorBehaviour = {
    latencyMs: 0,
    patchStatus: 204,
    getShape: "entity",
    ignoreWrites: false,
    applyDelayMs: 0,
    writesPerWindow: 0,
    writeWindowMs: 20_000,
    writeWindow: "sliding",
    appWritesPerWindow: 0,
    dropAfterWrites: 0,
    droppedWritesPerWindow: 0,
    retryAfterFormat: "seconds",
    serverErrorRate: 0,
    resetRate: 0,
    appsPageSize: 100,
    readsPerWindow: 0,
    readWindowMs: 20_000,
    serveBatch: true,
};
