/**
 * The emulator's JSON batching over real HTTP: each sub-request answered as if sent alone (faults,
 * latency, budgets), recorded as such and marked with its batch; refusals in Graph's shape; 404
 * when batching is off.
 */
import { strict as assert } from "node:assert";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { APP, OTHER_APP, TOKEN, call, summaryPath } from "./support/http";

const BATCH = "/beta/$batch";
const get = (id: string, appId: string) => ({ id, method: "GET", url: `/deviceAppManagement/mobileApps/${appId}/installSummary` });

describe("emulator $batch", () => {
    let emulator: GraphEmulator;
    let url: string;

    beforeEach(async () => {
        emulator = new GraphEmulator({ tokens: [TOKEN] });
        url = await emulator.start();
        emulator.addApp(APP, { installedDeviceCount: 9 });
        emulator.addApp(OTHER_APP, { installedDeviceCount: 2 });
    });
    afterEach(() => emulator.stop());

    it("answers each sub-request as it would alone, and records each, marked with the batch", async () => {
        const answer = await call(url, BATCH, {
            method: "POST",
            body: {
                requests: [
                    get("1", APP),
                    get("2", OTHER_APP),
                    get("3", "0000dead-0000-4000-8000-000000000000"),
                    { id: "4", method: "GET", url: "/deviceAppManagement/mobileApps" },
                ],
            },
        });
        assert.equal(answer.status, 200, answer.text);
        const byId = new Map(
            (answer.json.responses as Array<{ id: string; status: number; body: Record<string, unknown>; headers: Record<string, string> }>).map((r) => [
                r.id,
                r,
            ]),
        );
        assert.deepEqual([byId.get("1")!.status, byId.get("1")!.body.installedDeviceCount], [200, 9]);
        assert.deepEqual([byId.get("2")!.status, byId.get("2")!.body.installedDeviceCount], [200, 2]);
        assert.equal(byId.get("3")!.status, 404);
        assert.equal((byId.get("3")!.body.error as { code: string }).code, "ResourceNotFound");
        assert.equal((byId.get("4")!.body.value as unknown[]).length, 2);
        assert.match(byId.get("1")!.headers["request-id"], /^[0-9a-f-]{36}$/);
        const batchId = answer.headers.get("request-id");
        assert.deepEqual(
            emulator.graphRequests().map((r) => [r.method, r.viaBatch === batchId]),
            Array(4).fill(["GET", true]),
        );
        assert.deepEqual(
            emulator.wireRequests().map((r) => [r.method, r.path, r.status]),
            [["POST", BATCH, 200]],
        );
    });

    it("counts each sub-request against the budgets: a spent write budget answers that sub-request 429 with Retry-After", async () => {
        emulator.behaviour = { ...emulator.behaviour, writesPerWindow: 1, writeWindowMs: 60_000 };
        const patch = (id: string) => ({
            id,
            method: "PATCH",
            url: `/deviceAppManagement/mobileApps/${APP}/installSummary`,
            headers: { "content-type": "application/json" },
            body: { installedDeviceCount: Number(id) },
        });
        const answer = await call(url, BATCH, { method: "POST", body: { requests: [patch("1"), patch("2")] } });
        const statuses = (answer.json.responses as Array<{ status: number; headers: Record<string, string> }>)
            .map((r) => [r.status, r.headers["retry-after"] ?? null])
            .sort();
        assert.deepEqual(statuses, [
            [204, null],
            [429, "60"],
        ]);
    });

    it("counts each GET sub-request against the read budget, and a refused GET spends none", async () => {
        emulator.behaviour = { ...emulator.behaviour, readsPerWindow: 3, readWindowMs: 60_000 };
        const answer = await call(url, BATCH, { method: "POST", body: { requests: [1, 2, 3, 4, 5].map((n) => get(String(n), APP)) } });
        const statuses = (answer.json.responses as Array<{ status: number }>).map((r) => r.status).sort();
        assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
        const alone = await call(url, summaryPath(APP));
        assert.deepEqual([alone.status, alone.json.error.code, alone.headers.get("retry-after")], [429, "TooManyRequests", "60"]);
        assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 1 } })).status, 204, "writes are not reads");
    });

    it("counts the client's connection, not the ones its sub-requests travel on", async () => {
        emulator.resetPeakConnections();
        const answer = await call(url, BATCH, { method: "POST", body: { requests: Array.from({ length: 20 }, (_, n) => get(String(n), APP)) } });
        assert.equal((answer.json.responses as unknown[]).length, 20);
        assert.equal(emulator.peakConnections, 1);
    });

    it("runs the sub-requests at once: a batch takes about one latency, not one per sub-request", async () => {
        emulator.behaviour.latencyMs = 300;
        const started = Date.now();
        const answer = await call(url, BATCH, { method: "POST", body: { requests: [1, 2, 3, 4, 5].map((n) => get(String(n), APP)) } });
        assert.equal(answer.status, 200);
        const ms = Date.now() - started;
        assert.ok(ms >= 290 && ms < 1_200, `${ms} ms`);
    });

    it("a sub-request whose connection a fault resets has no response; the others answer", async () => {
        emulator.script({ method: "GET", reset: true });
        const answer = await call(url, BATCH, { method: "POST", body: { requests: [get("1", APP), get("2", OTHER_APP)] } });
        assert.equal((answer.json.responses as unknown[]).length, 1);
    });

    it("a fault scripted for POST is the batch's own answer, and sends no sub-request", async () => {
        emulator.script({ method: "POST", status: 503, code: "ServiceUnavailable", headers: { "Retry-After": "2" } }, { status: 500 });
        const answer = await call(url, BATCH, { method: "POST", body: { requests: [get("1", APP)] } });
        assert.deepEqual([answer.status, answer.json.error.code, answer.headers.get("retry-after")], [503, "ServiceUnavailable", "2"]);
        assert.equal(emulator.graphRequests().length, 0);
        assert.equal(emulator.queuedFaults, 1, "a fault for any method is left to the GETs and PATCHes");
    });

    const refused: Array<[string, unknown, RegExp]> = [
        ["a body that is not JSON", "{", /not valid JSON/],
        ["no requests", { requests: [] }, /non-empty "requests" list/],
        ["more than 20", { requests: Array.from({ length: 21 }, (_, i) => get(String(i), APP)) }, /21 requests; at most 20/],
        ["a request without id", { requests: [{ method: "GET", url: "/x" }] }, /Request 0 of the batch has no id/],
        ["the same id twice", { requests: [get("1", APP), get("1", APP)] }, /'1' is used by more than one request/],
        ["an absolute url", { requests: [{ id: "1", method: "GET", url: "https://graph.microsoft.com/beta/x" }] }, /needs a url relative to the version/],
    ];
    for (const [name, body, message] of refused) {
        it(`refuses ${name} with 400, sending no sub-request`, async () => {
            const answer = await call(url, BATCH, { method: "POST", body });
            assert.equal(answer.status, 400);
            assert.equal(answer.json.error.code, "BadRequest");
            assert.match(answer.json.error.message, message);
            assert.equal(emulator.graphRequests().length, 0);
            assert.equal(emulator.wireRequests().length, 1);
        });
    }

    it("requires the token on the batch itself; answers 404 with serveBatch off, 405 for GET", async () => {
        assert.equal((await call(url, BATCH, { method: "POST", token: null, body: { requests: [get("1", APP)] } })).status, 401);
        assert.equal((await call(url, BATCH)).status, 405);
        emulator.behaviour.serveBatch = false;
        const off = await call(url, BATCH, { method: "POST", body: { requests: [get("1", APP)] } });
        assert.deepEqual([off.status, off.json.error.code], [404, "BadRequest"]);
        assert.equal((await call(url, summaryPath(APP))).status, 200, "single requests still work");
    });
});
