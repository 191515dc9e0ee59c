/**
 * The stack-config example's life cycle through the real `pulumi` CLI, as a user runs it: a program folder
 * outside the repository with the package installed from its tarball, a local file backend, the
 * Graph emulator. Each step asserts what the user reads (the CLI's text and its `--json` digest),
 * what reached Graph (the emulator's requests), and what the state holds (`pulumi stack export`).
 */
import { strict as assert } from "node:assert";
import { APPS_KEY, APP_IDS } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { summarySteps } from "./support/pulumiCli";

const [TEAMS, OUTLOOK, PORTAL] = APP_IDS;
const NEW_APP = "7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

/** The stack-config example's stack config: three apps, one restored on destroy. */
const APPS = [
    { name: "teams", mobileAppId: TEAMS, installedDeviceCount: 4, failedDeviceCount: 1 },
    { name: "outlook", mobileAppId: OUTLOOK, installedUserCount: 2 },
    { name: "portal", mobileAppId: PORTAL, installedDeviceCount: 120, restoreOnDestroy: true },
];

describe("real CLI: the stack-config example's life cycle", function () {
    this.timeout(300_000);
    let f: CliFixture;

    before(async function () {
        f = await cliFixture(this, {
            source: "examples/stack-config",
            seed: [
                { id: TEAMS, counters: { installedDeviceCount: 0, failedDeviceCount: 9 } },
                { id: OUTLOOK, counters: { installedUserCount: 1 } },
                { id: PORTAL, counters: { installedDeviceCount: 2 } },
                { id: NEW_APP, counters: { installedDeviceCount: 3 } },
            ],
            structured: { [APPS_KEY]: APPS },
        });
    });
    after(() => f?.dispose());

    it("preview --diff shows each app's declared counters to create, and sends no request", async () => {
        const { stdout } = await f.stack.preview(["--diff"]);
        assert.match(
            stdout,
            /\+ pulumi-nodejs:dynamic\/intune:MobileAppInstallSummary: \(create\)\n\s+\[urn=\S+::teams\]\n\s+failedDeviceCount\s+: 1\n\s+installedDeviceCount: 4\n\s+mobileAppId\s+: "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b"/,
        );
        assert.match(
            stdout,
            /\[urn=\S+::portal\]\n\s+installedDeviceCount: 120\n\s+mobileAppId\s+: "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"\n\s+restoreOnDestroy\s+: true/,
        );
        assert.match(stdout, /\+ 4 to create/);
        assert.deepEqual(takeRequests(f.emulator), {});
    });

    it("preview --json has one create step per app", async () => {
        const digest = await f.stack.previewJson();
        assert.deepEqual(summarySteps(digest), ["outlook create", "portal create", "teams create"]);
        assert.deepEqual(digest.changeSummary, { create: 4 });
        assert.deepEqual(takeRequests(f.emulator), {});
    });

    it("up reads each app, writes its declared counters that differ with one PATCH, reads back, and records the live values", async () => {
        const { stdout } = await f.stack.up();
        assert.match(stdout, /\+ 4 created/);
        // A GET first for each (the write it may save; for the app restored on destroy, its values before adoption), a read-back after each 204.
        assert.deepEqual(takeRequests(f.emulator), { GET: 6, PATCH: 3 });
        assert.deepEqual([f.emulator.counters(TEAMS).installedDeviceCount, f.emulator.counters(TEAMS).failedDeviceCount], [4, 1]);
        assert.equal(f.emulator.counters(OUTLOOK).installedUserCount, 2);
        assert.equal(f.emulator.counters(PORTAL).installedDeviceCount, 120);
        const state = await f.stack.resources();
        assert.deepEqual([...state.keys()].sort(), ["outlook", "portal", "teams"]);
        assert.equal(state.get("teams")!.id, TEAMS);
        assert.equal(state.get("teams")!.outputs!.installedDeviceCount, 4);
        assert.equal(state.get("outlook")!.outputs!.failedDeviceCount, 0, "an undeclared counter is read back, not managed");
        assert.deepEqual(state.get("portal")!.outputs!.valuesBeforeAdoption, { installedDeviceCount: 2 });
    });

    it("preview --expect-no-changes passes right after, with no request", async () => {
        const { stdout } = await f.stack.preview(["--expect-no-changes"]);
        assert.match(stdout, /4 unchanged/);
        assert.deepEqual(takeRequests(f.emulator), {});
    });

    it("drift made in Intune: refresh records it, preview shows live => declared, up puts it back with one PATCH", async () => {
        f.emulator.setCounters(TEAMS, { installedDeviceCount: 7 });
        const refresh = await f.stack.refresh();
        assert.match(refresh.stdout, /teams updated \([\d.]+s\) \[diff: ~installedDeviceCount\]/);
        assert.deepEqual(takeRequests(f.emulator), { GET: 3 });
        assert.equal((await f.stack.resources()).get("teams")!.outputs!.installedDeviceCount, 7, "refresh recorded the live value");

        const diff = await f.stack.preview(["--diff"]);
        assert.match(diff.stdout, /~ pulumi-nodejs:dynamic\/intune:MobileAppInstallSummary: \(update\)\n\s+\[id=3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b\]/);
        assert.match(diff.stdout, /~ installedDeviceCount: 7 => 4/);
        assert.match(diff.stdout, /~ 1 to update\n\s+3 unchanged/);
        const digest = await f.stack.previewJson();
        const teams = digest.steps.find((s) => s.urn.endsWith("::teams"))!;
        assert.equal(teams.op, "update");
        assert.deepEqual([teams.oldState?.inputs?.installedDeviceCount, teams.newState?.inputs?.installedDeviceCount], [7, 4]);
        await assert.rejects(f.stack.preview(["--expect-no-changes"]), /error: no changes were expected for preview but changes were proposed/);
        assert.deepEqual(takeRequests(f.emulator), {});

        const up = await f.stack.up();
        assert.match(up.stdout, /teams updated \([\d.]+s\) \[diff: ~installedDeviceCount\]/);
        assert.deepEqual(takeRequests(f.emulator), { PATCH: 1, GET: 1 });
        assert.equal(f.emulator.counters(TEAMS).installedDeviceCount, 4);
        assert.equal(f.emulator.graphRequests().length, 0);
        await f.stack.preview(["--expect-no-changes"]);
    });

    it("a declared counter changed in the program's config: preview shows the update, up sends one PATCH of that counter", async () => {
        f.stack.setStructuredConfig(
            APPS_KEY,
            APPS.map((a) => (a.name === "outlook" ? { ...a, installedUserCount: 5 } : a)),
        );
        const diff = await f.stack.preview(["--diff"]);
        assert.match(diff.stdout, /::outlook\]\n\s+~ installedUserCount: 2 => 5/);
        await f.stack.up();
        const patches = f.emulator.graphRequests("PATCH");
        assert.deepEqual(
            patches.map((r) => [r.path.split("/")[4], JSON.parse(r.body!)]),
            [[OUTLOOK, { installedUserCount: 5 }]],
        );
        takeRequests(f.emulator);
        assert.equal(f.emulator.counters(OUTLOOK).installedUserCount, 5);
    });

    it("a changed mobileAppId is a replace: preview --json says so, up adopts the new app and leaves the old one", async () => {
        const apps = APPS.map((a) => (a.name === "teams" ? { ...a, mobileAppId: NEW_APP } : a.name === "outlook" ? { ...a, installedUserCount: 5 } : a));
        f.stack.setStructuredConfig(APPS_KEY, apps);
        const digest = await f.stack.previewJson();
        const teams = digest.steps.find((s) => s.urn.endsWith("::teams"))!;
        assert.equal(teams.op, "replace");
        assert.deepEqual(teams.replaceReasons, ["mobileAppId"]);
        const up = await f.stack.up();
        assert.match(up.stdout, /\+-\s*1 replaced/);
        assert.deepEqual([f.emulator.counters(NEW_APP).installedDeviceCount, f.emulator.counters(NEW_APP).failedDeviceCount], [4, 1]);
        assert.equal(f.emulator.counters(TEAMS).installedDeviceCount, 4, "the old app keeps its values");
        assert.equal((await f.stack.resources()).get("teams")!.id, NEW_APP);
        takeRequests(f.emulator);
    });

    it("destroy empties the stack; restoreOnDestroy PATCHes the values seen before adoption, the others are left as they are", async () => {
        const { stdout } = await f.stack.destroy();
        assert.match(stdout, /- 4 deleted/);
        assert.match(stdout, /intune: delete b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e: restored the values seen before adoption \(installedDeviceCount = 2\)/);
        assert.equal(f.emulator.counters(PORTAL).installedDeviceCount, 2, "restored");
        assert.equal(f.emulator.counters(NEW_APP).installedDeviceCount, 4, "left as it is");
        assert.deepEqual(
            f.emulator.graphRequests("PATCH").map((r) => r.path.split("/")[4]),
            [PORTAL],
        );
        assert.deepEqual((await f.stack.exportState()).deployment.resources ?? [], [], "not even the stack resource is left");
    });
});
