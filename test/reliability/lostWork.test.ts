/**
 * No lost or doubled work, through the engine protocol: a failed update keeps the previous state
 * (the engine does not record a failed update) and the next up converges; a create that fails
 * after Graph accepted (or may have accepted) the PATCH is recorded as a partially created
 * resource, so the stack still tracks it and restoreOnDestroy still restores the values seen
 * before adoption; a PATCH sent again carries the same absolute values.
 */
import { strict as assert } from "node:assert";
import type { LocalEngine } from "../../engine/localEngine";
import { FAST_CONFIG, Rig, appId, exchanges, only, outcome, registration, startRig } from "./support/harness";

describe("reliability: no lost or doubled work", function () {
    this.timeout(60_000);
    let rig: Rig;

    before(async () => {
        rig = await startRig({ config: FAST_CONFIG });
    });
    after(() => rig?.stop());
    afterEach(() => rig.emulator.clearFaults());

    const patchBodies = () => rig.emulator.graphRequests("PATCH").map((r) => r.body);

    describe("a failed update", () => {
        const id = appId(1, "10570000");
        let engine: LocalEngine;
        const declare = (installedDeviceCount: number) => registration("updated", { mobileAppId: id, installedDeviceCount });

        before(async () => {
            rig.emulator.addApp(id, { installedDeviceCount: 1 });
            engine = rig.engine();
            assert.deepEqual(outcome(await engine.up([await declare(5)])), [["updated", "create", undefined]]);
        });

        it("throws when no attempt of the PATCH succeeds: the state stays exactly as before", async () => {
            const before = engine.snapshot();
            rig.emulator.clearRequests();
            rig.emulator.script({ method: "PATCH", status: 500, code: "InternalServerError", times: 3 });
            const steps = await engine.up([await declare(7)]);
            assert.equal(steps[0].op, "update");
            assert.match(steps[0].error ?? "", /failed after 3 attempts: 500 InternalServerError/);
            assert.deepEqual(engine.snapshot(), before, "the engine keeps the previous inputs and outputs");
            assert.equal(rig.emulator.counters(id).installedDeviceCount, 5);
            const preview = await engine.preview([await declare(7)]);
            assert.deepEqual(preview[0].changes, [{ key: "installedDeviceCount", old: 5, new: 7 }], "the next preview still shows the change");
        });

        it("the next up converges", async () => {
            rig.emulator.clearRequests();
            assert.deepEqual(outcome(await engine.up([await declare(7)])), [["updated", "update", undefined]]);
            assert.deepEqual(patchBodies(), ['{"installedDeviceCount":7}']);
            assert.equal(rig.emulator.counters(id).installedDeviceCount, 7);
            assert.equal(only(engine)!.outputs.installedDeviceCount, 7);
            assert.deepEqual(
                (await engine.preview([await declare(7)])).map((s) => s.op),
                ["same"],
            );
        });

        it("when the PATCH landed but the read-back failed, the state stays as before and the next up sends the same absolute values again", async () => {
            const before = engine.snapshot();
            rig.emulator.clearRequests();
            rig.emulator.script({ method: "GET", status: 503, code: "ServiceUnavailable", times: 3 });
            const failed = await engine.up([await declare(9)]);
            assert.match(failed[0].error ?? "", /Graph GET .* failed after 3 attempts: 503 ServiceUnavailable/);
            assert.deepEqual(engine.snapshot(), before);
            assert.equal(rig.emulator.counters(id).installedDeviceCount, 9, "the write itself was applied");

            const steps = await engine.up([await declare(9)]);
            assert.deepEqual(outcome(steps), [["updated", "update", undefined]]);
            assert.deepEqual(patchBodies(), ['{"installedDeviceCount":9}', '{"installedDeviceCount":9}'], "the same absolute value, never an increment");
            assert.equal(rig.emulator.counters(id).installedDeviceCount, 9, "sent twice, applied once in effect");
            assert.equal(only(engine)!.outputs.installedDeviceCount, 9);
        });
    });

    describe("a create that fails after the PATCH", () => {
        it("with restoreOnDestroy and a connection reset on every attempt (the PATCH may have landed): recorded with the values before adoption; up converges; destroy restores", async () => {
            const id = appId(2, "10570000");
            rig.emulator.addApp(id, { installedDeviceCount: 3, failedDeviceCount: 4 });
            const engine = rig.engine();
            const reg = await registration("restored", { mobileAppId: id, installedDeviceCount: 8, restoreOnDestroy: true });
            rig.emulator.clearRequests();
            rig.emulator.script({ method: "PATCH", reset: true, times: 3 });

            const steps = await engine.up([reg]);
            assert.match(steps[0].error ?? "", /failed after 3 attempts: the connection to 127\.0\.0\.1:\d+ failed or was reset before an answer/);
            assert.equal(exchanges(rig.emulator.graphRequests()).join(", "), "GET 200, PATCH reset, PATCH reset, PATCH reset");
            const partial = only(engine);
            assert.ok(partial, "the engine recorded the partially created resource");
            assert.equal(partial.id, id);
            assert.deepEqual(partial.outputs.valuesBeforeAdoption, { installedDeviceCount: 3 });
            assert.equal(partial.outputs.installedDeviceCount, 3, "what is known: the values read before the write");

            assert.deepEqual(
                (await engine.preview([reg])).map((s) => s.op),
                ["update"],
                "the next preview shows an update",
            );
            assert.deepEqual(outcome(await engine.up([reg])), [["restored", "update", undefined]]);
            assert.equal(rig.emulator.counters(id).installedDeviceCount, 8);

            rig.emulator.clearRequests();
            assert.deepEqual(outcome(await engine.destroy()), [["restored", "delete", undefined]]);
            assert.deepEqual(patchBodies(), ['{"installedDeviceCount":3}']);
            assert.deepEqual(rig.emulator.counters(id).installedDeviceCount, 3, "the value from before adoption is back");
            assert.equal(rig.emulator.counters(id).failedDeviceCount, 4);
        });

        it("with restoreOnDestroy, PATCH applied (204) and the read-back answered malformed JSON: recorded, so destroy still restores the value before adoption", async () => {
            const id = appId(3, "10570000");
            const app = rig.emulator.addApp(id, { installedDeviceCount: 3 });
            const engine = rig.engine();
            const reg = await registration("malformed-read-back", { mobileAppId: id, installedDeviceCount: 8, restoreOnDestroy: true });
            rig.emulator.clearRequests();
            rig.emulator.script(
                // The first GET (values before adoption) answered as Graph would; the read-back after the PATCH garbled.
                { method: "GET", status: 200, body: JSON.stringify({ id: app.summaryId, ...rig.emulator.counters(id) }) },
                { method: "GET", status: 200, body: '{"installedDeviceCount": 8,' },
            );

            const steps = await engine.up([reg]);
            assert.match(steps[0].error ?? "", /Graph GET .* failed: 200: the answer is not the JSON object expected/);
            assert.equal(exchanges(rig.emulator.graphRequests()).join(", "), "GET 200, PATCH 204, GET 200");
            assert.equal(rig.emulator.counters(id).installedDeviceCount, 8, "the write was applied");
            const partial = only(engine);
            assert.ok(partial, "the engine recorded the partially created resource");
            assert.deepEqual(partial.outputs.valuesBeforeAdoption, { installedDeviceCount: 3 });

            assert.deepEqual(outcome(await engine.up([reg])), [["malformed-read-back", "update", undefined]]);
            assert.deepEqual(outcome(await engine.destroy()), [["malformed-read-back", "delete", undefined]]);
            assert.equal(rig.emulator.counters(id).installedDeviceCount, 3, "restored to the value before adoption, not to the value written");
        });

        it("without restoreOnDestroy, PATCH applied (204) and every read-back failed (503): recorded, and the next up converges with an update", async () => {
            const id = appId(4, "10570000");
            rig.emulator.addApp(id, { installedDeviceCount: 3 });
            const engine = rig.engine();
            const reg = await registration("unread", { mobileAppId: id, installedDeviceCount: 8 });
            rig.emulator.clearRequests();
            // The read before the write answers as usual; every read-back after it fails.
            rig.emulator.script(
                { method: "GET", status: 200, body: JSON.stringify({ id: "summary", installedDeviceCount: 3 }) },
                { method: "GET", status: 503, code: "ServiceUnavailable", times: 3 },
            );

            const steps = await engine.up([reg]);
            assert.match(steps[0].error ?? "", /Graph GET .* failed after 3 attempts: 503 ServiceUnavailable/);
            assert.equal(exchanges(rig.emulator.graphRequests()).join(", "), "GET 200, PATCH 204, GET 503, GET 503, GET 503");
            const partial = only(engine);
            assert.ok(partial, "the engine recorded the partially created resource");
            assert.equal(partial.id, id);
            assert.equal(partial.outputs.installedDeviceCount, undefined, "no value was read back, so none is claimed");

            const preview = await engine.preview([reg]);
            assert.deepEqual(
                preview.map((s) => s.op),
                ["update"],
            );
            rig.emulator.clearRequests();
            assert.deepEqual(outcome(await engine.up([reg])), [["unread", "update", undefined]]);
            assert.deepEqual(patchBodies(), ['{"installedDeviceCount":8}']);
            assert.equal(only(engine)!.outputs.installedDeviceCount, 8);
            assert.deepEqual(
                (await engine.preview([reg])).map((s) => s.op),
                ["same"],
            );
        });

        it("without restoreOnDestroy, a PATCH that never got an answer is not recorded, and the next up creates it with the same body", async () => {
            const id = appId(5, "10570000");
            rig.emulator.addApp(id, { installedDeviceCount: 3 });
            const engine = rig.engine();
            const reg = await registration("retried-create", { mobileAppId: id, installedDeviceCount: 8 });
            rig.emulator.clearRequests();
            rig.emulator.script({ method: "PATCH", status: 502, body: "<html>Bad Gateway</html>", contentType: "text/html", times: 3 });
            const steps = await engine.up([reg]);
            assert.match(steps[0].error ?? "", /failed after 3 attempts: 502/);
            assert.equal(engine.state.size, 0, "nothing to track: the tenant is unchanged and nothing needs restoring");
            assert.deepEqual(outcome(await engine.up([reg])), [["retried-create", "create", undefined]]);
            assert.deepEqual(new Set(patchBodies()), new Set(['{"installedDeviceCount":8}']), "every attempt, and the next up, sent the same absolute value");
            assert.equal(rig.emulator.counters(id).installedDeviceCount, 8);
        });
    });
});
