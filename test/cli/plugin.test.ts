/**
 * The native provider plugin `pulumi-resource-intune` through the real `pulumi` CLI, in a Pulumi
 * YAML program (examples/plugin-yaml) with the package installed from its tarball and the plugin
 * found through `plugins.providers` in Pulumi.yaml; the default provider configured from stack
 * config `intune:*`. The life cycle of the dynamic provider's suite (`./lifecycle.test.ts`), plus
 * what only a native provider gives: `detailedDiff` per counter in `preview --json`, update vs
 * replace, state without a serialized provider, and a misspelt config key rejected by CheckConfig.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { APP_IDS, REPO_ROOT } from "../support/fixtures";
import { PreviewDigest, StateResource } from "../../scripts/cli/pulumiWorkspace";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { NATIVE_TYPE, YamlResource, writeYamlResources } from "./support/yamlProgram";

const [TEAMS, OUTLOOK, PORTAL] = APP_IDS;
const NEW_APP = "7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f";

const PROGRAM: Record<string, YamlResource> = {
    teams: { properties: { mobileAppId: TEAMS, installedDeviceCount: 4, failedDeviceCount: 1 } },
    outlook: { properties: { mobileAppId: OUTLOOK, installedUserCount: 2 } },
    portal: { properties: { mobileAppId: PORTAL, installedDeviceCount: 120, restoreOnDestroy: true } },
};

/** Each changed resource's detailed diff, `name → property → kind`, from `preview --json`. */
function detailedDiffs(digest: PreviewDigest): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const step of digest.steps.filter((s) => s.urn.includes(NATIVE_TYPE) && s.op !== "same")) {
        out[step.urn.slice(step.urn.lastIndexOf("::") + 2)] = Object.fromEntries(Object.entries(step.detailedDiff ?? {}).map(([key, d]) => [key, d.kind]));
    }
    return out;
}

/** Bytes of a resource's inputs and outputs together, as the state stores them (JSON). */
function stateBytes(r: StateResource): number {
    return Buffer.byteLength(JSON.stringify(r.inputs ?? {})) + Buffer.byteLength(JSON.stringify(r.outputs ?? {}));
}

