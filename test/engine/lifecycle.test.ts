/**
 * The engine protocol, end to end: Pulumi's own dynamic-provider host started with cwd = the root
 * program, driven over gRPC as `pulumi preview`, `up`, `refresh` and `destroy` drive it, against
 * the Graph emulator. Each step asserts what a user sees and the requests the tenant received.
 */
import { strict as assert } from "node:assert";
import { LocalStack } from "../../engine/localStack";
import { APP_IDS, STACK_CONFIG_PROGRAM, TEST_TOKEN } from "../support/fixtures";
import { EmulatorStack, startEmulatorStack } from "../support/emulatorStack";

const [TEAMS, OUTLOOK] = APP_IDS;

const MODES = [
    { name: "PATCH answered 204, GET the entity", behaviour: { patchStatus: 204 as const, getShape: "entity" as const }, requestsPerWrite: ["PATCH", "GET"] },
    {
        name: "PATCH answered 200 with the entity, GET wrapped in value",
        behaviour: { patchStatus: 200 as const, getShape: "wrapped" as const },
        requestsPerWrite: ["PATCH"],
    },
];

for (const mode of MODES) {
    describe(`engine life cycle: ${mode.name}`, () => {
        let env: EmulatorStack;
        const methods = () => env.emulator.graphRequests().map((r) => r.method);

        before(async () => {
            env = await startEmulatorStack({
                behaviour: mode.behaviour,
                seed: [
                    { id: TEAMS, counters: { installedDeviceCount: 9, failedDeviceCount: 3, installedUserCount: 5 } },
                    { id: OUTLOOK, counters: {} },
                ],
                apps: [
                    { name: "outlook", mobileAppId: OUTLOOK, notInstalledUserCount: 5 },
                    { name: "teams", mobileAppId: TEAMS.toUpperCase(), installedDeviceCount: 4, failedDeviceCount: 1 },
                ],
            });
        });
        after(() => env?.stop());
        beforeEach(() => env.emulator.clearRequests());

        it("preview shows two creates with the declared counters and sends no request", async () => {
            const steps = await env.stack.preview();
            assert.deepEqual(
                steps.map((s) => [s.name, s.op, s.error]),
                [
                    ["outlook", "create", undefined],
                    ["teams", "create", undefined],
                ],
            );
            assert.deepEqual(steps[1].changes, [
                { key: "failedDeviceCount", new: 1 },
                { key: "installedDeviceCount", new: 4 },
                { key: "mobileAppId", new: TEAMS },
            ]);
            assert.deepEqual(methods(), []);
        });

        it("up adopts both summaries: read first, PATCH of the declared counters that differ, verified by the read-back", async () => {
            const steps = await env.stack.up();
            assert.deepEqual(
                steps.map((s) => [s.name, s.op, s.error]),
                [
                    ["outlook", "create", undefined],
                    ["teams", "create", undefined],
                ],
            );
            assert.deepEqual(methods().sort(), ["GET", ...mode.requestsPerWrite, "GET", ...mode.requestsPerWrite].sort(), "requests per adoption");
            const patches = env.emulator.graphRequests("PATCH").map((r) => JSON.parse(r.body!));
            assert.deepEqual(
                patches.find((b) => "installedDeviceCount" in b),
                { installedDeviceCount: 4, failedDeviceCount: 1 },
            );
            assert.deepEqual(env.emulator.counters(TEAMS).installedDeviceCount, 4);
            assert.deepEqual(env.emulator.counters(TEAMS).installedUserCount, 5, "an undeclared counter is left alone");

            const teams = env.stack.engine.state.get(steps[1].urn)!;
            assert.equal(teams.id, TEAMS, "the resource id is the (lower-case) mobileAppId");
            assert.equal(teams.outputs.summaryId, env.emulator.apps.get(TEAMS)!.summaryId);
            assert.equal(teams.outputs.installedUserCount, 5, "outputs hold every counter as read back");
            assert.equal(teams.outputs.installedDeviceCount, 4);
        });

        it("a second preview shows no changes and sends no request", async () => {
            const steps = await env.stack.preview();
            assert.deepEqual(
                steps.map((s) => s.op),
                ["same", "same"],
            );
            assert.deepEqual(methods(), []);
        });

        it("a preview with values not known yet (computed by other resources) accepts them and shows an update", async () => {
            const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
            const registrations = await env.stack.registrations();
            const pending = registrations.map((r) => (r.name === "teams" ? { ...r, inputs: { ...r.inputs, failedDeviceCount: UNKNOWN } } : r));
            const steps = await env.stack.engine.preview(pending);
            assert.deepEqual(
                steps.map((s) => [s.name, s.op, s.error]),
                [
                    ["outlook", "same", undefined],
                    ["teams", "update", undefined],
                ],
            );
            assert.deepEqual(methods(), []);
        });

        it("a change of the provider code alone (__provider) is no change", async () => {
            const registrations = await env.stack.registrations();
            const changed = registrations.map((r) => ({ ...r, inputs: { ...r.inputs, __provider: `${r.inputs.__provider as string}\n// a newer version` } }));
            const steps = await env.stack.engine.preview(changed);
            assert.deepEqual(
                steps.map((s) => s.op),
                ["same", "same"],
            );
        });

        it("refresh shows a counter changed behind Pulumi's back, with one GET per resource", async () => {
            env.emulator.setCounters(TEAMS, { installedDeviceCount: 7 });
            const steps = await env.stack.refresh();
            const teams = steps.find((s) => s.name === "teams")!;
            assert.equal(teams.op, "refresh");
            assert.deepEqual(teams.changes, [{ key: "installedDeviceCount", old: 4, new: 7 }]);
            assert.equal(steps.find((s) => s.name === "outlook")!.op, "same");
            assert.deepEqual(methods(), ["GET", "GET"]);
            assert.equal(env.stack.engine.state.get(teams.urn)!.inputs.installedDeviceCount, 7, "refresh returns inputs at their live values");
        });

        it("the next preview shows the drift as an update 7 → 4; up puts it back with a PATCH of that counter only", async () => {
            const preview = await env.stack.preview();
            const teams = preview.find((s) => s.name === "teams")!;
            assert.equal(teams.op, "update");
            assert.deepEqual(teams.changes, [{ key: "installedDeviceCount", old: 7, new: 4 }]);
            env.emulator.clearRequests();

            const steps = await env.stack.up();
            assert.deepEqual(
                steps.map((s) => [s.name, s.op, s.error]),
                [
                    ["outlook", "same", undefined],
                    ["teams", "update", undefined],
                ],
            );
            assert.deepEqual(
                env.emulator.graphRequests("PATCH").map((r) => JSON.parse(r.body!)),
                [{ installedDeviceCount: 4 }],
            );
            assert.equal(env.emulator.counters(TEAMS).installedDeviceCount, 4);
            assert.deepEqual(
                (await env.stack.preview()).map((s) => s.op),
                ["same", "same"],
            );
        });

        it("a changed declaration in stack config updates only that counter", async () => {
            env.stack.setProgramConfig("apps", [
                { name: "teams", mobileAppId: TEAMS, installedDeviceCount: 4, failedDeviceCount: 2 },
                { name: "outlook", mobileAppId: OUTLOOK, notInstalledUserCount: 5 },
            ]);
            const steps = await env.stack.up();
            assert.deepEqual(
                steps.map((s) => [s.name, s.op, s.error]),
                [
                    ["outlook", "same", undefined],
                    ["teams", "update", undefined],
                ],
            );
            assert.deepEqual(
                env.emulator.graphRequests("PATCH").map((r) => JSON.parse(r.body!)),
                [{ failedDeviceCount: 2 }],
            );
            assert.equal(env.emulator.counters(TEAMS).failedDeviceCount, 2);
        });

        it("destroy sends nothing, leaves the tenant as it is and says so", async () => {
            const before = env.emulator.counters(TEAMS);
            const steps = await env.stack.destroy();
            assert.deepEqual(
                steps.map((s) => [s.op, s.error]),
                [
                    ["delete", undefined],
                    ["delete", undefined],
                ],
            );
            assert.deepEqual(methods(), []);
            assert.deepEqual(env.emulator.counters(TEAMS), before);
            assert.equal(env.stack.engine.state.size, 0);
            assert.match(env.stack.host.stderr, new RegExp(`delete ${TEAMS}: removed from the stack only; the tenant's install summary is left as it is`));
        });
    });
}

