/**
 * Pulumi's dynamic-provider host, running this provider, ends once nobody is left to answer, as
 * after a killed `pulumi up`: when the engine's address stops answering, and when its stderr loses
 * its reader (EPIPE) instead of spinning in the SDK's uncaughtException handler. Operations in
 * flight finish first. Each case starts a real host process and watches it exit; a host that does
 * not is killed by its PID when the case ends.
 */
import { strict as assert } from "node:assert";
import { ENGINE_CHECK_INTERVAL_MS, EXIT_GRACE_MS } from "../../provider/session/processLifetime";
import { APP_IDS } from "../support/fixtures";
import { EmulatorStack, startEmulatorStack } from "../support/emulatorStack";

const [APP] = APP_IDS;

/** Resolves with the exit code, or with "still running" after `ms`. */
function exitWithin(exited: Promise<number | null>, ms: number): Promise<number | null | "still running"> {
    return Promise.race([exited, new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), ms).unref())]);
}

describe("engine: the provider host ends when the engine or its stderr is gone", function () {
    this.timeout(90_000);
    let env: EmulatorStack;

    beforeEach(async () => {
        env = await startEmulatorStack({
            seed: [{ id: APP, counters: { installedDeviceCount: 9 } }],
            apps: [{ name: "watched", mobileAppId: APP, installedDeviceCount: 4 }],
        });
        // The provider module is loaded by the first call of a serialized provider's method.
        const [registration] = await env.stack.registrations();
        assert.deepEqual((await env.stack.host.check(registration.urn, {}, registration.inputs)).failures, []);
    });
    afterEach(() => env?.stop());

    it("the engine's address stops answering: the host exits within a few checks", async () => {
        await env.stack.host.closeEngineAddress();
        assert.equal(await exitWithin(env.stack.host.exited, 3 * ENGINE_CHECK_INTERVAL_MS), 0);
    });

    it("an operation in flight when the engine goes finishes (its Graph writes complete), then the host exits", async () => {
        const [registration] = await env.stack.registrations();
        const host = env.stack.host;
        const { inputs } = await host.check(registration.urn, {}, registration.inputs);
        env.emulator.behaviour.latencyMs = ENGINE_CHECK_INTERVAL_MS; // GET, PATCH and GET: about two checks each
        const created = host.create(registration.urn, inputs);
        await host.closeEngineAddress();
        const result = await created;
        assert.equal(result.properties.installedDeviceCount, 4);
        assert.deepEqual(
            env.emulator.graphRequests().map((r) => `${r.method} ${r.status}`),
            ["GET 200", "PATCH 204", "GET 200"],
        );
        assert.equal(await exitWithin(host.exited, 3 * ENGINE_CHECK_INTERVAL_MS), 0);
    });

    it(`an operation that never finishes holds the exit back for at most ${EXIT_GRACE_MS / 1000} s`, async () => {
        const [registration] = await env.stack.registrations();
        const host = env.stack.host;
        const { inputs } = await host.check(registration.urn, {}, registration.inputs);
        env.emulator.script({ method: "PATCH", hang: true, times: 10 }); // every attempt
        const created = host.create(registration.urn, inputs).catch((error: Error) => error);
        await host.closeEngineAddress();
        const startedMs = Date.now();
        assert.equal(await exitWithin(host.exited, EXIT_GRACE_MS + 3 * ENGINE_CHECK_INTERVAL_MS), 0);
        assert.ok(Date.now() - startedMs >= EXIT_GRACE_MS, "it waited for the operation");
        assert.ok((await created) instanceof Error, "the operation never answered");
    });

    it("its stderr loses its reader: the next write (EPIPE) ends the host, no loop", async () => {
        const [registration] = await env.stack.registrations();
        const host = env.stack.host;
        host.closeOutput();
        // Delete without restoreOnDestroy sends nothing and writes one line to stderr.
        const deleted = host.delete(registration.urn, APP, {
            mobileAppId: APP,
            declaredCounters: ["installedDeviceCount"],
            __provider: registration.inputs.__provider,
        });
        await deleted;
        assert.equal(await exitWithin(host.exited, ENGINE_CHECK_INTERVAL_MS), 0, "exited, and without an uncaught error");
    });

    it("while the engine answers and stderr is read, the host stays", async () => {
        assert.equal(await exitWithin(env.stack.host.exited, 2 * ENGINE_CHECK_INTERVAL_MS), "still running");
    });
});
