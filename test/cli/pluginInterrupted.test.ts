/**
 * Deadlines and cancellation of the plugin through the real `pulumi` CLI, in a Pulumi YAML program
 * against a slow emulator: a resource's `customTimeouts` stops its create or update with a message
 * naming the option, and Ctrl+C (the engine's `Cancel`) stops every operation under way. Either way
 * nothing is left pending, and the next `pulumi up` converges.
 */
import { strict as assert } from "node:assert";
import { ChildProcess } from "node:child_process";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { NATIVE_TYPE, writeYamlResources } from "./support/yamlProgram";

const ids = Array.from({ length: 6 }, (_, i) => `e9e9e9e9-0000-4000-8000-${String(i).padStart(12, "0")}`);

/** Calls `then` once `ready()` holds, checking every 50 ms (bounded by the command's own timeout). */
function when(ready: () => boolean, then: () => void): void {
    const timer = setInterval(() => {
        if (ready()) {
            clearInterval(timer);
            then();
        }
    }, 50);
    timer.unref();
}

describe("real CLI: the plugin's customTimeouts and Ctrl+C", function () {
    this.timeout(300_000);
    let f: CliFixture;

    before(async function () {
        f = await cliFixture(this, { source: "examples/plugin-yaml", seed: ids.map((id) => ({ id })) });
    });
    after(() => f?.dispose());

    for (const [operation, declared] of [
        ["create", 4],
        ["update", 5],
    ] as const) {
        it(`customTimeouts.${operation} stops a slow ${operation} with a message naming it; without the delay the next up converges`, async () => {
            writeYamlResources(
                f.workspace.programDir,
                { slow: { properties: { mobileAppId: ids[0], installedDeviceCount: declared }, options: { customTimeouts: { [operation]: "1s" } } } },
                {},
            );
            f.emulator.behaviour.latencyMs = 5_000;
            const up = await f.stack.up([], { allowFailure: true });
            assert.notEqual(up.code, 0);
            assert.match(
                up.stdout,
                new RegExp(
                    `${operation} of app ${ids[0]} did not finish within customTimeouts\\.${operation} \\(1 s\\) and was stopped\\. Run the deployment again`,
                ),
            );
            assert.deepEqual((await f.stack.exportState()).deployment.pending_operations ?? [], []);
            f.emulator.behaviour.latencyMs = 0;
            await f.stack.up();
            assert.equal(f.emulator.counters(ids[0]).installedDeviceCount, declared);
            await f.stack.preview(["--expect-no-changes"]);
            takeRequests(f.emulator);
        });
    }

    it("Ctrl+C cancels every operation under way; nothing is left pending and the next up converges", async () => {
        await f.stack.destroy();
        writeYamlResources(
            f.workspace.programDir,
            Object.fromEntries(ids.map((id, i) => [`app-${i}`, { properties: { mobileAppId: id, installedDeviceCount: 10 + i } }])),
        );
        f.emulator.behaviour.latencyMs = 20_000;
        takeRequests(f.emulator);
        const result = await f.stack.up(["--parallel", "2"], {
            allowFailure: true,
            onStart: (child: ChildProcess) =>
                when(
                    () => f.emulator.graphRequests("PATCH").length >= 1,
                    () => child.kill("SIGINT"),
                ),
        });
        assert.notEqual(result.code, 0);
        assert.match(result.stdout, /\^C received; cancelling\./);
        assert.match(result.stdout, /Stopped: the deployment was cancelled \(Ctrl\+C\)\. Run it again to finish\./);
        const state = await f.stack.exportState();
        assert.deepEqual(state.deployment.pending_operations ?? [], [], "nothing is left pending");
        assert.ok((state.deployment.resources ?? []).filter((r) => r.type === NATIVE_TYPE).length < ids.length, "not every app was created");

        f.emulator.behaviour.latencyMs = 0;
        await f.stack.up();
        ids.forEach((id, i) => assert.equal(f.emulator.counters(id).installedDeviceCount, 10 + i));
        await f.stack.preview(["--expect-no-changes"]);
    });
});