describe("engine life cycle: restoreOnDestroy, replacement, deletion behind Pulumi's back, bad input", () => {
    let env: EmulatorStack;
    const [A, B, C] = APP_IDS;

    before(async () => {
        env = await startEmulatorStack({
            seed: [
                { id: A, counters: { installedDeviceCount: 11, failedDeviceCount: 2 } },
                { id: B, counters: { installedDeviceCount: 30 } },
                { id: C, counters: {} },
            ],
            apps: [{ name: "restored", mobileAppId: A, installedDeviceCount: 4, restoreOnDestroy: true }],
        });
    });
    after(() => env?.stop());
    beforeEach(() => env.emulator.clearRequests());

    it("with restoreOnDestroy, create reads the old values first and destroy PATCHes them back", async () => {
        const created = await env.stack.up();
        assert.deepEqual(
            created.map((s) => [s.op, s.error]),
            [["create", undefined]],
        );
        assert.deepEqual(
            env.emulator.graphRequests().map((r) => r.method),
            ["GET", "PATCH", "GET"],
        );
        assert.equal(env.emulator.counters(A).installedDeviceCount, 4);
        env.emulator.clearRequests();

        const destroyed = await env.stack.destroy();
        assert.deepEqual(
            destroyed.map((s) => [s.op, s.error]),
            [["delete", undefined]],
        );
        assert.deepEqual(
            env.emulator.graphRequests("PATCH").map((r) => JSON.parse(r.body!)),
            [{ installedDeviceCount: 11 }],
        );
        assert.equal(env.emulator.counters(A).installedDeviceCount, 11);
        assert.equal(env.emulator.counters(A).failedDeviceCount, 2);
    });

    it("a counter dropped from the declaration and declared again is still restored to its value before adoption", async () => {
        env.stack.setProgramConfig("apps", [{ name: "restored", mobileAppId: A, installedDeviceCount: 4, failedDeviceCount: 5, restoreOnDestroy: true }]);
        assert.deepEqual(
            (await env.stack.up()).map((s) => [s.op, s.error]),
            [["create", undefined]],
        );
        env.stack.setProgramConfig("apps", [{ name: "restored", mobileAppId: A, failedDeviceCount: 5, restoreOnDestroy: true }]);
        assert.deepEqual(
            (await env.stack.up()).map((s) => [s.op, s.error]),
            [["update", undefined]],
        );
        env.stack.setProgramConfig("apps", [{ name: "restored", mobileAppId: A, installedDeviceCount: 6, failedDeviceCount: 5, restoreOnDestroy: true }]);
        assert.deepEqual(
            (await env.stack.up()).map((s) => [s.op, s.error]),
            [["update", undefined]],
        );
        assert.equal(env.emulator.counters(A).installedDeviceCount, 6);
        assert.deepEqual(
            (await env.stack.destroy()).map((s) => [s.op, s.error]),
            [["delete", undefined]],
        );
        assert.equal(env.emulator.counters(A).installedDeviceCount, 11);
        assert.equal(env.emulator.counters(A).failedDeviceCount, 2);
    });

    it("changing mobileAppId replaces the resource: the new app is adopted, the old one released", async () => {
        env.stack.setProgramConfig("apps", [{ name: "moving", mobileAppId: B, installedDeviceCount: 6 }]);
        await env.stack.up();
        env.stack.setProgramConfig("apps", [{ name: "moving", mobileAppId: C, installedDeviceCount: 6 }]);
        const preview = await env.stack.preview();
        assert.deepEqual(
            preview.map((s) => s.op),
            ["replace"],
        );
        const steps = await env.stack.up();
        assert.deepEqual(
            steps.map((s) => [s.op, s.error]),
            [["replace", undefined]],
        );
        assert.equal(env.emulator.counters(C).installedDeviceCount, 6);
        assert.equal([...env.stack.engine.state.values()][0].id, C);
    });

    it("an app deleted behind Pulumi's back disappears from the stack on refresh", async () => {
        env.emulator.deleteApp(C);
        const steps = await env.stack.refresh();
        assert.deepEqual(
            steps.map((s) => [s.op, s.error]),
            [["remove", undefined]],
        );
        assert.equal(env.stack.engine.state.size, 0);
        assert.match(env.stack.host.stderr, /the app no longer exists in the tenant/);
    });

    it("a typo in a property name fails the preview with a did-you-mean, and no request is sent", async () => {
        env.stack.setProgramConfig("apps", [{ name: "typo", mobileAppId: B, installedDeviceCnt: 4, failedDeviceCount: -1 }]);
        const steps = await env.stack.preview();
        assert.equal(steps.length, 1);
        assert.match(steps[0].error ?? "", /"installedDeviceCnt" is not a property of MobileAppInstallSummary\. Did you mean "installedDeviceCount"\?/);
        assert.match(steps[0].error ?? "", /failedDeviceCount is a count and cannot be negative; got -1/);
        const applied = await env.stack.up();
        assert.ok(applied[0].error);
        assert.deepEqual(env.emulator.graphRequests(), []);
    });

    it("an app id that does not exist fails create with a message saying so, and the stack holds nothing", async () => {
        env.stack.setProgramConfig("apps", [{ name: "ghost", mobileAppId: "11111111-2222-4333-8444-555555555555", installedDeviceCount: 1 }]);
        const steps = await env.stack.up();
        assert.match(steps[0].error ?? "", /No mobile app with id 11111111-2222-4333-8444-555555555555 exists in this tenant/);
        assert.equal(env.stack.engine.state.size, 0);
    });
});

