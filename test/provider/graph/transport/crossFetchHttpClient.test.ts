/** The cross-fetch transport against a real HTTP server on 127.0.0.1. */
import { strict as assert } from "node:assert";
import * as http from "node:http";
import type * as net from "node:net";
import { type PipelineRequest, createHttpHeaders, createPipelineRequest, isRestError } from "@azure/core-rest-pipeline";
import { ANSWER_BODY_LOST, REQUEST_TIMED_OUT, createCrossFetchHttpClient } from "../../../../provider/graph/transport/crossFetchHttpClient";

/** What the server does with a request, by its path. */
type Behaviour = "echo" | "hang" | "cut" | "stall";

/** A keep-alive agent that counts the connections it opens. */
class CountingAgent extends http.Agent {
    opened = 0;
    override createConnection(...args: Parameters<http.Agent["createConnection"]>): ReturnType<http.Agent["createConnection"]> {
        this.opened++;
        return (http.Agent.prototype as unknown as { createConnection: (...a: unknown[]) => net.Socket }).createConnection.apply(this, args);
    }
}

describe("provider/graph/transport/crossFetchHttpClient", () => {
    let server: http.Server;
    let base: string;
    let inFlight = 0;
    let peakInFlight = 0;
    const sockets = new Set<net.Socket>();

    before(async () => {
        server = http.createServer((req, res) => {
            inFlight++;
            peakInFlight = Math.max(peakInFlight, inFlight);
            res.on("close", () => inFlight--);
            const behaviour = req.url!.slice(1) as Behaviour;
            let body = "";
            req.on("data", (chunk: Buffer) => (body += chunk.toString()));
            req.on("end", () => {
                if (behaviour === "hang") {
                    return;
                }
                const text = JSON.stringify({ method: req.method, headers: req.rawHeaders, body });
                if (behaviour === "echo") {
                    setTimeout(() => res.writeHead(201, { "Content-Type": "application/json", "request-id": "rid-1" }).end(text), 20);
                    return;
                }
                // "cut" answers chunked: node-fetch 2 sees such a body end early ("Premature close"). A body
                // cut short of its Content-Length it never sees end: that one stalls, like "stall".
                const length = behaviour === "cut" ? {} : { "Content-Length": String(text.length) };
                res.writeHead(200, { "Content-Type": "application/json", ...length, "request-id": "rid-2" });
                res.write(text.slice(0, 10));
                if (behaviour === "cut") {
                    setTimeout(() => res.destroy(), 20);
                }
            });
        });
        server.on("connection", (socket) => (sockets.add(socket), socket.on("close", () => sockets.delete(socket))));
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    });
    after(async () => {
        sockets.forEach((s) => s.destroy());
        await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    /** A request to the server's `behaviour`; `overrides` are set after creation (createPipelineRequest does not take `agent`). */
    function request(behaviour: Behaviour, overrides: Partial<PipelineRequest> = {}): PipelineRequest {
        const created = createPipelineRequest({
            url: `${base}/${behaviour}`,
            method: "PATCH",
            headers: createHttpHeaders({ "Content-Type": "application/json", "client-request-id": "cr-1" }),
            body: '{"installedDeviceCount":1}',
            allowInsecureConnection: true,
            timeout: 2_000,
        });
        return Object.assign(created, overrides);
    }

    /** The RestError `promise` fails with. */
    async function restError(promise: Promise<unknown>) {
        const error: unknown = await promise.then(
            () => assert.fail("expected a failure"),
            (e: unknown) => e,
        );
        assert.ok(isRestError(error), String(error));
        return error;
    }

    it("sends the method, the headers as given and the body, through request.agent, and returns status, headers and body", async () => {
        const agent = new CountingAgent({ keepAlive: true });
        const client = createCrossFetchHttpClient({ maxInFlight: 4 });
        try {
            for (let i = 0; i < 3; i++) {
                const response = await client.sendRequest(request("echo", { agent }));
                assert.equal(response.status, 201);
                assert.equal(response.headers.get("request-id"), "rid-1");
                const seen = JSON.parse(response.bodyAsText!) as { method: string; headers: string[]; body: string };
                assert.equal(seen.method, "PATCH");
                assert.equal(seen.body, '{"installedDeviceCount":1}');
                assert.ok(seen.headers.includes("client-request-id") && seen.headers.includes("cr-1"), seen.headers.join(" "));
            }
            assert.equal(agent.opened, 1, "the agent's keep-alive connection served all three");
        } finally {
            agent.destroy();
        }
    });

    it(`no answer within request.timeout: ${REQUEST_TIMED_OUT}, without a response`, async () => {
        const error = await restError(createCrossFetchHttpClient({ maxInFlight: 4 }).sendRequest(request("hang", { timeout: 200 })));
        assert.equal(error.code, REQUEST_TIMED_OUT);
        assert.equal(error.response, undefined);
    });

    const lost = [
        { name: "the connection closes mid-body (request.timeout far off)", behaviour: "cut" as const, bodyWaitMs: undefined, timeout: 60_000 },
        { name: "the body stalls past request.timeout", behaviour: "stall" as const, bodyWaitMs: undefined, timeout: 300 },
        { name: "the body stalls past bodyWaitMs (request.timeout far off)", behaviour: "stall" as const, bodyWaitMs: 200, timeout: 60_000 },
    ];
    for (const c of lost) {
        it(`${c.name}: ${ANSWER_BODY_LOST}, with the response's status and headers`, async function () {
            this.timeout(10_000); // far below the 60 s request timeout of the cases that must end before it
            const asked: Array<[string, number]> = [];
            const client = createCrossFetchHttpClient({
                maxInFlight: 4,
                bodyWaitMs: c.bodyWaitMs === undefined ? undefined : (r, status) => (asked.push([r.method, status]), c.bodyWaitMs),
            });
            const error = await restError(client.sendRequest(request(c.behaviour, { timeout: c.timeout })));
            assert.equal(error.code, ANSWER_BODY_LOST);
            assert.equal(error.response?.status, 200);
            assert.equal(error.response?.headers.get("request-id"), "rid-2");
            assert.match(error.message, /^the body of the 200 answer to PATCH http:\/\/127\.0\.0\.1:\d+\/\w+ did not arrive in full: /);
            assert.deepEqual(asked, c.bodyWaitMs === undefined ? [] : [["PATCH", 200]]);
        });
    }

    const aborts = [
        { name: "already aborted when sent", behaviour: "echo" as const, abortAfterMs: undefined },
        { name: "before the answer", behaviour: "hang" as const, abortAfterMs: 100 },
        { name: "while the body is read", behaviour: "stall" as const, abortAfterMs: 100 },
    ];
    for (const { name, behaviour, abortAfterMs } of aborts) {
        it(`request.abortSignal, ${name}: aborted, with an AbortError the retry policy does not retry`, async () => {
            const controller = new AbortController();
            if (abortAfterMs === undefined) {
                controller.abort();
            } else {
                setTimeout(() => controller.abort(), abortAfterMs);
            }
            const error: unknown = await createCrossFetchHttpClient({ maxInFlight: 4 })
                .sendRequest(request(behaviour, { abortSignal: controller.signal, timeout: 5_000 }))
                .then(
                    () => assert.fail("expected a failure"),
                    (e: unknown) => e,
                );
            assert.equal((error as Error).name, "AbortError");
            assert.ok(!isRestError(error));
        });
    }

    it("an http URL without allowInsecureConnection: refused, nothing sent", async () => {
        peakInFlight = 0;
        const error = await restError(createCrossFetchHttpClient({ maxInFlight: 4 }).sendRequest(request("echo", { allowInsecureConnection: false })));
        assert.match(error.message, /Cannot connect to http:\/\/127\.0\.0\.1:\d+\/echo while allowInsecureConnection is false/);
        assert.equal(peakInFlight, 0);
    });

    it("a connection refused: the system error's code", async () => {
        const error = await restError(createCrossFetchHttpClient({ maxInFlight: 4 }).sendRequest(request("echo", { url: "http://127.0.0.1:9/echo" })));
        assert.equal(error.code, "ECONNREFUSED");
        assert.equal(error.response, undefined);
    });

    it("at most maxInFlight requests at once; the others wait for a slot, not in the agent", async () => {
        peakInFlight = 0;
        // The agent alone would open a socket for each: the limit is the transport's.
        const agent = new http.Agent({ keepAlive: true });
        try {
            const client = createCrossFetchHttpClient({ maxInFlight: 3 });
            const answers = await Promise.all(Array.from({ length: 12 }, () => client.sendRequest(request("echo", { agent }))));
            assert.deepEqual(new Set(answers.map((a) => a.status)), new Set([201]));
            assert.equal(peakInFlight, 3);
        } finally {
            agent.destroy();
        }
    });
});
