/**
 * The batching transport on its own, over a fake inner transport that records what it is sent and
 * answers as each case says: what a batch request carries, how the batch's answer is split into
 * its GETs' answers (and what a malformed one becomes), the fallback when the batch itself is
 * refused, which requests are never batched, and when GETs stop and start waiting for a batch.
 * Through the real client and the emulator:
 * batchingHttpClient.test.ts.
 */
import { strict as assert } from "node:assert";
import { HttpClient, PipelineRequest, PipelineResponse, RestError, createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { BatchMode, createBatchingHttpClient, nextBatchMode } from "../../../../provider/graph/transport/batchingHttpClient";
import { createLogger } from "../../../../provider/log/log";

const ROOT = "https://graph.example/beta";
const TIMEOUTS_MS = [3000, 7000, 5000];

/** What the fake inner transport does with the batch request (`POST $batch`). */
type BatchAnswer = (request: PipelineRequest) => PipelineResponse | Promise<PipelineResponse>;

/**
 * Runs one batch of `TIMEOUTS_MS.length` GETs: the first GET, sent alone, is held until the others
 * queued behind it; they leave as one batch, which `answerBatch` answers. Every other request
 * (the first GET, GETs sent alone after a fallback) is answered 200 with its URL as the body.
 */
async function runBatch(answerBatch: BatchAnswer, options: { maxBatchSize?: number; gets?: number } = {}) {
    const sent: PipelineRequest[] = [];
    const lines: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const inner: HttpClient = {
        async sendRequest(request) {
            sent.push(request);
            if (request.method === "POST") {
                return answerBatch(request);
            }
            if (sent.length === 1) {
                await new Promise<void>((resolve) => (releaseFirst = resolve));
            }
            return { request, status: 200, headers: createHttpHeaders(), bodyAsText: request.url };
        },
    };
    const client = createBatchingHttpClient(inner, {
        root: ROOT,
        windowMs: 1,
        maxBatchSize: options.maxBatchSize,
        log: createLogger("info", undefined, (line) => lines.push(line)),
    });
    const first = client.sendRequest(get(0, 1000));
    const gets = Array.from({ length: options.gets ?? TIMEOUTS_MS.length }, (_, i) => get(i + 1, TIMEOUTS_MS[i % TIMEOUTS_MS.length]));
    const queued = gets.map((request) => client.sendRequest(request));
    const settled = await Promise.allSettled(queued);
    releaseFirst();
    await first;
    return { sent, lines, settled, client, gets };
}

function get(n: number, timeout: number): PipelineRequest {
    return createPipelineRequest({
        url: `${ROOT}/apps/${n}`,
        method: "GET",
        timeout,
        headers: createHttpHeaders({ authorization: "Bearer t0ken", "user-agent": "ua/1" }),
    });
}

function batchAnswer(request: PipelineRequest, status: number, body: unknown): PipelineResponse {
    return { request, status, headers: createHttpHeaders(), bodyAsText: typeof body === "string" ? body : JSON.stringify(body) };
}

/** The ids of the batch's sub-requests, "1" to "3", each answered by `sub(id)`. */
const everyId = (sub: (id: string) => unknown) => ({ responses: ["1", "2", "3"].map(sub) });

/** The sub-requests of a batch request, as the transport wrote its (string) body. */
function subRequests(batch: PipelineRequest): Array<{ id: string; method: string; url: string; headers: Record<string, string> }> {
    assert.equal(typeof batch.body, "string");
    return (JSON.parse(batch.body as string) as { requests: Array<{ id: string; method: string; url: string; headers: Record<string, string> }> }).requests;
}

/** A batch answered 200 with a 200 for each of its sub-requests. */
const allAnswered: BatchAnswer = (r) => batchAnswer(r, 200, { responses: subRequests(r).map(({ id }) => ({ id, status: 200 })) });

const answered = (s: PromiseSettledResult<PipelineResponse>): PipelineResponse => {
    if (s.status === "rejected") {
        assert.fail(String(s.reason));
    }
    return s.value;
};
const refused = (s: PromiseSettledResult<PipelineResponse>): RestError => {
    if (s.status === "fulfilled") {
        assert.fail("expected the GET to fail");
    }
    return s.reason as RestError;
};

describe("provider/graph/transport/batchingHttpClient with a fake inner transport", () => {
    it("the batch: POST {root}/$batch with the GETs' Authorization and User-Agent, ids from 1, relative URLs, each client-request-id, the longest timeout", async () => {
        const { sent, gets } = await runBatch((r) =>
            batchAnswer(
                r,
                200,
                everyId((id) => ({ id, status: 200, body: { id } })),
            ),
        );
        const batch = sent.find((r) => r.method === "POST")!;
        assert.equal(batch.url, `${ROOT}/$batch`);
        assert.deepEqual(
            ["accept", "content-type", "authorization", "user-agent"].map((h) => batch.headers.get(h)),
            ["application/json", "application/json", "Bearer t0ken", "ua/1"],
        );
        assert.equal(batch.timeout, Math.max(...TIMEOUTS_MS));
        const requests = subRequests(batch);
        assert.deepEqual(
            requests.map((r) => [r.id, r.method, r.url, r.headers.Accept]),
            [1, 2, 3].map((n) => [String(n), "GET", `/apps/${n}`, "application/json"]),
        );
        assert.deepEqual(
            requests.map((r) => r.headers["client-request-id"]),
            gets.map((r) => r.requestId),
            "each sub-request carries its GET's client-request-id",
        );
        assert.equal(sent.filter((r) => r.method === "GET").length, 1, "only the first GET went alone");
    });

    const subAnswers: Array<{ name: string; sub: unknown; status: number; body: string; headers?: Record<string, string | undefined> }> = [
        { name: "a JSON body is written back as text", sub: { status: 200, body: { a: 1 } }, status: 200, body: '{"a":1}' },
        { name: "a string body is kept as it is", sub: { status: 200, body: "plain" }, status: 200, body: "plain" },
        { name: "a null body is empty", sub: { status: 204, body: null }, status: 204, body: "" },
        { name: "no body is empty", sub: { status: 204 }, status: 204, body: "" },
        { name: "a status that is not a number is a 502", sub: { status: "200", body: "x" }, status: 502, body: "x" },
        {
            name: "string headers are kept, others dropped",
            sub: { status: 429, headers: { "Retry-After": "3", "x-n": 5 }, body: "" },
            status: 429,
            body: "",
            headers: { "retry-after": "3", "x-n": undefined },
        },
        {
            name: "headers that are not an object are none",
            sub: { status: 200, headers: "Retry-After: 3", body: "" },
            status: 200,
            body: "",
            headers: { "retry-after": undefined },
        },
        { name: "null headers are none", sub: { status: 200, headers: null, body: "" }, status: 200, body: "", headers: {} },
    ];
    for (const c of subAnswers) {
        it(`a sub-response: ${c.name}`, async () => {
            const { settled } = await runBatch((r) =>
                batchAnswer(
                    r,
                    200,
                    everyId((id) => ({ id, ...(c.sub as object) })),
                ),
            );
            for (const [i, s] of settled.entries()) {
                const response = answered(s);
                assert.equal(response.request.url, `${ROOT}/apps/${i + 1}`, "the answer is its own GET's");
                assert.deepEqual([response.status, response.bodyAsText], [c.status, c.body]);
                for (const [name, value] of Object.entries(c.headers ?? {})) {
                    assert.equal(response.headers.get(name), value, name);
                }
            }
        });
    }

    const malformed: Array<{ name: string; body: unknown; missing: number[] }> = [
        { name: "a body that is not JSON", body: "<html>", missing: [1, 2, 3] },
        { name: "no responses list", body: { responses: { id: "1" } }, missing: [1, 2, 3] },
        {
            name: "a response missing, and entries that are not objects",
            body: { responses: [null, 7, { id: "1", status: 200 }, { id: 3, status: 200 }] },
            missing: [2],
        },
    ];
    for (const c of malformed) {
        it(`a batch answered 200 with ${c.name}: each GET it has no response for fails as unsent, the others get theirs`, async () => {
            const { settled } = await runBatch((r) => batchAnswer(r, 200, c.body));
            settled.forEach((s, i) => {
                if (c.missing.includes(i + 1)) {
                    const error = refused(s);
                    assert.equal(error.code, RestError.REQUEST_SEND_ERROR);
                    assert.equal(error.request?.url, `${ROOT}/apps/${i + 1}`);
                    assert.match(error.message, new RegExp(`has no response for ${ROOT}/apps/${i + 1}$`));
                } else {
                    assert.equal(answered(s).status, 200);
                }
            });
        });
    }

    for (const status of [429, 503, 300, 199]) {
        it(`the batch itself answered ${status}: that is each GET's answer, with its own request`, async () => {
            const { settled, sent } = await runBatch((r) => batchAnswer(r, status, "{}"));
            settled.forEach((s, i) => {
                const response = answered(s);
                assert.equal(response.status, status);
                assert.equal(response.request.url, `${ROOT}/apps/${i + 1}`);
            });
            assert.equal(sent.length, 2, "the first GET and the batch; nothing sent alone");
        });
    }

    const refusedBatch: Array<{ name: string; answer: BatchAnswer }> = [
        ...[400, 404].map((status) => ({ name: `answered ${status}`, answer: (r: PipelineRequest) => batchAnswer(r, status, "{}") })),
        ...[400, 404].map((status) => ({
            name: `answered ${status} and its body lost (a RestError with the response)`,
            answer: (r: PipelineRequest): PipelineResponse => {
                throw new RestError("the body did not arrive in full", { statusCode: status, request: r, response: batchAnswer(r, status, "") });
            },
        })),
    ];
    for (const c of refusedBatch) {
        it(`the batch ${c.name}: batching is off from then on, said once, and these GETs and later ones go alone`, async () => {
            const { settled, sent, lines, client } = await runBatch(c.answer);
            settled.forEach((s, i) => assert.equal(answered(s).bodyAsText, `${ROOT}/apps/${i + 1}`));
            assert.deepEqual(
                sent.map((r) => r.method),
                ["GET", "POST", "GET", "GET", "GET"],
            );
            assert.equal(lines.filter((l) => /JSON batching is not available here/.test(l)).length, 1, lines.join("\n"));
            const later = await Promise.all([client.sendRequest(get(7, 1000)), client.sendRequest(get(8, 1000))]);
            assert.deepEqual(
                later.map((r) => r.bodyAsText),
                [`${ROOT}/apps/7`, `${ROOT}/apps/8`],
            );
            assert.equal(sent.filter((r) => r.method === "POST").length, 1, "no batch again");
        });
    }

    it("two batches refused at once: said once", async () => {
        const { settled, lines } = await runBatch((r) => batchAnswer(r, 404, "{}"), { maxBatchSize: 2, gets: 5 });
        settled.forEach((s) => assert.equal(answered(s).status, 200));
        assert.equal(lines.filter((l) => /JSON batching is not available here/.test(l)).length, 1, lines.join("\n"));
    });

    it("a batch that got no answer fails each GET with the same error, as its own (its request, the response's request)", async () => {
        const { settled } = await runBatch((r) => {
            throw new RestError("socket hang up", { code: RestError.REQUEST_SEND_ERROR, statusCode: 502, request: r, response: batchAnswer(r, 502, "") });
        });
        settled.forEach((s, i) => {
            const error = refused(s);
            assert.deepEqual([error.message, error.code, error.statusCode], ["socket hang up", RestError.REQUEST_SEND_ERROR, 502]);
            assert.equal(error.request?.url, `${ROOT}/apps/${i + 1}`);
            assert.equal(error.response?.request.url, `${ROOT}/apps/${i + 1}`);
        });
    });

    it("a failure that is not a RestError reaches each GET as it is", async () => {
        const failure = new TypeError("not a RestError");
        const { settled } = await runBatch(() => {
            throw failure;
        });
        settled.forEach((s) => assert.equal(refused(s), failure));
    });

    const sizes: Array<{ maxBatchSize?: number; gets: number; batches: number[] }> = [
        { gets: 25, batches: [20, 5] },
        { maxBatchSize: 50, gets: 25, batches: [20, 5] },
        { maxBatchSize: 2, gets: 5, batches: [2, 2] },
        { maxBatchSize: 0, gets: 3, batches: [] },
    ];
    for (const c of sizes) {
        it(`maxBatchSize ${c.maxBatchSize ?? "(default)"} with ${c.gets} GETs queued: batches of ${c.batches.join(", ") || "none, each alone"}`, async () => {
            const { sent, settled } = await runBatch(allAnswered, c);
            settled.forEach((s) => assert.equal(answered(s).status, 200));
            const batches = sent.filter((r) => r.method === "POST").map((r) => subRequests(r).length);
            assert.deepEqual(batches, c.batches);
            assert.equal(sent.length - batches.length, 1 + c.gets - batches.reduce((a, b) => a + b, 0), "the rest went alone");
        });
    }

    it("a GET outside the Graph root, and every PATCH, go out as themselves even while reads are in flight", async () => {
        const sent: PipelineRequest[] = [];
        let release: () => void = () => undefined;
        const inner: HttpClient = {
            async sendRequest(request) {
                sent.push(request);
                if (sent.length === 1) {
                    await new Promise<void>((resolve) => (release = resolve));
                }
                return { request, status: 200, headers: createHttpHeaders() };
            },
        };
        const client = createBatchingHttpClient(inner, { root: ROOT, windowMs: 1, log: createLogger("info", undefined, () => undefined) });
        const first = client.sendRequest(get(1, 1000));
        const outside = [2, 3].map((n) => createPipelineRequest({ url: `https://graph.example/betaX/apps/${n}`, method: "GET" }));
        const patch = createPipelineRequest({ url: `${ROOT}/apps/4`, method: "PATCH", body: "{}" });
        await Promise.all([...outside, patch].map((r) => client.sendRequest(r)));
        assert.deepEqual(
            sent.map((r) => `${r.method} ${r.url}`),
            [`GET ${ROOT}/apps/1`, "GET https://graph.example/betaX/apps/2", "GET https://graph.example/betaX/apps/3", `PATCH ${ROOT}/apps/4`],
        );
        release();
        await first;
    });

    describe("few reads go out at once, many wait for a batch", () => {
        const cases: Array<{ name: string; mode: BatchMode; event: Parameters<typeof nextBatchMode>[1]; after: BatchMode }> = [
            { name: "a window ends with less than half a batch: direct", mode: "batch", event: { kind: "windowEnded", size: 9 }, after: "direct" },
            { name: "a window ends with half a batch: batch", mode: "batch", event: { kind: "windowEnded", size: 10 }, after: "batch" },
            { name: "a window ends with half a batch while direct: batch", mode: "direct", event: { kind: "windowEnded", size: 10 }, after: "batch" },
            {
                name: "direct, a GET arrives with less than a batch under way: direct",
                mode: "direct",
                event: { kind: "arrived", underWay: 19 },
                after: "direct",
            },
            { name: "direct, a GET arrives with a batch's worth under way: batch", mode: "direct", event: { kind: "arrived", underWay: 20 }, after: "batch" },
            { name: "batch, a GET arrives with one under way: batch", mode: "batch", event: { kind: "arrived", underWay: 1 }, after: "batch" },
        ];
        for (const c of cases) {
            it(`nextBatchMode: ${c.name}`, () => assert.equal(nextBatchMode(c.mode, c.event, 20), c.after));
        }

        it("after a window of 3 GETs, later GETs go out at once as themselves, until 20 are under way: then they fill a batch again", async () => {
            const sent: PipelineRequest[] = [];
            const held: Array<() => void> = [];
            const inner: HttpClient = {
                async sendRequest(request) {
                    sent.push(request);
                    await new Promise<void>((resolve) => held.push(resolve));
                    const body = request.method === "POST" ? JSON.stringify({ responses: subRequests(request).map(({ id }) => ({ id, status: 200 })) }) : "";
                    return { request, status: 200, headers: createHttpHeaders(), bodyAsText: body };
                },
            };
            const client = createBatchingHttpClient(inner, { root: ROOT, windowMs: 1, log: createLogger("info", undefined, () => undefined) });
            const methods = () => sent.map((r) => (r.method === "POST" ? `POST ${subRequests(r).length}` : r.method));
            const answers = [client.sendRequest(get(0, 1000)), ...[1, 2, 3].map((n) => client.sendRequest(get(n, 1000)))];
            await new Promise((resolve) => setTimeout(resolve, 20));
            assert.deepEqual(methods(), ["GET", "POST 3"], "the first alone, then the window's batch of 3");

            // 4 under way: the next 15 go out at once, each as itself, with no window
            answers.push(...Array.from({ length: 15 }, (_, i) => client.sendRequest(get(10 + i, 1000))));
            assert.deepEqual(methods(), ["GET", "POST 3", ...Array(15).fill("GET")]);

            // the 20th under way waits again, and 19 more fill its batch at once
            answers.push(...Array.from({ length: 20 }, (_, i) => client.sendRequest(get(30 + i, 1000))));
            assert.deepEqual(methods(), ["GET", "POST 3", ...Array(15).fill("GET"), "POST 20"]);

            while (held.length < sent.length) {
                await new Promise((resolve) => setImmediate(resolve));
            }
            held.forEach((release) => release());
            assert.deepEqual(
                (await Promise.all(answers)).map((r) => r.status),
                answers.map(() => 200),
            );
        });
    });
});