describe("engine life cycle: a write Graph accepts but does not apply", () => {
    let env: EmulatorStack;
    const [A] = APP_IDS;

    before(async () => {
        env = await startEmulatorStack({
            behaviour: { ignoreWrites: true },
            seed: [{ id: A, counters: { installedDeviceCount: 2 } }],
            apps: [{ name: "stuck", mobileAppId: A, installedDeviceCount: 4 }],
            config: { "intune:verifyTimeoutMs": "600" },
        });
    });
    after(() => env?.stop());

    it("create fails naming the field, and the stack still records the adopted resource with the actual values", async () => {
        const steps = await env.stack.up();
        assert.match(steps[0].error ?? "", /did not apply it: reading back .* still shows installedDeviceCount = 2 instead of 4/);
        const recorded = [...env.stack.engine.state.values()];
        assert.equal(recorded.length, 1, "partially created: tracked by the stack");
        assert.equal(recorded[0].id, A);
        assert.equal(recorded[0].outputs.installedDeviceCount, 2);
    });

    it("the next up tries again as an update and fails the same way; the state keeps the last good values", async () => {
        const preview = await env.stack.preview();
        assert.equal(preview[0].op, "update");
        const steps = await env.stack.up();
        assert.equal(steps[0].op, "update");
        assert.match(steps[0].error ?? "", /installedDeviceCount = 2 instead of 4/);
        assert.equal([...env.stack.engine.state.values()][0].outputs.installedDeviceCount, 2);
    });

    it("once Graph applies writes again, the next up converges", async () => {
        env.emulator.behaviour.ignoreWrites = false;
        const steps = await env.stack.up();
        assert.deepEqual(
            steps.map((s) => [s.op, s.error]),
            [["update", undefined]],
        );
        assert.equal(env.emulator.counters(A).installedDeviceCount, 4);
        assert.deepEqual(
            (await env.stack.preview()).map((s) => s.op),
            ["same"],
        );
    });
});