describe("real CLI: the native provider plugin in a Pulumi YAML program", function () {
    this.timeout(300_000);
    let f: CliFixture;

    before(async function () {
        f = await cliFixture(this, {
            source: "examples/plugin-yaml",
            seed: [
                { id: TEAMS, counters: { installedDeviceCount: 0, failedDeviceCount: 9 } },
                { id: OUTLOOK, counters: { installedUserCount: 1 } },
                { id: PORTAL, counters: { installedDeviceCount: 2 } },
                { id: NEW_APP, counters: { installedDeviceCount: 3 } },
            ],
        });
        writeYamlResources(f.workspace.programDir, PROGRAM, {});
    });
    after(() => f?.dispose());

    it("pulumi package get-schema prints the committed schema, from the installed plugin (GetSchema)", async () => {
        const plugin = path.join(f.workspace.programDir, "node_modules", "pulumi-intune-install-summary", "plugin", "pulumi-resource-intune");
        const { stdout } = await f.workspace.run(["package", "get-schema", plugin]);
        assert.deepEqual(JSON.parse(stdout), JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "plugin", "schema.json"), "utf8")));
    });

    it("preview --json has one create step per app, under the native type token, and sends no request", async () => {
        const digest = await f.stack.previewJson();
        assert.deepEqual(digest.changeSummary, { create: 4 }, "three summaries and the stack");
        const teams = digest.steps.find((s) => s.urn.endsWith("::teams"))!;
        assert.equal(teams.op, "create");
        assert.equal(teams.urn, `urn:pulumi:dev::intune-plugin-yaml::${NATIVE_TYPE}::teams`);
        assert.deepEqual(takeRequests(f.emulator), {});
    });

    it("up writes each app's declared counters with one PATCH and reads back; state holds no serialized provider and at most 700 bytes per resource", async () => {
        const { stdout } = await f.stack.up();
        assert.match(stdout, /\+ 4 created/);
        // As the dynamic provider: a GET first for each (the write it may save), a read-back after each 204.
        assert.deepEqual(takeRequests(f.emulator), { GET: 6, PATCH: 3 });
        assert.deepEqual([f.emulator.counters(TEAMS).installedDeviceCount, f.emulator.counters(TEAMS).failedDeviceCount], [4, 1]);
        assert.equal(f.emulator.counters(OUTLOOK).installedUserCount, 2);
        const state = await f.stack.resources(NATIVE_TYPE);
        assert.deepEqual([...state.keys()].sort(), ["outlook", "portal", "teams"]);
        assert.equal(state.get("teams")!.id, TEAMS);
        assert.deepEqual(state.get("portal")!.outputs!.valuesBeforeAdoption, { installedDeviceCount: 2 });
        for (const [name, r] of state) {
            assert.ok(!("__provider" in (r.inputs ?? {})) && !("__provider" in (r.outputs ?? {})), name);
            assert.ok(stateBytes(r) <= 700, `${name}: inputs and outputs take ${stateBytes(r)} bytes`);
        }
    });

    it("preview --expect-no-changes passes right after, with no request", async () => {
        const { stdout } = await f.stack.preview(["--expect-no-changes"]);
        assert.match(stdout, /4 unchanged/);
        assert.deepEqual(takeRequests(f.emulator), {});
    });

    it("drift made in Intune: refresh records it, preview --json names the counter in detailedDiff, up puts it back with one PATCH", async () => {
        f.emulator.setCounters(TEAMS, { installedDeviceCount: 7 });
        const refresh = await f.stack.refresh();
        assert.match(refresh.stdout, /teams updated \([\d.]+s\) \[diff: ~installedDeviceCount\]/);
        assert.deepEqual(takeRequests(f.emulator), { GET: 3 });
        assert.equal((await f.stack.resources(NATIVE_TYPE)).get("teams")!.outputs!.installedDeviceCount, 7);

        const digest = await f.stack.previewJson();
        assert.deepEqual(detailedDiffs(digest), { teams: { installedDeviceCount: "update" } });
        const teams = digest.steps.find((s) => s.urn.endsWith("::teams"))!;
        assert.deepEqual(teams.diffReasons, ["installedDeviceCount"]);
        const diff = await f.stack.preview(["--diff"]);
        assert.match(diff.stdout, /~ intune:index:MobileAppInstallSummary: \(update\)\n\s+\[id=3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b\]/);
        assert.match(diff.stdout, /~ installedDeviceCount: 7 => 4/);
        assert.deepEqual(takeRequests(f.emulator), {});

        const up = await f.stack.up();
        assert.match(up.stdout, /teams updated \([\d.]+s\) \[diff: ~installedDeviceCount\]/);
        assert.deepEqual(takeRequests(f.emulator), { PATCH: 1, GET: 1 });
        assert.equal(f.emulator.counters(TEAMS).installedDeviceCount, 4);
        await f.stack.preview(["--expect-no-changes"]);
    });

    it("counters changed, newly declared and no longer declared are update, add and delete in detailedDiff; up PATCHes only the changed value", async () => {
        writeYamlResources(f.workspace.programDir, {
            ...PROGRAM,
            teams: { properties: { mobileAppId: TEAMS, installedDeviceCount: 4 } },
            outlook: { properties: { mobileAppId: OUTLOOK, installedUserCount: 5, failedUserCount: 0 } },
        });
        const digest = await f.stack.previewJson();
        assert.deepEqual(detailedDiffs(digest), {
            teams: { failedDeviceCount: "delete" },
            outlook: { installedUserCount: "update", failedUserCount: "add" },
        });
        assert.deepEqual(takeRequests(f.emulator), {});
        await f.stack.up();
        assert.deepEqual(
            f.emulator.graphRequests("PATCH").map((r) => [r.path.split("/")[4], JSON.parse(r.body!)]),
            [[OUTLOOK, { installedUserCount: 5 }]],
        );
        takeRequests(f.emulator);
        assert.equal(f.emulator.counters(TEAMS).failedDeviceCount, 1, "a counter no longer declared keeps its value in Intune");
        assert.deepEqual((await f.stack.resources(NATIVE_TYPE)).get("teams")!.outputs!.declaredCounters, ["installedDeviceCount"]);
        await f.stack.preview(["--expect-no-changes"]);
    });

    it("a changed mobileAppId is a replace: detailedDiff says update-replace, up adopts the new app and leaves the old one", async () => {
        writeYamlResources(f.workspace.programDir, {
            ...PROGRAM,
            teams: { properties: { mobileAppId: NEW_APP, installedDeviceCount: 4 } },
            outlook: { properties: { mobileAppId: OUTLOOK, installedUserCount: 5, failedUserCount: 0 } },
        });
        const digest = await f.stack.previewJson();
        const teams = digest.steps.find((s) => s.urn.endsWith("::teams"))!;
        assert.equal(teams.op, "replace");
        assert.deepEqual(teams.replaceReasons, ["mobileAppId"]);
        assert.deepEqual(detailedDiffs(digest), { teams: { mobileAppId: "update-replace" } });
        const up = await f.stack.up();
        assert.match(up.stdout, /\+-\s*1 replaced/);
        assert.equal(f.emulator.counters(NEW_APP).installedDeviceCount, 4);
        assert.equal(f.emulator.counters(TEAMS).installedDeviceCount, 4, "the old app keeps its values");
        assert.equal((await f.stack.resources(NATIVE_TYPE)).get("teams")!.id, NEW_APP);
        takeRequests(f.emulator);
    });

    it("destroy empties the stack; restoreOnDestroy PATCHes the values seen before adoption, the others are left as they are", async () => {
        const { stdout } = await f.stack.destroy();
        assert.match(stdout, /- 4 deleted/);
        assert.match(stdout, /intune: delete b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e: restored the values seen before adoption \(installedDeviceCount = 2\)/);
        assert.equal(f.emulator.counters(PORTAL).installedDeviceCount, 2, "restored");
        assert.deepEqual(
            f.emulator.graphRequests("PATCH").map((r) => r.path.split("/")[4]),
            [PORTAL],
        );
        takeRequests(f.emulator);
        assert.deepEqual((await f.stack.exportState()).deployment.resources ?? [], []);
    });

    it("a misspelt intune:* key is rejected by CheckConfig before any request, naming the key and the one meant", async () => {
        writeYamlResources(f.workspace.programDir, PROGRAM);
        await f.stack.setConfig({ "intune:graphEndpont": "http://127.0.0.1:1" });
        const preview = await f.stack.preview([], { allowFailure: true });
        assert.notEqual(preview.code, 0);
        assert.match(
            preview.stdout + preview.stderr,
            /pulumi:providers:intune resource 'default' has a problem: intune:graphEndpont: no such key; did you mean intune:graphEndpoint\?/,
        );
        assert.deepEqual(takeRequests(f.emulator), {});
        await f.stack.run(["config", "rm", "intune:graphEndpont"]);
    });
});
