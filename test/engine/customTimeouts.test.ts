/**
 * Does `customTimeouts` reach a dynamic provider? The engine puts a resource's
 * `customTimeouts.create/update/delete` into the `timeout` field (seconds) of CreateRequest,
 * UpdateRequest and DeleteRequest. This sends those requests to Pulumi's own dynamic-provider host
 * with `timeout: 1` against a Graph emulator that answers each request after 2.5 s: every
 * operation still completes, so the host does not honour the timeout (its create/update/delete
 * never read the field). docs/resource.md "Known limits" says so and points at intune:requestTimeoutMs
 * and intune:operationTimeoutMs. If a future host honours it, this test fails and the page must change.
 */
import { strict as assert } from "node:assert";
import { APP_IDS } from "../support/fixtures";
import { EmulatorStack, startEmulatorStack } from "../support/emulatorStack";

const LATENCY_MS = 2500;
const TIMEOUT_SECONDS = 1;
const [APP] = APP_IDS;

describe("engine: customTimeouts do not reach a dynamic provider", function () {
    this.timeout(90_000);
    let env: EmulatorStack;

    before(async () => {
        env = await startEmulatorStack({
            seed: [{ id: APP, counters: { installedDeviceCount: 9 } }],
            apps: [{ name: "slow", mobileAppId: APP, installedDeviceCount: 4, restoreOnDestroy: true }],
        });
    });
    after(() => env?.stop());

    it(`create, update and delete with timeout ${TIMEOUT_SECONDS} s complete against answers that take ${LATENCY_MS} ms`, async () => {
        const [registration] = await env.stack.registrations();
        const host = env.stack.host;
        const checked = await host.check(registration.urn, {}, registration.inputs);
        assert.deepEqual(checked.failures, []);
        env.emulator.behaviour.latencyMs = LATENCY_MS;

        let started = Date.now();
        const created = await host.create(registration.urn, checked.inputs, TIMEOUT_SECONDS);
        const createMs = Date.now() - started;
        assert.equal(created.id, APP);
        assert.equal(created.properties.installedDeviceCount, 4);
        assert.ok(createMs >= 3 * LATENCY_MS - 50, `create took ${createMs} ms (GET, PATCH and GET, ${LATENCY_MS} ms each)`);

        const news = { ...checked.inputs, installedDeviceCount: 5 };
        started = Date.now();
        const updated = await host.update(registration.urn, created.id, created.properties, news, TIMEOUT_SECONDS);
        const updateMs = Date.now() - started;
        assert.equal(updated.properties.installedDeviceCount, 5);
        assert.ok(updateMs >= 2 * LATENCY_MS - 50, `update took ${updateMs} ms`);

        started = Date.now();
        await host.delete(registration.urn, created.id, updated.properties, TIMEOUT_SECONDS);
        const deleteMs = Date.now() - started;
        assert.ok(deleteMs >= 2 * LATENCY_MS - 50, `delete took ${deleteMs} ms`);
        assert.equal(env.emulator.counters(APP).installedDeviceCount, 9, "delete (restoreOnDestroy) put back the value seen before adoption");

        assert.deepEqual(
            env.emulator.graphRequests().map((r) => `${r.method} ${r.status}`),
            ["GET 200", "PATCH 204", "GET 200", "PATCH 204", "GET 200", "PATCH 204", "GET 200"],
            "every request ran to its answer; nothing was cut short",
        );
        assert.doesNotMatch(env.stack.host.stderr, /timeout|timed out|deadline/i);
    });
});