describe("engine life cycle: a partially created resource, refreshed and destroyed without another up", () => {
    let env: EmulatorStack;
    const [A, B] = APP_IDS;

    before(async () => {
        env = await startEmulatorStack({
            behaviour: { ignoreWrites: true },
            seed: [
                { id: A, counters: { installedDeviceCount: 2 } },
                { id: B, counters: { failedDeviceCount: 1 } },
            ],
            apps: [
                { name: "stuck", mobileAppId: A, installedDeviceCount: 5 },
                { name: "stuck-restored", mobileAppId: B, failedDeviceCount: 6, restoreOnDestroy: true },
            ],
            config: { "intune:verifyTimeoutMs": "300" },
        });
    });
    after(() => env?.stop());

    it("up fails with both resources recorded as partially created, each carrying the serialized provider the host needs", async () => {
        const steps = await env.stack.up();
        assert.deepEqual(
            steps.map((s) => [s.name, s.op, /did not apply it/.test(s.error ?? "")]),
            [
                ["stuck", "create", true],
                ["stuck-restored", "create", true],
            ],
        );
        const recorded = [...env.stack.engine.state.values()];
        assert.equal(recorded.length, 2);
        for (const resource of recorded) {
            assert.equal(resource.outputs.__provider, resource.inputs.__provider, `${resource.name}: the outputs hold the inputs' __provider`);
        }
    });

    it("refresh reads both back", async () => {
        const steps = await env.stack.refresh();
        assert.deepEqual(
            // The state holds them in the order their creates ended.
            steps.map((s) => [s.name, s.op, s.error]).sort(),
            [
                ["stuck", "same", undefined],
                ["stuck-restored", "same", undefined],
            ],
        );
    });

    it("destroy removes both (and restores the value before adoption, which Graph never lost)", async () => {
        env.emulator.clearRequests();
        const steps = await env.stack.destroy();
        assert.deepEqual(
            // The state holds them in the order their creates ended.
            steps.map((s) => [s.name, s.op, s.error]).sort(),
            [
                ["stuck", "delete", undefined],
                ["stuck-restored", "delete", undefined],
            ],
        );
        assert.equal(env.stack.engine.state.size, 0);
        assert.deepEqual(
            env.emulator.graphRequests("PATCH").map((r) => r.body),
            ['{"failedDeviceCount":1}'],
        );
    });
});

