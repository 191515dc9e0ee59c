/**
 * What went wrong with a Graph call, for code that branches on it:
 * - `http`: Graph answered with an error status (see `status` and `code`);
 * - `network`: the connection failed or was reset before an answer;
 * - `timeout`: no answer within the request timeout;
 * - `malformed`: a success status whose body is not the JSON it should be;
 * - `appNotFound`: the mobile app does not exist in the tenant;
 * - `summaryUnavailable`: the app exists but Graph does not serve its `installSummary`;
 * - `auth`: no bearer token could be obtained (sign-in failed).
 */
export type GraphErrorKind = "http" | "network" | "timeout" | "malformed" | "appNotFound" | "summaryUnavailable" | "auth";

/** The facts of one failed Graph call; the message is composed from them. */
export interface GraphErrorDetails {
    kind: GraphErrorKind;
    method: string;
    /** Path below the API version, e.g. `/deviceAppManagement/mobileApps/{id}/installSummary`. */
    path: string;
    status?: number;
    /** Graph's `error.code`; branch on this, never on the message. */
    code?: string;
    /** Graph's `error.message`, or a description of a non-Graph body. */
    graphMessage?: string;
    requestId?: string;
    clientRequestId?: string;
    /** Requests sent for this call, retries included. */
    attempts: number;
    /** What the user can do about it; ends the message. */
    hint?: string;
}

/**
 * The one error type of the Graph client. Its message says, in this order: the call, what Graph
 * answered, what to do, and the ids Microsoft support asks for. It never holds a token or secret.
 */
export class GraphError extends Error implements GraphErrorDetails {
    override readonly name = "GraphError";
    readonly kind: GraphErrorKind;
    readonly method: string;
    readonly path: string;
    readonly status?: number;
    readonly code?: string;
    readonly graphMessage?: string;
    readonly requestId?: string;
    readonly clientRequestId?: string;
    readonly attempts: number;
    readonly hint?: string;

    constructor(details: GraphErrorDetails) {
        super(formatGraphError(details));
        this.kind = details.kind;
        this.method = details.method;
        this.path = details.path;
        this.status = details.status;
        this.code = details.code;
        this.graphMessage = details.graphMessage;
        this.requestId = details.requestId;
        this.clientRequestId = details.clientRequestId;
        this.attempts = details.attempts;
        this.hint = details.hint;
    }
}

/** Type guard for {@link GraphError}; works across copies of this module. */
export function isGraphError(e: unknown): e is GraphError {
    return e instanceof Error && e.name === "GraphError" && typeof (e as GraphError).kind === "string";
}

function formatGraphError(d: GraphErrorDetails): string {
    const answer =
        d.status !== undefined ? `${d.status}${d.code ? ` ${d.code}` : ""}${d.graphMessage ? `: ${d.graphMessage}` : ""}` : (d.graphMessage ?? d.kind);
    const tries = d.attempts > 1 ? ` after ${d.attempts} attempts` : "";
    const ids = [d.requestId && `request-id ${d.requestId}`, d.clientRequestId && `client-request-id ${d.clientRequestId}`].filter(Boolean).join(", ");
    // Graph's own messages usually end with a period already: do not add a second one.
    const end = /[.!?]$/.test(answer) ? "" : ".";
    return `Graph ${d.method} ${d.path} failed${tries}: ${answer}${end}${d.hint ? ` ${d.hint}` : ""}${ids ? ` (${ids})` : ""}`;
}

/** The permission the provider needs; named in every 401/403 message. */
export const REQUIRED_PERMISSION = "DeviceManagementApps.ReadWrite.All";

/**
 * The hint for an HTTP failure, by status and Graph code (never by message text). `tokenAdvice`
 * says what to check when the token is rejected (401), for the credential in use.
 */
export function hintFor(status: number, code: string | undefined, method: string, tokenAdvice: string): string | undefined {
    if (status === 401) {
        return (
            `The bearer token was rejected${code ? ` (${code})` : ""}: ${tokenAdvice}. The app needs ` +
            `the Microsoft Graph application permission ${REQUIRED_PERMISSION}.`
        );
    }
    if (status === 403) {
        const read = method === "GET" ? " (DeviceManagementApps.Read.All is enough to read)" : "";
        return (
            `Access denied: grant the app registration the Microsoft Graph application permission ` +
            `${REQUIRED_PERMISSION}${read} with admin consent, and check that the tenant has an Intune license.`
        );
    }
    if (status === 407) {
        return (
            "A proxy between this machine and Graph asks for credentials (407 Proxy Authentication Required): " +
            "set HTTPS_PROXY to http://user:password@host:port of that proxy."
        );
    }
    if (status === 429) {
        const budget =
            method === "GET"
                ? "reads (it documents 1,000 per 20 s per app and 2,000 per tenant, shared with every tool reading it)"
                : "writes (it documents 100 per 20 s per app and 200 per tenant, shared with every tool writing to it)";
        return (
            `Intune throttled the tenant's ${budget}; the provider's pacing follows Graph's 429s, so this call ran out of ` +
            "retries or time first: raise intune:maxRetries or intune:operationTimeoutMs, or run fewer resources in parallel (pulumi up --parallel)."
        );
    }
    if (status >= 500) {
        return "Graph had a server-side failure; the request was retried within intune:maxRetries and intune:operationTimeoutMs. Run the deployment again later.";
    }
    return undefined;
}
