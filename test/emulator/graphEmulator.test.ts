/**
 * The Graph emulator over real HTTP on 127.0.0.1, driven with node's fetch as a client would:
 * the summary routes, Graph-shaped errors, every behaviour knob, scripted and random faults,
 * the admin API and request recording.
 */
import { strict as assert } from "node:assert";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { COUNTER_NAMES, INT32 } from "../../emulator/schema";
import { EmulatorOptions, GraphEmulator } from "../../emulator/graphEmulator";
import { InvalidEmulatorInput } from "../../emulator/validation";
import { APP, Answer, OTHER_APP, TOKEN, call, eventually, sleep, summaryPath, within } from "./support/http";

const GRAPH_ERROR_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

/** Asserts a Graph-shaped error answer with `status` and `code`, and its request ids. */
function assertGraphError(answer: Answer, status: number, code: string): void {
    assert.equal(answer.status, status, answer.text);
    assert.equal(answer.json?.error?.code, code, answer.text);
    assert.equal(typeof answer.json.error.message, "string");
    const requestId = answer.headers.get("request-id");
    assert.match(requestId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(answer.json.error.innerError["request-id"], requestId);
    assert.match(answer.json.error.innerError.date, GRAPH_ERROR_DATE);
}

describe("GraphEmulator", () => {
    let emulator: GraphEmulator;
    let url: string;

    async function startWith(options: EmulatorOptions = {}): Promise<void> {
        await emulator?.stop();
        emulator = new GraphEmulator({ tokens: [TOKEN], ...options });
        url = await emulator.start();
        emulator.addApp(APP, { installedDeviceCount: 9, failedDeviceCount: 3 }, "Teams");
    }

    beforeEach(() => startWith());
    afterEach(() => emulator.stop());

    describe("summary routes", () => {
        it("listens on 127.0.0.1 with a free port and answers GET with the entity", async () => {
            assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
            assert.notEqual(url, "http://127.0.0.1:0");
            const answer = await call(url, summaryPath(APP));
            assert.equal(answer.status, 200);
            assert.match(answer.headers.get("content-type") ?? "", /application\/json/);
            assert.equal(answer.json["@odata.type"], "#microsoft.graph.mobileAppInstallSummary");
            assert.match(answer.json["@odata.context"], /installSummary\/\$entity$/);
            assert.equal(answer.json.id, emulator.apps.get(APP)!.summaryId);
            assert.deepEqual(
                COUNTER_NAMES.map((n) => answer.json[n]),
                COUNTER_NAMES.map((n) => (n === "installedDeviceCount" ? 9 : n === "failedDeviceCount" ? 3 : 0)),
            );
        });

        it("serves /v1.0 too, app ids in any case, and the app itself", async () => {
            assert.equal((await call(url, summaryPath(APP, "v1.0"))).status, 200);
            assert.equal((await call(url, summaryPath(APP.toUpperCase()))).json.installedDeviceCount, 9);
            const app = await call(url, `/beta/deviceAppManagement/mobileApps/${APP}?$select=id`);
            assert.equal(app.status, 200);
            assert.deepEqual([app.json.id, app.json.displayName], [APP, "Teams"]);
        });

        it("PATCH answers 204 with no body by default, and GET then shows the new values", async () => {
            const patch = await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 4, notInstalledUserCount: 5 } });
            assert.equal(patch.status, 204);
            assert.equal(patch.text, "");
            assert.equal(patch.headers.get("content-type"), null);
            const get = await call(url, summaryPath(APP));
            assert.deepEqual([get.json.installedDeviceCount, get.json.failedDeviceCount, get.json.notInstalledUserCount], [4, 3, 5]);
            assert.equal(emulator.counters(APP).installedDeviceCount, 4);
        });

        it("PATCH answers 200 with the updated entity when patchStatus is 200", async () => {
            await startWith({ behaviour: { patchStatus: 200 } });
            const patch = await call(url, summaryPath(APP), { method: "PATCH", body: { failedUserCount: 15 } });
            assert.equal(patch.status, 200);
            assert.equal(patch.json.failedUserCount, 15);
            assert.equal(patch.json.installedDeviceCount, 9);
            assert.equal(patch.json["@odata.type"], "#microsoft.graph.mobileAppInstallSummary");
        });

        it("GET wraps the entity in value when getShape is wrapped", async () => {
            await startWith({ behaviour: { getShape: "wrapped" } });
            const answer = await call(url, summaryPath(APP));
            assert.equal(answer.status, 200);
            assert.deepEqual(Object.keys(answer.json).sort(), ["@odata.context", "value"]);
            assert.equal(answer.json.value.installedDeviceCount, 9);
            assert.equal(answer.json.value.id, emulator.apps.get(APP)!.summaryId);
        });
    });

    describe("errors in Graph's shape", () => {
        it("requires a bearer token: none, an unknown one or another scheme answer 401", async () => {
            const attempts: Array<Record<string, string>> = [{}, { Authorization: "Bearer wrong" }, { Authorization: `Basic ${TOKEN}` }];
            for (const headers of attempts) {
                const answer = await call(url, summaryPath(APP), { token: null, headers });
                assertGraphError(answer, 401, "InvalidAuthenticationToken");
                assert.match(answer.headers.get("www-authenticate") ?? "", /^Bearer error="invalid_token"/);
            }
            assert.equal(emulator.counters(APP).installedDeviceCount, 9);
        });

        it("echoes client-request-id in the header and the error body", async () => {
            const id = "6a0d3f9e-1111-4222-8333-444455556666";
            const answer = await call(url, summaryPath(APP), { token: null, headers: { "client-request-id": id } });
            assert.equal(answer.headers.get("client-request-id"), id);
            assert.equal(answer.json.error.innerError["client-request-id"], id);
        });

        it("answers 404 ResourceNotFound for an unknown app, on the summary and on the app", async () => {
            assertGraphError(await call(url, summaryPath(OTHER_APP)), 404, "ResourceNotFound");
            assertGraphError(await call(url, summaryPath(OTHER_APP), { method: "PATCH", body: { installedDeviceCount: 1 } }), 404, "ResourceNotFound");
            assertGraphError(await call(url, `/beta/deviceAppManagement/mobileApps/${OTHER_APP}`), 404, "ResourceNotFound");
        });

        it("answers 404 on a retired summary while the app itself still exists", async () => {
            emulator.apps.get(APP)!.summaryRetired = true;
            const answer = await call(url, summaryPath(APP));
            assertGraphError(answer, 404, "BadRequest");
            assert.match(answer.json.error.message, /installSummary/);
            assertGraphError(await call(url, summaryPath(APP), { method: "PATCH", body: {} }), 404, "BadRequest");
            assert.equal((await call(url, `/beta/deviceAppManagement/mobileApps/${APP}`)).status, 200);
        });

        it("answers 400 for other paths, including a malformed percent-encoding, without crashing", async () => {
            assertGraphError(await call(url, "/beta/deviceAppManagement/managedDevices"), 400, "BadRequest");
            assertGraphError(await call(url, summaryPath("%E0%A4%A")), 400, "BadRequest");
            assert.equal((await call(url, summaryPath(APP))).status, 200);
        });

        it("answers 405 for methods it does not emulate", async () => {
            assertGraphError(await call(url, summaryPath(APP), { method: "DELETE" }), 405, "MethodNotAllowed");
            assertGraphError(await call(url, `/beta/deviceAppManagement/mobileApps/${APP}`, { method: "PATCH", body: {} }), 405, "MethodNotAllowed");
        });

        it("validates PATCH bodies as Graph does and changes nothing on a refusal", async () => {
            const cases: Array<[unknown, RegExp]> = [
                [{ installedDeviceCnt: 1 }, /Invalid property 'installedDeviceCnt'/],
                [{ installedDeviceCount: 1.5 }, /Edm\.Int32.*installedDeviceCount/],
                [{ installedDeviceCount: "4" }, /Edm\.Int32/],
                [{ installedDeviceCount: -1 }, /Edm\.Int32/],
                [{ installedDeviceCount: INT32.max + 1 }, /Edm\.Int32/],
                [{ installedDeviceCount: null }, /Edm\.Int32/],
                ["{not json", /not valid JSON/],
                ["[1]", /JSON object/],
            ];
            for (const [body, message] of cases) {
                const answer = await call(url, summaryPath(APP), { method: "PATCH", body });
                assertGraphError(answer, 400, "BadRequest");
                assert.match(answer.json.error.message, message, JSON.stringify(body));
            }
            assert.deepEqual([emulator.counters(APP).installedDeviceCount, emulator.counters(APP).failedDeviceCount], [9, 3]);
        });

        it("accepts id and @odata annotations in a PATCH body, and the largest Int32", async () => {
            const answer = await call(url, summaryPath(APP), {
                method: "PATCH",
                body: { "@odata.type": "#microsoft.graph.mobileAppInstallSummary", id: "ignored", installedDeviceCount: INT32.max },
            });
            assert.equal(answer.status, 204);
            assert.equal(emulator.counters(APP).installedDeviceCount, INT32.max);
        });

        it("refuses unknown or invalid behaviour knobs at construction", () => {
            assert.throws(() => new GraphEmulator({ behaviour: { patchStatus: 201 as 204 } }), InvalidEmulatorInput);
            assert.throws(() => new GraphEmulator({ behaviour: { latncyMs: 5 } as never }), /unknown property 'latncyMs' \(did you mean 'latencyMs'\?\)/);
            assert.throws(() => new GraphEmulator({ behaviour: { serverErrorRate: 2 } }), /serverErrorRate: 2 is not allowed; use a number 0\.\.1/);
            assert.doesNotThrow(() => new GraphEmulator({ behaviour: { latencyMs: undefined } }));
        });
    });

    describe("behaviour knobs", () => {
        it("latencyMs delays every answer", async () => {
            await startWith({ behaviour: { latencyMs: 250 } });
            const started = Date.now();
            assert.equal((await call(url, summaryPath(APP))).status, 200);
            assert.ok(Date.now() - started >= 240, `answered after ${Date.now() - started} ms`);
        });

        for (const format of ["seconds", "date", "none"] as const) {
            it(`a spent write budget answers PATCH 429 TooManyRequests with Retry-After as ${format}`, async () => {
                await startWith({ behaviour: { writesPerWindow: 2, writeWindowMs: 10_000, retryAfterFormat: format } });
                for (let i = 0; i < 2; i++) {
                    assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: i } })).status, 204);
                }
                const throttled = await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 7 } });
                assertGraphError(throttled, 429, "TooManyRequests");
                const retryAfter = throttled.headers.get("retry-after");
                if (format === "seconds") {
                    assert.match(retryAfter ?? "", /^\d+$/);
                    assert.ok(Number(retryAfter) >= 9 && Number(retryAfter) <= 10, `Retry-After ${retryAfter}`);
                } else if (format === "date") {
                    assert.match(retryAfter ?? "", /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
                    const waitMs = Date.parse(retryAfter!) - Date.now();
                    assert.ok(waitMs >= 9_000 && waitMs <= 12_000, `Retry-After ${retryAfter} is ${waitMs} ms away`);
                } else {
                    assert.equal(retryAfter, null);
                }
                assert.equal(emulator.counters(APP).installedDeviceCount, 1, "the throttled write was not applied");
                assert.equal((await call(url, summaryPath(APP))).status, 200, "reads are not throttled");
            });
        }

        it("the write budget frees up when its window has passed", async () => {
            await startWith({ behaviour: { writesPerWindow: 1, writeWindowMs: 300 } });
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 1 } })).status, 204);
            const throttled = await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 2 } });
            assert.equal(throttled.status, 429);
            assert.equal(throttled.headers.get("retry-after"), "1");
            await sleep(350);
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 3 } })).status, 204);
            assert.equal(emulator.counters(APP).installedDeviceCount, 3);
        });

        it("appWritesPerWindow: each calling app (bearer token) has a budget of its own, and all share the tenant's", async () => {
            const apps = ["app-one", "app-two", "app-three", "app-four"];
            await startWith({ tokens: apps, behaviour: { writesPerWindow: 3, appWritesPerWindow: 1, writeWindowMs: 60_000 } });
            const patch = async (token: string) => (await call(url, summaryPath(APP), { method: "PATCH", token, body: { installedDeviceCount: 1 } })).status;
            assert.deepEqual(
                [await patch("app-one"), await patch("app-one"), await patch("app-two"), await patch("app-three"), await patch("app-four")],
                [204, 429, 204, 204, 429],
                "one write per app, three for the tenant",
            );
        });

        it("dropAfterWrites: after that many writes the tenant's budget drops to droppedWritesPerWindow, the writes made still in the window", async () => {
            await startWith({ behaviour: { writesPerWindow: 3, writeWindowMs: 60_000, dropAfterWrites: 2, droppedWritesPerWindow: 1 } });
            const statuses: number[] = [];
            for (let i = 0; i < 3; i++) {
                statuses.push((await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: i } })).status);
            }
            assert.deepEqual(statuses, [204, 204, 429]);
        });

        it("a budget knob changed through the admin API starts the budgets afresh; another knob does not", async () => {
            await startWith({ behaviour: { writesPerWindow: 1, writeWindowMs: 60_000 } });
            const patch = async () => (await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 1 } })).status;
            assert.deepEqual([await patch(), await patch()], [204, 429]);
            assert.equal((await call(url, "/_emulator/behaviour", { method: "PATCH", token: null, body: { latencyMs: 0 } })).status, 200);
            assert.equal(await patch(), 429);
            assert.equal((await call(url, "/_emulator/behaviour", { method: "PATCH", token: null, body: { writeWindow: "fixed" } })).status, 200);
            assert.deepEqual([await patch(), await patch()], [204, 429]);
        });

        it("the budget shape knobs are checked: writeWindow is sliding or fixed", async () => {
            const answer = await call(url, "/_emulator/behaviour", { method: "PATCH", token: null, body: { writeWindow: "rolling" } });
            assert.equal(answer.status, 400);
            assert.match(answer.json.error, /writeWindow: "rolling" is not allowed; use one of "sliding", "fixed"/);
        });

        it("a PATCH refused for its body still spends the write budget", async () => {
            await startWith({ behaviour: { writesPerWindow: 1, writeWindowMs: 60_000 } });
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCnt: 1 } })).status, 400);
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 1 } })).status, 429);
        });

        it("ignoreWrites accepts a PATCH and keeps the old values", async () => {
            await startWith({ behaviour: { ignoreWrites: true } });
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 1 } })).status, 204);
            assert.equal((await call(url, summaryPath(APP))).json.installedDeviceCount, 9);
        });

        it("applyDelayMs makes a PATCH visible to GET only after the delay", async () => {
            await startWith({ behaviour: { applyDelayMs: 400 } });
            const patchedAt = Date.now();
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: { installedDeviceCount: 1 } })).status, 204);
            assert.equal((await call(url, summaryPath(APP))).json.installedDeviceCount, 9, "not visible yet");
            const seen = await eventually(
                async () => ((await call(url, summaryPath(APP))).json.installedDeviceCount === 1 ? Date.now() : undefined),
                "applied write",
                40,
                50,
            );
            assert.ok(seen - patchedAt >= 390, `visible after ${seen - patchedAt} ms`);
        });

        it("knobs change while it runs, in-process and over the admin API", async () => {
            emulator.behaviour.patchStatus = 200;
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: {} })).status, 200);
            const changed = await call(url, "/_emulator/behaviour", { method: "PATCH", body: { patchStatus: 204, getShape: "wrapped" } });
            assert.equal(changed.status, 200);
            assert.equal(changed.json.getShape, "wrapped");
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: {} })).status, 204);
            assert.ok((await call(url, summaryPath(APP))).json.value);
        });
    });

    describe("scripted faults", () => {
        it("answers a status with a Graph error body and the given headers, then returns to normal", async () => {
            emulator.script({ status: 503, code: "ServiceUnavailable", headers: { "Retry-After": "2" } });
            const fault = await call(url, summaryPath(APP));
            assertGraphError(fault, 503, "ServiceUnavailable");
            assert.equal(fault.headers.get("retry-after"), "2");
            assert.equal((await call(url, summaryPath(APP))).status, 200);
        });

        it("answers a raw HTML body as given (a gateway page)", async () => {
            emulator.script({ status: 502, body: "<html><body>Bad Gateway</body></html>", contentType: "text/html" });
            const fault = await call(url, summaryPath(APP));
            assert.equal(fault.status, 502);
            assert.equal(fault.headers.get("content-type"), "text/html");
            assert.equal(fault.text, "<html><body>Bad Gateway</body></html>");
            assert.ok(fault.headers.get("request-id"));
        });

        it("matches by method, counts times, and applies before the token check", async () => {
            emulator.script({ method: "PATCH", status: 500, times: 2 });
            assert.equal((await call(url, summaryPath(APP))).status, 200, "GET is not matched");
            assert.equal(emulator.queuedFaults, 2);
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: {} })).status, 500);
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: {}, token: "wrong" })).status, 500);
            assert.equal((await call(url, summaryPath(APP), { method: "PATCH", body: {} })).status, 204);
            assert.equal(emulator.queuedFaults, 0);
        });

        it("echoAuthorization repeats the request's Authorization header in the error's message and request-id header", async () => {
            emulator.script({ status: 403, code: "Forbidden", echoAuthorization: true });
            const answer = await call(url, summaryPath(APP));
            assert.equal(answer.status, 403);
            assert.equal(answer.json.error.message, `Scripted fault: 403. Authorization: Bearer ${TOKEN}`);
            assert.equal(answer.headers.get("request-id"), `Bearer ${TOKEN}`);
        });

        it("resets the connection", async () => {
            emulator.script({ reset: true });
            await assert.rejects(call(url, summaryPath(APP)), /fetch failed/);
            assert.equal(emulator.graphRequests().at(-1)!.status, "reset");
            assert.equal((await call(url, summaryPath(APP))).status, 200);
        });

        it("hangs until the client gives up", async () => {
            emulator.script({ hang: true });
            await assert.rejects(call(url, summaryPath(APP), { timeoutMs: 300 }), (e: Error) => e.name === "TimeoutError");
            assert.equal(emulator.graphRequests().at(-1)!.status, "hang");
        });

        const truncated = [
            { name: "a PATCH: applied, answered 200 with the entity", method: "PATCH", body: '{"installedDeviceCount":4}', applied: 4 },
            { name: "a GET: the entity", method: "GET", body: undefined, applied: 9 },
        ];
        for (const c of truncated) {
            it(`truncateBody, ${c.name}: Content-Length counts the whole body, half of it arrives, then the connection stalls`, async () => {
                emulator.script({ method: c.method as "GET" | "PATCH", truncateBody: true });
                const port = Number(new URL(url).port);
                const answer = await new Promise<{ status: number; length: number; received: string }>((resolve, reject) => {
                    const req = http.request(
                        {
                            host: "127.0.0.1",
                            port,
                            path: summaryPath(APP),
                            method: c.method,
                            headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
                        },
                        (res) => {
                            let received = "";
                            res.on("data", (chunk: Buffer) => (received += chunk.toString()));
                            // The rest never comes: what arrived within 300 ms is all there is.
                            setTimeout(() => {
                                resolve({ status: res.statusCode!, length: Number(res.headers["content-length"]), received });
                                req.destroy();
                            }, 300);
                        },
                    );
                    req.on("error", (error) => (error.message === "socket hang up" ? undefined : reject(error)));
                    req.end(c.body);
                });
                assert.equal(answer.status, 200);
                assert.ok(answer.received.length > 0 && answer.received.length < answer.length, `${answer.received.length} of ${answer.length} bytes`);
                assert.ok(answer.received.startsWith('{"@odata.context"'));
                assert.equal(emulator.graphRequests().at(-1)!.status, 200);
                assert.equal(emulator.counters(APP).installedDeviceCount, c.applied);
                assert.equal((await call(url, summaryPath(APP))).status, 200, "the fault was used once");
            });
        }

        it("stop() closes hung connections, so neither the client nor stop waits forever", async () => {
            emulator.script({ hang: true }, { hang: true });
            const settled = (p: Promise<Answer>): Promise<Answer | Error> => p.catch((e: Error) => e);
            const hung = [
                settled(call(url, summaryPath(APP), { timeoutMs: 60_000 })),
                settled(call(url, summaryPath(APP), { method: "PATCH", body: {}, timeoutMs: 60_000 })),
            ];
            await eventually(
                async () => (emulator.graphRequests().filter((r) => r.status === "hang").length === 2 ? true : undefined),
                "both requests hung",
                50,
                20,
            );
            await within(emulator.stop(), 2_000, "stop()");
            for (const outcome of await within(Promise.all(hung), 2_000, "the hung requests")) {
                assert.ok(outcome instanceof Error, "a hung request was answered");
                assert.match(outcome.message, /fetch failed/);
            }
        });

        it("clearFaults drops queued faults; clearRequests keeps them", async () => {
            emulator.script({ status: 500 });
            emulator.clearRequests();
            assert.equal(emulator.queuedFaults, 1);
            emulator.clearFaults();
            assert.equal((await call(url, summaryPath(APP))).status, 200);
        });
    });

    describe("random faults with a seed", () => {
        async function statuses(options: EmulatorOptions, n: number): Promise<Array<number | string>> {
            await startWith(options);
            const out: Array<number | string> = [];
            for (let i = 0; i < n; i++) {
                out.push(
                    await call(url, summaryPath(APP)).then(
                        (a) => a.status,
                        () => "reset",
                    ),
                );
            }
            return out;
        }

        it("serverErrorRate answers that share of requests 503, the same ones for the same seed", async () => {
            const first = await statuses({ seed: 42, behaviour: { serverErrorRate: 0.5 } }, 40);
            const again = await statuses({ seed: 42, behaviour: { serverErrorRate: 0.5 } }, 40);
            const other = await statuses({ seed: 43, behaviour: { serverErrorRate: 0.5 } }, 40);
            assert.deepEqual(again, first);
            assert.notDeepEqual(other, first);
            const errors = first.filter((s) => s === 503).length;
            assert.ok(errors >= 8 && errors <= 32, `${errors} of 40 answered 503`);
            assert.deepEqual(new Set(first), new Set([200, 503]));
            assert.ok((await statuses({ behaviour: { serverErrorRate: 1 } }, 5)).every((s) => s === 503));
            assert.ok((await statuses({ behaviour: { serverErrorRate: 0 } }, 20)).every((s) => s === 200));
        });

        it("a random 503 is Graph-shaped", async () => {
            await startWith({ behaviour: { serverErrorRate: 1 } });
            const answer = await call(url, summaryPath(APP));
            assertGraphError(answer, 503, "ServiceUnavailable");
            assert.equal(answer.headers.get("retry-after"), null);
        });

        it("resetRate resets that share of connections, the same ones for the same seed", async () => {
            const first = await statuses({ seed: 7, behaviour: { resetRate: 0.5 } }, 30);
            const again = await statuses({ seed: 7, behaviour: { resetRate: 0.5 } }, 30);
            assert.deepEqual(again, first);
            const resets = first.filter((s) => s === "reset").length;
            assert.ok(resets >= 5 && resets <= 25, `${resets} of 30 reset`);
            assert.equal(emulator.graphRequests().filter((r) => r.status === "reset").length, resets);
            assert.ok((await statuses({ behaviour: { resetRate: 1 } }, 5)).every((s) => s === "reset"));
        });
    });

    describe("apps", () => {
        it("deleteApp makes every later request for the app answer 404", async () => {
            emulator.deleteApp(APP.toUpperCase());
            assertGraphError(await call(url, summaryPath(APP)), 404, "ResourceNotFound");
            assertGraphError(await call(url, `/beta/deviceAppManagement/mobileApps/${APP}`), 404, "ResourceNotFound");
        });

        it("setCounters changes values behind the client's back", async () => {
            emulator.setCounters(APP, { installedDeviceCount: 1 });
            assert.equal((await call(url, summaryPath(APP))).json.installedDeviceCount, 1);
            assert.throws(() => emulator.setCounters(OTHER_APP, {}), /no app/);
        });

        it("seedApp adds an app with a retired summary", async () => {
            emulator.seedApp({ id: OTHER_APP.toUpperCase(), displayName: "Old", counters: { failedUserCount: 2 }, summaryRetired: true });
            assert.equal((await call(url, summaryPath(OTHER_APP))).status, 404);
            assert.equal((await call(url, `/beta/deviceAppManagement/mobileApps/${OTHER_APP}`)).json.displayName, "Old");
        });
    });

    describe("admin API", () => {
        it("GET /_emulator/state shows behaviour, queued faults and apps, without a token", async () => {
            emulator.script({ status: 500, times: 3 });
            const state = await call(url, "/_emulator/state", { token: null });
            assert.equal(state.status, 200);
            assert.equal(state.json.behaviour.patchStatus, 204);
            assert.equal(state.json.queuedFaults, 3);
            assert.deepEqual(
                state.json.apps.map((a: { id: string; displayName: string; counters: Record<string, number>; summaryRetired: boolean }) => [
                    a.id,
                    a.displayName,
                    a.counters.installedDeviceCount,
                    a.summaryRetired,
                ]),
                [[APP, "Teams", 9, false]],
            );
        });

        it("PATCH /_emulator/behaviour refuses unknown knobs and bad values with 400 naming them", async () => {
            const unknown = await call(url, "/_emulator/behaviour", { method: "PATCH", body: { patchStatuss: 200 } });
            assert.equal(unknown.status, 400);
            assert.match(unknown.json.error, /unknown property 'patchStatuss' \(did you mean 'patchStatus'\?\)/);
            const bad = await call(url, "/_emulator/behaviour", { method: "PATCH", body: { patchStatus: 201 } });
            assert.equal(bad.status, 400);
            assert.match(bad.json.error, /behaviour\.patchStatus: 201 is not allowed; use one of 200, 204/);
            const notJson = await call(url, "/_emulator/behaviour", { method: "PATCH", body: "{" });
            assert.equal(notJson.status, 400);
            assert.match(notJson.json.error, /not valid JSON/);
            assert.equal(emulator.behaviour.patchStatus, 204);
        });

        it("POST /_emulator/faults queues one or a list; DELETE drops them; bad faults answer 400", async () => {
            assert.deepEqual((await call(url, "/_emulator/faults", { method: "POST", body: { status: 503, code: "ServiceUnavailable" } })).json, { queued: 1 });
            assert.deepEqual((await call(url, "/_emulator/faults", { method: "POST", body: [{ reset: true }, { status: 429, times: 2 }] })).json, {
                queued: 4,
            });
            assertGraphError(await call(url, summaryPath(APP)), 503, "ServiceUnavailable");
            await assert.rejects(call(url, summaryPath(APP)));
            assert.equal((await call(url, summaryPath(APP))).status, 429);
            assert.deepEqual((await call(url, "/_emulator/faults", { method: "DELETE" })).json, { queued: 0 });
            assert.equal((await call(url, summaryPath(APP))).status, 200);
            for (const [fault, message] of [
                [{ status: 99 }, /fault\.status: 99 is not allowed/],
                [{ method: "DELETE" }, /fault\.method/],
                [[{ reset: true, hang: true }], /fault\[0\]: reset and hang exclude each other/],
                [{ stauts: 500 }, /did you mean 'status'/],
                [{ truncateBody: true, status: 500 }, /fault: truncateBody cuts the usual answer short, so it excludes status\./],
                [{ echoAuthorization: true, body: "x" }, /fault: echoAuthorization repeats the header in a generated Graph error/],
            ] as const) {
                const answer = await call(url, "/_emulator/faults", { method: "POST", body: fault });
                assert.equal(answer.status, 400);
                assert.match(answer.json.error, message);
            }
            assert.equal(emulator.queuedFaults, 0);
        });

        it("PUT /_emulator/apps/{id} adds or resets an app; bad input answers 400", async () => {
            const put = await call(url, `/_emulator/apps/${OTHER_APP}`, {
                method: "PUT",
                body: { displayName: "Outlook", counters: { notInstalledUserCount: 5 } },
            });
            assert.equal(put.status, 200);
            assert.deepEqual(
                [put.json.id, put.json.displayName, put.json.counters.notInstalledUserCount, put.json.summaryRetired],
                [OTHER_APP, "Outlook", 5, false],
            );
            assert.equal((await call(url, summaryPath(OTHER_APP))).json.notInstalledUserCount, 5);
            assert.equal((await call(url, `/_emulator/apps/${APP}`, { method: "PUT" })).json.counters.installedDeviceCount, 0, "an empty body resets to 0");
            const retired = await call(url, `/_emulator/apps/${APP}`, { method: "PUT", body: { summaryRetired: true } });
            assert.equal(retired.json.summaryRetired, true);
            assert.equal((await call(url, summaryPath(APP))).status, 404);
            for (const [path, body, message] of [
                ["/_emulator/apps/not-a-guid", {}, /app\.id: "not-a-guid" is not a mobile app id/],
                [`/_emulator/apps/${APP}`, { counters: { installedDeviceCount: -1 } }, /app\.counters\.installedDeviceCount: -1 is not allowed/],
                [`/_emulator/apps/${APP}`, { counters: { installed: 1 } }, /unknown property 'installed'/],
                [`/_emulator/apps/${APP}`, { id: OTHER_APP }, /differs from the id in the path/],
                [`/_emulator/apps/${APP}`, { summaryRetired: "yes" }, /summaryRetired: "yes" is not allowed/],
            ] as const) {
                const answer = await call(url, path, { method: "PUT", body });
                assert.equal(answer.status, 400, path);
                assert.match(answer.json.error, message);
            }
        });

        it("PATCH /_emulator/apps/{id} changes counters, name and retirement; unknown apps answer 404", async () => {
            const patched = await call(url, `/_emulator/apps/${APP}`, {
                method: "PATCH",
                body: { installedDeviceCount: 7, displayName: "Teams 2", summaryRetired: true },
            });
            assert.equal(patched.status, 200);
            assert.deepEqual(
                [patched.json.counters.installedDeviceCount, patched.json.counters.failedDeviceCount, patched.json.displayName],
                [7, 3, "Teams 2"],
            );
            assert.equal((await call(url, summaryPath(APP))).status, 404);
            await call(url, `/_emulator/apps/${APP}`, { method: "PATCH", body: { summaryRetired: false } });
            assert.equal((await call(url, summaryPath(APP))).json.installedDeviceCount, 7);
            assert.equal((await call(url, `/_emulator/apps/${OTHER_APP}`, { method: "PATCH", body: {} })).status, 404);
            const bad = await call(url, `/_emulator/apps/${APP}`, { method: "PATCH", body: { installedDeviceCount: 1.5 } });
            assert.equal(bad.status, 400);
            assert.match(bad.json.error, /installedDeviceCount: 1\.5 is not allowed/);
            assert.equal((await call(url, `/_emulator/apps/${APP}`, { method: "PATCH", body: [1] })).status, 400);
        });

        it("DELETE /_emulator/apps/{id} deletes the app (Graph answers 404 after); unknown apps answer 404", async () => {
            const deleted = await call(url, `/_emulator/apps/${APP}`, { method: "DELETE" });
            assert.deepEqual([deleted.status, deleted.json], [200, { deleted: APP }]);
            assertGraphError(await call(url, summaryPath(APP)), 404, "ResourceNotFound");
            assert.equal((await call(url, `/_emulator/apps/${APP}`, { method: "DELETE" })).status, 404);
        });

        it("answers 404 for an unknown admin route", async () => {
            const answer = await call(url, "/_emulator/nothing");
            assert.equal(answer.status, 404);
            assert.match(answer.json.error, /no admin route GET \/_emulator\/nothing/);
            assert.equal((await call(url, "/_emulator/state", { method: "POST" })).status, 404);
        });
    });

    describe("request recording", () => {
        it("records method, path, status, client-request-id, user-agent and body of Graph requests", async () => {
            const id = "0b5c4d3e-2f1a-4b6c-8d7e-9f0a1b2c3d4e";
            await call(url, summaryPath(APP), {
                method: "PATCH",
                body: { installedDeviceCount: 2 },
                headers: { "client-request-id": id, "User-Agent": "pulumi-intune-test/1.0" },
            });
            await call(url, "/_emulator/state");
            await call(url, summaryPath(OTHER_APP), { token: null });
            const [patch, unauthenticated] = emulator.graphRequests();
            assert.equal(emulator.graphRequests().length, 2, "admin requests are not Graph requests");
            assert.deepEqual(
                [patch.method, patch.path, patch.status, patch.clientRequestId, patch.userAgent, patch.body, patch.authorization],
                ["PATCH", summaryPath(APP), 204, id, "pulumi-intune-test/1.0", '{"installedDeviceCount":2}', `Bearer ${TOKEN}`],
            );
            assert.equal(unauthenticated.status, 401);
            assert.deepEqual(emulator.graphRequests("PATCH"), [patch]);
        });

        it("GET /_emulator/requests lists them without the Authorization header; DELETE clears them", async () => {
            await call(url, summaryPath(APP), { headers: { "client-request-id": "abc" } });
            const listed = await call(url, "/_emulator/requests");
            assert.equal(listed.status, 200);
            assert.equal(listed.json.length, 1);
            assert.deepEqual([listed.json[0].method, listed.json[0].status, listed.json[0].clientRequestId], ["GET", 200, "abc"]);
            assert.ok(!("authorization" in listed.json[0]));
            assert.ok(!listed.text.includes(TOKEN));
            assert.equal((await call(url, "/_emulator/requests", { method: "DELETE" })).status, 200);
            assert.deepEqual((await call(url, "/_emulator/requests")).json, []);
        });

        it("maxRecordedRequests keeps only the newest", async () => {
            await startWith({ maxRecordedRequests: 3 });
            for (let i = 0; i < 5; i++) {
                await call(url, summaryPath(APP), { headers: { "client-request-id": `r${i}` } });
            }
            assert.deepEqual(
                emulator.requests.map((r) => r.clientRequestId),
                ["r2", "r3", "r4"],
            );
        });
    });

    describe("life cycle", () => {
        it("start() rejects when the port is taken; stop() can be called twice", async () => {
            const blocker = http.createServer();
            await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
            try {
                const port = (blocker.address() as AddressInfo).port;
                const second = new GraphEmulator({ port });
                await assert.rejects(second.start(), /EADDRINUSE/);
                await second.stop();
            } finally {
                await new Promise((resolve) => blocker.close(resolve));
            }
            await emulator.stop();
            await emulator.stop();
            await assert.rejects(call(url, summaryPath(APP), { timeoutMs: 2_000 }));
        });

        it("start() on a given port listens there", async () => {
            const probe = http.createServer();
            await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
            const port = (probe.address() as AddressInfo).port;
            await new Promise((resolve) => probe.close(resolve));
            const fixed = new GraphEmulator({ port, tokens: [TOKEN] });
            try {
                assert.equal(await fixed.start(), `http://127.0.0.1:${port}`);
                assert.equal(await fixed.start(), `http://127.0.0.1:${port}`, "a second start returns the same URL");
                assert.equal(fixed.baseUrl, `http://127.0.0.1:${port}`);
            } finally {
                await fixed.stop();
            }
        });
    });
});
