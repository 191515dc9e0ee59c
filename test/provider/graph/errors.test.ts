import { strict as assert } from "node:assert";
import { GraphError, GraphErrorDetails, REQUIRED_PERMISSION, hintFor, isGraphError } from "../../../provider/graph/errors";

const PATH = "/deviceAppManagement/mobileApps/3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b/installSummary";
const ADVICE = "check intune:accessToken";

describe("provider/graph/errors hintFor: the hint by status, for the method and credential in use", () => {
    const cases: Array<[status: number, code: string | undefined, method: string, hint: string | undefined]> = [
        [
            401,
            "InvalidAuthenticationToken",
            "PATCH",
            `The bearer token was rejected (InvalidAuthenticationToken): ${ADVICE}. The app needs the Microsoft Graph application permission ${REQUIRED_PERMISSION}.`,
        ],
        [401, undefined, "GET", `The bearer token was rejected: ${ADVICE}. The app needs the Microsoft Graph application permission ${REQUIRED_PERMISSION}.`],
        [
            403,
            "Forbidden",
            "GET",
            `Access denied: grant the app registration the Microsoft Graph application permission ${REQUIRED_PERMISSION} (DeviceManagementApps.Read.All is enough to read) with admin consent, and check that the tenant has an Intune license.`,
        ],
        [
            403,
            "Forbidden",
            "PATCH",
            `Access denied: grant the app registration the Microsoft Graph application permission ${REQUIRED_PERMISSION} with admin consent, and check that the tenant has an Intune license.`,
        ],
        [
            407,
            undefined,
            "GET",
            "A proxy between this machine and Graph asks for credentials (407 Proxy Authentication Required): set HTTPS_PROXY to http://user:password@host:port of that proxy.",
        ],
        [
            429,
            "TooManyRequests",
            "PATCH",
            "Intune throttled the tenant's writes (it documents 100 per 20 s per app and 200 per tenant, shared with every tool writing to it); the provider's pacing follows Graph's 429s, so this call ran out of retries or time first: raise intune:maxRetries or intune:operationTimeoutMs, or run fewer resources in parallel (pulumi up --parallel).",
        ],
        [
            429,
            "TooManyRequests",
            "GET",
            "Intune throttled the tenant's reads (it documents 1,000 per 20 s per app and 2,000 per tenant, shared with every tool reading it); the provider's pacing follows Graph's 429s, so this call ran out of retries or time first: raise intune:maxRetries or intune:operationTimeoutMs, or run fewer resources in parallel (pulumi up --parallel).",
        ],
        ...[500, 503].map((status): [number, string | undefined, string, string] => [
            status,
            undefined,
            "PATCH",
            "Graph had a server-side failure; the request was retried within intune:maxRetries and intune:operationTimeoutMs. Run the deployment again later.",
        ]),
        [499, undefined, "PATCH", undefined],
        [404, "ResourceNotFound", "GET", undefined],
    ];
    for (const [status, code, method, hint] of cases) {
        it(`${status} ${code ?? ""} ${method}`, () => assert.equal(hintFor(status, code, method, ADVICE), hint));
    }
});

describe("provider/graph/errors GraphError: one message from its details", () => {
    const base: GraphErrorDetails = { kind: "http", method: "PATCH", path: PATH, attempts: 1 };
    const cases: Array<[name: string, details: Partial<GraphErrorDetails>, message: string]> = [
        ["status alone", { status: 400 }, `Graph PATCH ${PATH} failed: 400.`],
        [
            "status, code, Graph's message with its period, hint, ids, attempts",
            { status: 400, code: "BadRequest", graphMessage: "Invalid value.", hint: "Fix it.", requestId: "r-1", clientRequestId: "c-1", attempts: 3 },
            `Graph PATCH ${PATH} failed after 3 attempts: 400 BadRequest: Invalid value. Fix it. (request-id r-1, client-request-id c-1)`,
        ],
        ["a message without a period gets one", { status: 503, graphMessage: "busy" }, `Graph PATCH ${PATH} failed: 503: busy.`],
        [
            "no answer: Graph's message or the kind",
            { kind: "network", graphMessage: "connect ECONNREFUSED" },
            `Graph PATCH ${PATH} failed: connect ECONNREFUSED.`,
        ],
        ["no answer and no message: the kind", { kind: "timeout" }, `Graph PATCH ${PATH} failed: timeout.`],
        ["the client request id alone", { status: 500, clientRequestId: "c-2" }, `Graph PATCH ${PATH} failed: 500. (client-request-id c-2)`],
    ];
    for (const [name, details, message] of cases) {
        it(name, () => assert.equal(new GraphError({ ...base, ...details }).message, message));
    }

    it("the type guard knows a GraphError by its name and kind, not by its class alone", () => {
        assert.ok(isGraphError(new GraphError(base)));
        assert.ok(!isGraphError(new Error("x")));
        assert.ok(!isGraphError(Object.assign(new Error("x"), { name: "GraphError" })), "a GraphError has its kind");
        assert.ok(!isGraphError({ name: "GraphError", kind: "http" }), "a GraphError is an Error");
        assert.ok(isGraphError(Object.assign(new Error("x"), { name: "GraphError", kind: "http" })), "another copy of the module");
        assert.ok(!isGraphError(Object.assign(new Error("x"), { name: "TypeError", kind: "http" })), "an Error of another name with a kind");
        assert.ok(!isGraphError(Object.assign(new Error("x"), { name: "GraphError", kind: 7 })), "a kind that is not text");
    });
});