describe("engine life cycle: Graph writes the counters as strings", () => {
    let env: EmulatorStack;
    const [A] = APP_IDS;
    const stringly = (counters: Record<string, number>, id: string) =>
        JSON.stringify({ id, ...Object.fromEntries(Object.entries(counters).map(([name, value]) => [name, String(value)])) });

    before(async () => {
        env = await startEmulatorStack({
            seed: [{ id: A, counters: { installedDeviceCount: 2, failedDeviceCount: 1 } }],
            apps: [{ name: "strings", mobileAppId: A, installedDeviceCount: 5 }],
        });
    });
    after(() => env?.stop());

    it('create reads back "5" as 5: the write is verified, not reported as not applied', async () => {
        const app = env.emulator.apps.get(A)!;
        // Every read-back (write verification re-reads) answers the strings.
        env.emulator.script({ method: "GET", status: 200, body: stringly({ ...env.emulator.counters(A), installedDeviceCount: 5 }, app.summaryId), times: 20 });
        const steps = await env.stack.up();
        env.emulator.clearFaults();
        assert.deepEqual(
            steps.map((s) => [s.op, s.error]),
            [["create", undefined]],
        );
        assert.equal([...env.stack.engine.state.values()][0].outputs.installedDeviceCount, 5);
    });

    it("refresh keeps all ten counters in the outputs, as numbers", async () => {
        const app = env.emulator.apps.get(A)!;
        const live = { ...env.emulator.counters(A), notInstalledUserCount: 7 };
        env.emulator.script({ method: "GET", status: 200, body: stringly(live, app.summaryId) });
        const steps = await env.stack.refresh();
        assert.deepEqual(
            steps.map((s) => s.error),
            [undefined],
        );
        const outputs = [...env.stack.engine.state.values()][0].outputs;
        assert.deepEqual(Object.fromEntries(Object.keys(live).map((name) => [name, outputs[name]])), live);
    });
});

