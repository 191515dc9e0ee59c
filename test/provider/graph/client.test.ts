/** The Graph client against the emulator: a real HTTP server on 127.0.0.1. */
import { strict as assert } from "node:assert";
import { GraphEmulator } from "../../../emulator/graphEmulator";
import { GraphClient, GraphClientOptions, parseErrorBody } from "../../../provider/graph/client";
import type { RawAnswer } from "../../../provider/graph/pipeline";
import { COUNTER_NAMES } from "../../../provider/model/fields";
import { DEFAULT_RETRY_OPTIONS } from "../../../provider/graph/retryPolicy";
import { OperationStats } from "../../../provider/graph/stats";
import { StaticTokenSource, TokenSource } from "../../../provider/auth/tokenSource";
import { packageVersion } from "../../../provider/session/packageInfo";
import { APP_IDS, TEST_TOKEN } from "../../support/fixtures";
import { graphFailure, testClient } from "../../support/graphClient";

const [APP, OTHER] = APP_IDS;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("provider/graph/client GraphClient", () => {
    const emulator = new GraphEmulator({ tokens: [TEST_TOKEN] });
    let url: string;
    const clients: GraphClient[] = [];
    const logLines: string[] = [];

    function client(overrides: Partial<GraphClientOptions> = {}): GraphClient {
        const c = testClient(url, logLines, { userAgent: `pulumi-intune-install-summary/${packageVersion()} (test)`, ...overrides });
        clients.push(c);
        return c;
    }
    const failure = graphFailure;

    before(async () => {
        url = await emulator.start();
    });
    after(async () => {
        clients.forEach((c) => c.close());
        await emulator.stop();
    });
    beforeEach(() => {
        emulator.apps.clear();
        emulator.addApp(APP, { installedDeviceCount: 3 });
        emulator.behaviour = { ...emulator.behaviour, patchStatus: 204, getShape: "entity", latencyMs: 0 };
        emulator.clearRequests();
        logLines.length = 0;
    });

    describe("answer shapes", () => {
        const cases = [
            { name: "GET of the entity", getShape: "entity" as const },
            { name: 'GET of the entity wrapped in {"value": ...}', getShape: "wrapped" as const },
        ];
        for (const c of cases) {
            it(c.name, async () => {
                emulator.behaviour.getShape = c.getShape;
                const answer = await client().getInstallSummary(APP, new OperationStats());
                assert.equal(answer.status, 200);
                assert.equal(answer.body!.installedDeviceCount, 3);
                assert.equal(answer.body!.id, emulator.apps.get(APP)!.summaryId);
            });
        }

        it("PATCH answered 204: no body, the write applied", async () => {
            const answer = await client().patchInstallSummary(APP, { failedDeviceCount: 2 }, new OperationStats());
            assert.equal(answer.status, 204);
            assert.equal(answer.body, undefined);
            assert.equal(emulator.counters(APP).failedDeviceCount, 2);
        });

        it("PATCH answered 200: the updated entity", async () => {
            emulator.behaviour.patchStatus = 200;
            const answer = await client().patchInstallSummary(APP, { failedDeviceCount: 2 }, new OperationStats());
            assert.equal(answer.status, 200);
            assert.equal(answer.body!.failedDeviceCount, 2);
            assert.equal(answer.body!.installedDeviceCount, 3);
        });

        it("PATCH answered 200 with a body that is not JSON: treated as no body (the caller reads back)", async () => {
            emulator.script({ method: "PATCH", status: 200, body: "<html>ok</html>", contentType: "text/html" });
            const answer = await client().patchInstallSummary(APP, { failedDeviceCount: 2 }, new OperationStats());
            assert.equal(answer.body, undefined);
        });

        for (const body of ["", "  \n"]) {
            it(`GET answered 200 with ${body === "" ? "an empty body" : "a body of white space"}: malformed, saying the entity is missing, not retried`, async () => {
                emulator.script({ method: "GET", status: 200, body });
                const error = await failure(client().getInstallSummary(APP, new OperationStats()));
                assert.equal(error.kind, "malformed");
                assert.equal(error.method, "GET");
                assert.match(error.message, /the answer had no body; expected the mobileAppInstallSummary entity/);
                assert.equal(emulator.graphRequests().length, 1);
            });
        }

        it("GET answered 200 with a JSON list: not the object expected", async () => {
            emulator.script({ method: "GET", status: 200, body: "[1, 2]" });
            assert.match(
                (await failure(client().getInstallSummary(APP, new OperationStats()))).message,
                /not the JSON object expected \(starts with "\[1, 2\]"\)/,
            );
        });

        it("GET answered 200 with malformed JSON: a clear, non-retried error", async () => {
            emulator.script({ method: "GET", status: 200, body: '{"installedDeviceCount": 3,' });
            const error = await failure(client().getInstallSummary(APP, new OperationStats()));
            assert.equal(error.kind, "malformed");
            assert.match(error.message, /not the JSON object expected/);
            assert.equal(emulator.graphRequests().length, 1);
        });
    });

    describe("counters as they arrive", () => {
        const entity = (counters: Record<string, unknown>) => JSON.stringify({ id: "summary-1", ...counters });

        it('a whole number in a string ("3", as OData writes numbers with IEEE754Compatible) is read as its number, for all ten counters', async () => {
            const counters = Object.fromEntries(COUNTER_NAMES.map((name, i) => [name, String(i + 1)]));
            emulator.script({ method: "GET", status: 200, body: entity(counters) }, { method: "PATCH", status: 200, body: entity(counters) });
            const got = await client().getInstallSummary(APP, new OperationStats());
            const patched = await client().patchInstallSummary(APP, { installedDeviceCount: 1 }, new OperationStats());
            for (const answer of [got, patched]) {
                assert.deepEqual(
                    COUNTER_NAMES.map((name) => answer.body![name]),
                    COUNTER_NAMES.map((_, i) => i + 1),
                );
            }
        });

        const refused = [
            { name: "a word", value: "many", shown: '"many"' },
            { name: "a fraction", value: 2.5, shown: "2.5" },
            { name: "a fraction in a string", value: "2.5", shown: '"2.5"' },
            { name: "null (the counters are not nullable)", value: null, shown: "null" },
            { name: "beyond Int32", value: "2147483648", shown: '"2147483648"' },
            { name: "an object", value: { n: 1 }, shown: '{"n":1}' },
            { name: "below Int32", value: -2147483649, shown: "-2147483649" },
            { name: "a long word, shown in its first 37 characters", value: "x".repeat(60), shown: `"${"x".repeat(36)}...` },
            { name: "a word of exactly 40 characters with its quotes, shown whole", value: "y".repeat(38), shown: `"${"y".repeat(38)}"` },
        ];
        it("the ends of Int32 are read as they are", async () => {
            emulator.script({ method: "GET", status: 200, body: entity({ installedDeviceCount: 2147483647, failedDeviceCount: "-2147483648" }) });
            const { body } = await client().getInstallSummary(APP, new OperationStats());
            assert.deepEqual([body!.installedDeviceCount, body!.failedDeviceCount], [2147483647, -2147483648]);
        });

        for (const c of refused) {
            it(`${c.name}: GET fails naming the counter and what arrived, not retried; a PATCH echo like it is read back instead`, async () => {
                emulator.script({ method: "GET", status: 200, body: entity({ installedDeviceCount: 3, failedDeviceCount: c.value }) });
                const error = await failure(client().getInstallSummary(APP, new OperationStats()));
                assert.equal(error.kind, "malformed");
                assert.ok(error.message.includes(`200: failedDeviceCount is ${c.shown}, not a whole number from -2147483648 to 2147483647.`), error.message);
                assert.equal(emulator.graphRequests().length, 1);
                emulator.script({ method: "PATCH", status: 200, body: entity({ failedDeviceCount: c.value }) });
                assert.equal((await client().patchInstallSummary(APP, { failedDeviceCount: 1 }, new OperationStats())).body, undefined);
            });
        }
    });

    describe("request headers", () => {
        it("sends the bearer token, JSON content type, a client-request-id UUID kept across retries, and a User-Agent naming the package", async () => {
            emulator.script({ method: "PATCH", status: 503 });
            await client().patchInstallSummary(APP, { installedDeviceCount: 1 }, new OperationStats());
            const [first, second] = emulator.graphRequests();
            assert.equal(first.authorization, `Bearer ${TEST_TOKEN}`);
            assert.match(first.clientRequestId ?? "", UUID);
            assert.equal(second.clientRequestId, first.clientRequestId, "one client-request-id for all attempts of a call");
            assert.match(first.userAgent ?? "", new RegExp(`^pulumi-intune-install-summary/${packageVersion().replace(/\./g, "\\.")} `));
            assert.equal(JSON.parse(first.body!).installedDeviceCount, 1);
        });

        it("never writes the token in its verbose trace", async () => {
            await client().getInstallSummary(APP, new OperationStats());
            assert.ok(logLines.some((l) => l.includes("authorization=Bearer [redacted]")));
            assert.ok(logLines.every((l) => !l.includes(TEST_TOKEN)));
        });
    });

    describe("retries", () => {
        const retried = [
            { name: "429 with Retry-After: 0", fault: { status: 429, headers: { "Retry-After": "0" } } },
            { name: "503 without Retry-After", fault: { status: 503 } },
            { name: "504", fault: { status: 504 } },
            { name: "500 with a Graph error body", fault: { status: 500 } },
            { name: "502 with an HTML body", fault: { status: 502, body: "<html><body>Bad Gateway</body></html>", contentType: "text/html" } },
            { name: "a connection reset", fault: { reset: true } },
        ];
        for (const c of retried) {
            it(`retries after ${c.name}, then succeeds`, async () => {
                emulator.script({ ...c.fault, method: "GET" });
                const stats = new OperationStats();
                const answer = await client().getInstallSummary(APP, stats);
                assert.equal(answer.body!.installedDeviceCount, 3);
                assert.equal(emulator.graphRequests().length, 2);
                assert.equal(stats.retries, 1);
            });
        }

        it("honours Retry-After in seconds before retrying", async () => {
            emulator.script({ method: "GET", status: 429, headers: { "Retry-After": "1" } });
            const started = Date.now();
            await client().getInstallSummary(APP, new OperationStats());
            const [first, second] = emulator.graphRequests();
            assert.ok(second.atMs - first.atMs >= 950, `retried after ${second.atMs - first.atMs} ms`);
            assert.ok(Date.now() - started < 5_000);
        });

        it("gives up after maxRetries and says how many attempts were made", async () => {
            emulator.script({ method: "GET", status: 503, times: 3 });
            const error = await failure(
                client({ retry: { ...DEFAULT_RETRY_OPTIONS, maxRetries: 2, baseDelayMs: 10, maxDelayMs: 20 } }).getInstallSummary(APP, new OperationStats()),
            );
            assert.equal(error.status, 503);
            assert.equal(error.attempts, 3);
            assert.equal(emulator.graphRequests().length, 3);
            assert.match(error.message, /after 3 attempts/);
            assert.match(error.message, /Gave up after intune:maxRetries \(2\) retries/);
        });

        it("fails at once when Retry-After is beyond the operation's time budget", async () => {
            emulator.script({ method: "GET", status: 429, headers: { "Retry-After": "600" } });
            const started = Date.now();
            const error = await failure(client({ operationTimeoutMs: 30_000 }).getInstallSummary(APP, new OperationStats()));
            assert.ok(Date.now() - started < 2_000, "did not sleep");
            assert.equal(error.status, 429);
            assert.match(error.message, /asked to wait 600 s before retrying, longer than what is left of intune:operationTimeoutMs \(30000 ms\)/);
            assert.equal(emulator.graphRequests().length, 1);
        });

        const ownBackoff = [
            { name: "503 without Retry-After", fault: { method: "GET" as const, status: 503 }, answer: /failed: 503 UnknownError: Scripted fault: 503\./ },
            {
                name: "a reset connection (no answer at all)",
                fault: { method: "GET" as const, reset: true },
                answer: /the connection to 127\.0\.0\.1:\d+ failed or was reset before an answer/,
            },
        ];
        for (const c of ownBackoff) {
            it(`${c.name}: when its own backoff would pass the operation's time budget, it says so, not that Graph asked to wait`, async () => {
                emulator.script(c.fault);
                const retry = { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 2000, maxDelayMs: 2000 };
                const error = await failure(client({ operationTimeoutMs: 500, retry }).getInstallSummary(APP, new OperationStats()));
                assert.doesNotMatch(error.message, /asked to wait/);
                assert.match(error.message, c.answer);
                assert.match(
                    error.message,
                    /Stopped after 1 attempt: waiting the provider's own backoff of [12]\.\d s before the next one would pass what is left of intune:operationTimeoutMs \(500 ms\)\./,
                );
                assert.equal(emulator.graphRequests().length, 1);
            });
        }

        it("a connection refused names the host it tried and the setting that chose it", async () => {
            const error = await failure(
                client({ baseUrl: "http://127.0.0.1:9", baseUrlOrigin: "INTUNE_GRAPH_ENDPOINT (environment, for intune:graphEndpoint)" }).getInstallSummary(
                    APP,
                    new OperationStats(),
                ),
            );
            assert.equal(error.kind, "network");
            assert.match(
                error.message,
                /: the connection to 127\.0\.0\.1:9 failed or was reset before an answer\. 127\.0\.0\.1:9 is the Graph host of INTUNE_GRAPH_ENDPOINT \(environment, for intune:graphEndpoint\): check it, and the network path to it \(proxy, firewall, DNS\)\./,
            );
        });

        it("times out an attempt that gets no answer, retries, and reports a timeout when none answers", async () => {
            emulator.script({ method: "GET", hang: true, times: 2 });
            const error = await failure(
                client({ requestTimeoutMs: 300, retry: { ...DEFAULT_RETRY_OPTIONS, maxRetries: 1, baseDelayMs: 10, maxDelayMs: 10 } }).getInstallSummary(
                    APP,
                    new OperationStats(),
                ),
            );
            assert.equal(error.kind, "timeout");
            assert.match(
                error.message,
                /failed after 2 attempts: no answer from 127\.0\.0\.1:\d+ within intune:requestTimeoutMs \(300 ms\)\. 127\.0\.0\.1:\d+ is the Graph host of intune:graphEndpoint \(the test's\): check it, and the network path to it \(proxy, firewall\)\./,
            );
            assert.equal(emulator.graphRequests().length, 2);
        });

        const notRetried = [
            { status: 400, pattern: /400 BadRequest/ },
            { status: 403, pattern: /grant the app registration the Microsoft Graph application permission DeviceManagementApps\.ReadWrite\.All/ },
            { status: 409, pattern: /409 UnknownError/ },
        ];
        for (const c of notRetried) {
            it(`does not retry ${c.status}, and explains it`, async () => {
                emulator.script({ method: "PATCH", status: c.status, code: c.status === 400 ? "BadRequest" : undefined });
                const error = await failure(client().patchInstallSummary(APP, { installedDeviceCount: 1 }, new OperationStats()));
                assert.equal(error.status, c.status);
                assert.match(error.message, c.pattern);
                assert.match(error.message, /request-id [0-9a-f-]{36}, client-request-id [0-9a-f-]{36}/);
                assert.equal(emulator.graphRequests("PATCH").length, 1);
            });
        }
    });

    describe("an answer whose body is cut short (Content-Length larger than the body, then a stall)", () => {
        it("a 2xx PATCH counts as applied without its body and is not sent again, also when the request timeout fires during the body", async () => {
            emulator.script({ method: "PATCH", truncateBody: true });
            const answer = await client({ requestTimeoutMs: 300 }).patchInstallSummary(APP, { installedDeviceCount: 4 }, new OperationStats());
            assert.deepEqual([answer.status, answer.body], [200, undefined]);
            assert.equal(emulator.graphRequests("PATCH").length, 1, "sent once");
            assert.equal(emulator.counters(APP).installedDeviceCount, 4);
            assert.ok(
                logLines.some((l) => /the body of the 200 answer to PATCH .* did not arrive in full/.test(l)),
                logLines.join("\n"),
            );
        });

        it("a 2xx PATCH: the client stops waiting for the body soon after the headers, not after intune:requestTimeoutMs", async function () {
            this.timeout(15_000); // far below the request timeout: waiting for it would fail the test
            emulator.script({ method: "PATCH", truncateBody: true });
            const answer = await client({ requestTimeoutMs: 120_000 }).patchInstallSummary(APP, { installedDeviceCount: 5 }, new OperationStats());
            assert.deepEqual([answer.status, answer.body], [200, undefined]);
            assert.equal(emulator.graphRequests("PATCH").length, 1);
            const after = await client().getInstallSummary(APP, new OperationStats());
            assert.equal(after.body!.installedDeviceCount, 5, "the next request is served: the stalled connection was not reused");
        });

        it("an error answer is decided by its status: a 401 whose body stalls is not retried as if no answer had come", async () => {
            emulator.script({ method: "PATCH", truncateBody: true });
            const error = await failure(
                client({ requestTimeoutMs: 300, tokens: new StaticTokenSource("rejected-token") }).patchInstallSummary(
                    APP,
                    { installedDeviceCount: 4 },
                    new OperationStats(),
                ),
            );
            assert.equal(error.status, 401);
            assert.match(error.message, /failed: 401: a body that did not arrive in full\./);
            assert.equal(emulator.graphRequests("PATCH").length, 1);
        });

        it("a GET is asked again: it changes nothing, and its body is what it is for", async () => {
            emulator.script({ method: "GET", truncateBody: true });
            const answer = await client({ requestTimeoutMs: 300 }).getInstallSummary(APP, new OperationStats());
            assert.equal(answer.body!.installedDeviceCount, 3);
            assert.equal(emulator.graphRequests("GET").length, 2);
        });
    });

    describe("authentication", () => {
        it("a 401 with a fixed token is not retried and names the permission", async () => {
            const error = await failure(client({ tokens: new StaticTokenSource("wrong") }).getInstallSummary(APP, new OperationStats()));
            assert.equal(error.status, 401);
            assert.equal(error.code, "InvalidAuthenticationToken");
            assert.match(error.message, /DeviceManagementApps\.ReadWrite\.All/);
            assert.equal(emulator.graphRequests().length, 1);
        });

        it("a 401 from a renewable source renews the token once and retries", async () => {
            const issued = ["stale", TEST_TOKEN];
            let invalidated = 0;
            const tokens: TokenSource = {
                getToken: async () => issued[Math.min(invalidated, 1)],
                invalidate: () => (invalidated++, true),
            };
            const answer = await client({ tokens }).getInstallSummary(APP, new OperationStats());
            assert.equal(answer.status, 200);
            assert.deepEqual(
                emulator.graphRequests().map((r) => r.status),
                [401, 200],
            );
        });

        it("a sign-in failure becomes a GraphError of kind auth, before any request", async () => {
            const tokens: TokenSource = {
                getToken: async () => Promise.reject(new Error("Sign-in failed for tenant t (AADSTS7000215)")),
                invalidate: () => true,
            };
            const error = await failure(client({ tokens }).getInstallSummary(APP, new OperationStats()));
            assert.equal(error.kind, "auth");
            assert.match(error.message, /AADSTS7000215/);
            assert.equal(emulator.graphRequests().length, 0);
        });
    });

    describe("404 and 400 on installSummary", () => {
        it("an app that does not exist: appNotFound, saying so", async () => {
            const error = await failure(client().patchInstallSummary(OTHER, { installedDeviceCount: 1 }, new OperationStats()));
            assert.equal(error.kind, "appNotFound");
            assert.match(error.message, new RegExp(`No mobile app with id ${OTHER} exists in this tenant`));
            assert.deepEqual(
                emulator.graphRequests().map((r) => `${r.method} ${r.status}`),
                ["PATCH 404", "GET 404"],
            );
        });

        it("a 407 with no proxy configured: Graph's endpoint itself asked for proxy credentials, so the hint names HTTPS_PROXY", async () => {
            emulator.script({ method: "PATCH", status: 407, code: "ProxyAuthenticationRequired" });
            const error = await failure(client().patchInstallSummary(APP, { installedDeviceCount: 1 }, new OperationStats()));
            assert.equal(error.status, 407);
            assert.match(error.message, /failed: 407 ProxyAuthenticationRequired: .*set HTTPS_PROXY to http:\/\/user:password@host:port of that proxy\./);
        });

        it("another error of the summary (403) is what it is: no GET of the app to tell what it means", async () => {
            emulator.script({ method: "GET", status: 403, code: "Forbidden" });
            const error = await failure(client().getInstallSummary(APP, new OperationStats()));
            assert.equal(error.kind, "http");
            assert.equal(error.status, 403);
            assert.deepEqual(
                emulator.graphRequests().map((r) => `${r.method} ${r.status}`),
                ["GET 403"],
            );
        });

        it("when the GET of the app fails otherwise (403), the summary's own 404 is the error, not a guess", async () => {
            emulator.script({ method: "GET", status: 404, code: "ResourceNotFound" }, { method: "GET", status: 403, code: "Forbidden" });
            const error = await failure(client().getInstallSummary(APP, new OperationStats()));
            assert.equal(error.kind, "http");
            assert.equal(error.status, 404);
            assert.equal(error.code, "ResourceNotFound");
            assert.deepEqual(
                emulator.graphRequests().map((r) => `${r.method} ${r.status}`),
                ["GET 404", "GET 403"],
            );
        });

        for (const status of [404, 400]) {
            it(`an existing app whose summary answers ${status}: summaryUnavailable, not retried`, async () => {
                emulator.script({ method: "GET", status, code: "BadRequest" });
                const error = await failure(client().getInstallSummary(APP, new OperationStats()));
                assert.equal(error.kind, "summaryUnavailable");
                assert.equal(error.status, status);
                assert.match(error.message, /The app exists, but Graph does not serve its installSummary/);
                assert.deepEqual(
                    emulator.graphRequests().map((r) => `${r.method} ${r.status}`),
                    [`GET ${status}`, "GET 200"],
                );
            });
        }
    });

    describe("parseErrorBody: what an error answer's body says", () => {
        const answer = (text: string, contentType?: string, bodyLost = false): RawAnswer => ({
            status: 500,
            text,
            bodyLost,
            headers: { get: (name: string) => (name === "content-type" ? contentType : undefined) },
        });
        const cases: Array<{ name: string; answer: RawAnswer; parsed: ReturnType<typeof parseErrorBody> }> = [
            {
                name: "Graph's error: code, message and innerError's request-id",
                answer: answer(
                    JSON.stringify({ error: { code: "Throttled", message: "slow down", innerError: { "request-id": "rid-1" } } }),
                    "application/json",
                ),
                parsed: { code: "Throttled", message: "slow down", requestId: "rid-1" },
            },
            {
                name: "fields that are not strings are left out",
                answer: answer(JSON.stringify({ error: { code: 7, message: ["x"], innerError: { "request-id": 1 } } }), "application/json"),
                parsed: { code: undefined, message: undefined, requestId: undefined },
            },
            {
                name: "an error that is not an object is described by its type",
                answer: answer(JSON.stringify({ error: "oops" }), "application/json; charset=utf-8"),
                parsed: { message: "a body that is not a Graph error (application/json)" },
            },
            { name: "JSON null", answer: answer("null", "application/json"), parsed: { message: "a body that is not a Graph error (application/json)" } },
            {
                name: "HTML from a gateway",
                answer: answer("<html>bad gateway</html>", "text/html"),
                parsed: { message: "a body that is not a Graph error (text/html)" },
            },
            { name: "no content type", answer: answer("plain"), parsed: { message: "a body that is not a Graph error (no content type)" } },
            { name: "an empty body", answer: answer(""), parsed: { message: "an empty body" } },
            { name: "a body of white space", answer: answer(" \n", "text/plain"), parsed: { message: "an empty body" } },
            {
                name: "a body that did not arrive in full",
                answer: answer('{"error": {"co', "application/json", true),
                parsed: { message: "a body that did not arrive in full" },
            },
        ];
        for (const c of cases) {
            it(c.name, () => assert.deepEqual(parseErrorBody(c.answer), c.parsed));
        }
    });
});
