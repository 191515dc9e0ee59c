/**
 * Batched reads through the real Graph client against the emulator over HTTP: concurrent GETs in
 * batches of at most 20, each sub-response its own answer (a 429 waits its own Retry-After at the
 * gate, a failure fails only its call), the batch's own failure as each GET's, and the fallback to
 * single requests, said once, when Graph answers 404 to $batch.
 */
import { strict as assert } from "node:assert";
import { GraphEmulator } from "../../../../emulator/graphEmulator";
import type { GraphClient } from "../../../../provider/graph/client";
import { isGraphError } from "../../../../provider/graph/errors";
import { OperationStats } from "../../../../provider/graph/stats";
import { TEST_TOKEN } from "../../../support/fixtures";
import { testClient } from "../../../support/graphClient";

const id = (n: number) => `ba7c0000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const APPS = 45;

describe("provider/graph/transport/batchingHttpClient", () => {
    const emulator = new GraphEmulator({ tokens: [TEST_TOKEN] });
    let client: GraphClient;
    let lines: string[];

    before(async () => {
        await emulator.start();
        for (let n = 1; n <= APPS; n++) {
            emulator.addApp(id(n), { installedDeviceCount: n });
        }
    });
    beforeEach(() => {
        lines = [];
        client = testClient(emulator.baseUrl, lines, { batchWindowMs: 20, maxSockets: 4 });
        emulator.clearRequests();
        emulator.clearFaults();
        emulator.behaviour.serveBatch = true;
    });
    afterEach(() => client.close());
    after(() => emulator.stop());

    const readAll = (ids: string[], stats: OperationStats[] = ids.map(() => new OperationStats())) =>
        Promise.allSettled(ids.map((appId, i) => client.getInstallSummary(appId, stats[i])));
    const all = Array.from({ length: APPS }, (_, i) => id(i + 1));

    it("sends 45 concurrent GETs as the first alone, then batches of 20, 20 and 4, each answer its own, on the client's sockets", async () => {
        client.close();
        client = testClient(emulator.baseUrl, lines, { batchWindowMs: 20, maxSockets: 1 });
        await client.getInstallSummary(id(1), new OperationStats()); // a keep-alive socket to reuse
        emulator.clearRequests();
        emulator.resetPeakConnections();
        const results = await readAll(all);
        assert.equal(emulator.peakConnections, 1, "the batches went on the client's one keep-alive socket");
        assert.deepEqual(
            results.map((r) => (r.status === "fulfilled" ? r.value.body!.installedDeviceCount : r.reason)),
            all.map((_, i) => i + 1),
        );
        const [first, ...batches] = emulator.wireRequests();
        assert.equal(first.method, "GET", "nothing else was reading: sent at once");
        assert.deepEqual(
            batches.map((r) => [r.method, r.path]),
            Array(3).fill(["POST", "/beta/$batch"]),
        );
        assert.deepEqual(
            batches.map((r) => (JSON.parse(r.body!) as { requests: unknown[] }).requests.length).sort((a, b) => a - b),
            [4, 20, 20],
        );
        assert.equal(emulator.graphRequests("GET").length, APPS, "each sub-request once");
        const [sub] = emulator.graphRequests("GET");
        assert.equal(sub.authorization, `Bearer ${TEST_TOKEN}`, "the batch's token");
        assert.match(sub.clientRequestId ?? "", /^[0-9a-f-]{36}$/, "each sub-request keeps its client-request-id");
    });

    it("a GET while nothing else reads, a GET still alone when its window ends, and every PATCH go out as themselves", async () => {
        await client.getInstallSummary(id(1), new OperationStats());
        await client.patchInstallSummary(id(2), { installedDeviceCount: 2 }, new OperationStats());
        emulator.behaviour.latencyMs = 100;
        const started = Date.now();
        await readAll([id(3), id(4)]); // the second waits for company in vain, then goes alone
        emulator.behaviour.latencyMs = 0;
        assert.deepEqual(
            emulator.wireRequests().map((r) => r.method),
            ["GET", "PATCH", "GET", "GET"],
        );
        assert.ok(Date.now() - started < 400, "the window is short");
    });

    it("a 429 inside a batch waits its own Retry-After at the gate; the others answer at once", async () => {
        emulator.script({ method: "GET", status: 429, code: "TooManyRequests", headers: { "Retry-After": "1" } });
        const stats = all.slice(0, 10).map(() => new OperationStats());
        const started = Date.now();
        const results = await readAll(all.slice(0, 10), stats);
        assert.ok(results.every((r) => r.status === "fulfilled"));
        assert.deepEqual(stats.map((s) => s.retries).sort(), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        const throttled = stats.find((s) => s.retries === 1)!;
        assert.deepEqual(throttled.statuses, [429, 200]);
        assert.ok(Date.now() - started >= 950, "the retry waited for the Retry-After");
        assert.deepEqual(
            emulator.wireRequests().map((r) => r.method),
            ["GET", "POST", "GET"],
            "the first alone, the other 9 in a batch, then the retried GET alone",
        );
    });

    it("a sub-request the batch has no response for (its connection reset) is retried alone", async () => {
        emulator.script({ method: "GET", reset: true });
        const stats = [0, 1, 2].map(() => new OperationStats());
        const results = await readAll([id(1), id(2), id(3)], stats);
        assert.ok(results.every((r) => r.status === "fulfilled"));
        assert.deepEqual(stats.map((s) => s.retries).sort(), [0, 0, 1]);
    });

    it("a failed sub-request fails only its call", async () => {
        const results = await readAll([id(1), "0000dead-0000-4000-8000-000000000000", id(3)]);
        assert.deepEqual(
            results.map((r) => r.status),
            ["fulfilled", "rejected", "fulfilled"],
        );
        const failure = (results[1] as PromiseRejectedResult).reason;
        assert.ok(isGraphError(failure) && failure.kind === "appNotFound", String(failure));
    });

    it("a 503 to the batch itself is each GET's answer: each is retried, and all arrive", async () => {
        emulator.script({ method: "POST", status: 503, code: "ServiceUnavailable" });
        const stats = [0, 1, 2].map(() => new OperationStats());
        const results = await readAll([id(1), id(2), id(3)], stats);
        assert.ok(results.every((r) => r.status === "fulfilled"));
        // The first went alone (nothing else was reading); the other two in the batch.
        assert.deepEqual(
            stats.map((s) => s.statuses),
            [[200], [503, 200], [503, 200]],
        );
    });

    it("Graph answering 404 to $batch: the same GETs go one by one, said once, and later GETs too", async () => {
        emulator.behaviour.serveBatch = false;
        assert.ok((await readAll(all.slice(0, 5))).every((r) => r.status === "fulfilled"));
        assert.ok((await readAll(all.slice(5, 10))).every((r) => r.status === "fulfilled"));
        assert.deepEqual(
            emulator.wireRequests().map((r) => `${r.method} ${r.status}`),
            ["GET 200", "POST 404", ...Array(9).fill("GET 200")],
        );
        const said = lines.filter((l) => l.includes("JSON batching is not available"));
        assert.equal(said.length, 1);
        assert.match(
            said[0],
            /^intune: Graph answered 404 to POST http:\/\/127\.0\.0\.1:\d+\/beta\/\$batch: JSON batching is not available here, so reads are sent one by one from now on\.\n$/,
        );
    });
});