describe("engine life cycle: an app id in upper case", () => {
    let env: EmulatorStack;
    const [A] = APP_IDS;

    before(async () => {
        env = await startEmulatorStack({
            seed: [{ id: A, counters: { installedDeviceCount: 2 } }],
            apps: [{ name: "shouting", mobileAppId: A.toUpperCase(), installedDeviceCount: 4 }],
        });
    });
    after(() => env?.stop());

    it("up records the id and mobileAppId in lower case", async () => {
        assert.deepEqual(
            (await env.stack.up()).map((s) => s.error),
            [undefined],
        );
        const [resource] = env.stack.engine.state.values();
        assert.deepEqual([resource.id, resource.outputs.mobileAppId], [A, A]);
    });

    it("refresh of a state that holds it in upper case (written by hand, or by another tool) returns it in lower case, and so does every output", async () => {
        const [resource] = env.stack.engine.state.values();
        env.stack.engine.state.set(resource.urn, {
            ...resource,
            id: A.toUpperCase(),
            outputs: { ...resource.outputs, mobileAppId: A.toUpperCase() },
            inputs: { ...resource.inputs, mobileAppId: A.toUpperCase() },
        });
        assert.deepEqual(
            (await env.stack.refresh()).map((s) => s.error),
            [undefined],
        );
        const [refreshed] = env.stack.engine.state.values();
        assert.deepEqual([refreshed.id, refreshed.outputs.mobileAppId, refreshed.inputs.mobileAppId], [A, A, A]);
        assert.deepEqual(
            (await env.stack.preview()).map((s) => s.op),
            ["same"],
        );
    });

    it("update and destroy under an upper-case id send the lower-case id to Graph", async () => {
        const [resource] = env.stack.engine.state.values();
        env.stack.engine.state.set(resource.urn, { ...resource, id: A.toUpperCase() });
        env.emulator.clearRequests();
        await env.stack.host.update(resource.urn, A.toUpperCase(), resource.outputs, { ...resource.inputs, installedDeviceCount: 6 });
        await env.stack.host.delete(resource.urn, A.toUpperCase(), {
            ...resource.outputs,
            restoreOnDestroy: true,
            valuesBeforeAdoption: { installedDeviceCount: 2 },
        });
        assert.deepEqual(
            env.emulator.graphRequests().map((r) => `${r.method} ${r.path.split("/")[4]}`),
            [`PATCH ${A}`, `GET ${A}`, `PATCH ${A}`, `GET ${A}`],
        );
    });
});

