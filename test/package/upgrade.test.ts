/**
 * Stacks written by earlier versions keep working with this one. Each released version leaves a
 * state fixture (test/fixtures/state-v<version>.json: what the engine stored after `pulumi up` of
 * the stack-config example, `__provider` included, and what the tenant held then). The current package,
 * installed where the program runs, must preview it as unchanged, refresh it, update it and
 * destroy it (restoring values recorded by the old version).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceState } from "../../engine/localEngine";
import { CounterValues } from "../../provider/model/fields";
import { EmulatorStack, startEmulatorStack } from "../support/emulatorStack";
import { REPO_ROOT } from "../support/fixtures";

interface StateFixture {
    version: string;
    tenant: Record<string, Required<CounterValues>>;
    resources: ResourceState[];
}

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures");
const fixtures = fs
    .readdirSync(FIXTURES)
    .filter((f) => /^state-v[\d.]+\.json$/.test(f))
    .map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURES, f), "utf8")) as StateFixture);

describe("upgrade: stacks written by earlier versions", () => {
    it("has a state fixture of at least one released version", () => {
        assert.ok(fixtures.some((f) => f.version === "0.1.0"));
    });

    for (const fixture of fixtures) {
        describe(`state written by ${fixture.version}`, () => {
            let env: EmulatorStack;
            const byName = (name: string) => fixture.resources.find((r) => r.name === name)!;
            const teams = byName("teams");
            const portal = byName("portal");

            before(async () => {
                env = await startEmulatorStack({
                    seed: Object.entries(fixture.tenant).map(([id, counters]) => ({ id, counters })),
                    // The program as it was when the state was written: its inputs, without the provider.
                    apps: fixture.resources.map((r) => {
                        const { __provider: _old, ...inputs } = r.inputs;
                        return { name: r.name, ...(inputs as { mobileAppId: string }) };
                    }),
                });
                for (const r of fixture.resources) {
                    env.emulator.apps.get(r.id)!.summaryId = String(r.outputs.summaryId);
                }
                env.stack.engine.restore(fixture.resources);
            });
            after(() => env?.stop());

            it("previews as unchanged (the old __provider differs only as code)", async () => {
                const steps = await env.stack.preview();
                assert.deepEqual(
                    steps.map((s) => [s.name, s.op, s.error]),
                    [
                        ["portal", "same", undefined],
                        ["teams", "same", undefined],
                    ],
                );
            });

            it("refreshes the old state and sees drift", async () => {
                env.emulator.setCounters(teams.id, { installedDeviceCount: 40 });
                const steps = await env.stack.refresh();
                assert.deepEqual(steps.find((s) => s.name === "teams")!.changes, [
                    { key: "installedDeviceCount", old: teams.outputs.installedDeviceCount, new: 40 },
                ]);
                assert.equal(steps.find((s) => s.name === "portal")!.op, "same");
            });

            it("updates it with the current code", async () => {
                const steps = await env.stack.up();
                assert.deepEqual(
                    steps.map((s) => [s.name, s.op, s.error]),
                    [
                        ["portal", "same", undefined],
                        ["teams", "update", undefined],
                    ],
                );
                assert.equal(env.emulator.counters(teams.id).installedDeviceCount, teams.inputs.installedDeviceCount);
            });

            it("destroys it, restoring the values the old version recorded before adoption", async () => {
                const recorded = portal.outputs.valuesBeforeAdoption as CounterValues;
                assert.ok(recorded && Object.keys(recorded).length > 0, "the fixture recorded values before adoption");
                const steps = await env.stack.destroy();
                assert.deepEqual(
                    steps.map((s) => [s.op, s.error]),
                    [
                        ["delete", undefined],
                        ["delete", undefined],
                    ],
                );
                const live = env.emulator.counters(portal.id);
                for (const [counter, value] of Object.entries(recorded)) {
                    assert.equal(live[counter as keyof CounterValues], value, counter);
                }
            });
        });
    }
});