describe("engine life cycle: restoreOnDestroy when the values cannot be put back", () => {
    let env: EmulatorStack;
    const [A, B] = APP_IDS;
    const stacks: LocalStack[] = [];

    before(async () => {
        env = await startEmulatorStack({
            seed: [
                { id: A, counters: { installedDeviceCount: 11, failedDeviceCount: 2 } },
                { id: B, counters: { installedDeviceCount: 30 } },
            ],
            apps: [
                { name: "retired", mobileAppId: A, installedDeviceCount: 4, failedDeviceCount: 3, restoreOnDestroy: true },
                { name: "ignored", mobileAppId: B, installedDeviceCount: 5, restoreOnDestroy: true },
            ],
            config: { "intune:verifyTimeoutMs": "300" },
        });
        assert.deepEqual(
            (await env.stack.up()).map((s) => s.error),
            [undefined, undefined],
        );
        // Then Graph stops serving A's summary, and stops applying writes.
        env.emulator.apps.get(A)!.summaryRetired = true;
        env.emulator.behaviour.ignoreWrites = true;
    });
    after(async () => {
        await Promise.all(stacks.map((s) => s.stop()));
        await env?.stop();
    });

    it("destroy fails naming the values it could not restore and the one step that destroys without restoring; the stack keeps both", async () => {
        const steps = await env.stack.destroy();
        const errorOf = (name: string) => steps.find((s) => s.name === name)?.error ?? "(no error)";
        const [retired, ignored] = [errorOf("retired"), errorOf("ignored")];
        assert.match(
            retired,
            new RegExp(
                `^Could not restore the install summary of app ${A} to its values before adoption \\(installedDeviceCount = 11, failedDeviceCount = 2\\): ` +
                    `Graph PATCH .* failed: 404 BadRequest: .*\\. The app exists, but Graph does not serve its installSummary.*` +
                    `To destroy without restoring, run INTUNE_SKIP_RESTORE_ON_DESTROY=true pulumi destroy \\(or set intune:skipRestoreOnDestroy to true\\): ` +
                    `the stack then forgets the resource and the tenant keeps the values it has now\\.$`,
            ),
        );
        assert.doesNotMatch(retired, /remove the resource/, "destroy is what removes the resource: no advice to do so");
        assert.match(
            ignored,
            new RegExp(
                `^Could not restore the install summary of app ${B} .*\\(installedDeviceCount = 30\\): Graph accepted the PATCH .* but did not apply it`,
            ),
        );
        assert.match(ignored, /To destroy without restoring, run INTUNE_SKIP_RESTORE_ON_DESTROY=true pulumi destroy/);
        assert.equal(env.stack.engine.state.size, 2, "nothing was removed: the next destroy can try again");
    });

    it("INTUNE_SKIP_RESTORE_ON_DESTROY=true pulumi destroy: both are removed with a warning naming the values not restored, and nothing is sent", async () => {
        const stack = await LocalStack.start({
            programDir: STACK_CONFIG_PROGRAM,
            config: { "intune:graphEndpoint": env.emulator.baseUrl },
            secretConfig: { "intune:accessToken": TEST_TOKEN },
            hostEnv: { PATH: process.env.PATH, HOME: process.env.HOME, INTUNE_SKIP_RESTORE_ON_DESTROY: "true" },
        });
        stacks.push(stack);
        stack.engine.restore(env.stack.engine.snapshot());
        env.emulator.clearRequests();
        assert.deepEqual((await stack.destroy()).map((s) => [s.name, s.error]).sort(), [
            ["ignored", undefined],
            ["retired", undefined],
        ]);
        assert.equal(stack.engine.state.size, 0);
        assert.deepEqual(env.emulator.graphRequests(), []);
        assert.match(
            stack.host.stderr,
            new RegExp(
                `intune: warning: delete ${A}: removed from the stack without restoring the values seen before adoption ` +
                    `\\(installedDeviceCount = 11, failedDeviceCount = 2\\), as INTUNE_SKIP_RESTORE_ON_DESTROY \\(environment, for intune:skipRestoreOnDestroy\\) says; ` +
                    `the tenant keeps the values it has now\\.`,
            ),
        );
        assert.match(stack.host.stderr, new RegExp(`intune: warning: delete ${B}: removed from the stack without restoring .*\\(installedDeviceCount = 30\\)`));
    });
});
