/**
 * A stack written by release 0.1.0 through the real CLI (`test/fixtures/cli-v0.1.0/`: the
 * `pulumi stack export` and the stack's settings file, token encrypted with the passphrase
 * `fixture-passphrase`), imported into a fresh backend and then previewed, refreshed, updated and
 * destroyed by this code. Its `__provider` is 0.1.0's serialized forwarder: every operation on it
 * must reach the installed package. Keep one fixture per released version.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { APPS_KEY, REPO_ROOT } from "../support/fixtures";
import { CliStack, PulumiWorkspace } from "../../scripts/cli/pulumiWorkspace";
import { requirePulumiCli } from "./support/pulumiCli";
import { userProgram } from "../../scripts/cli/userProgram";
import { takeRequests } from "./support/cliFixture";

const FIXTURE = path.join(REPO_ROOT, "test", "fixtures", "cli-v0.1.0");
const TOKEN = "fixture-token-0001";
const [TEAMS, OUTLOOK, PORTAL] = ["3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b", "0f6e2d4c-8b1a-4c3d-9e5f-6a7b8c9d0e1f", "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"];

describe("real CLI: a stack written by release 0.1.0", function () {
    this.timeout(300_000);
    let emulator: GraphEmulator;
    let workspace: PulumiWorkspace;
    let stack: CliStack;

    before(async function () {
        const cli = await requirePulumiCli(this);
        emulator = new GraphEmulator({ tokens: [TOKEN] });
        const url = await emulator.start();
        // The tenant as 0.1.0 left it: the declared values applied.
        emulator.addApp(TEAMS, { installedDeviceCount: 4, failedDeviceCount: 1, notInstalledDeviceCount: 7 });
        emulator.addApp(OUTLOOK, { installedUserCount: 2, failedUserCount: 15, notInstalledUserCount: 5 });
        emulator.addApp(PORTAL, { installedDeviceCount: 120 });
        workspace = new PulumiWorkspace(cli, await userProgram("examples/stack-config"), "fixture-passphrase");
        fs.copyFileSync(path.join(FIXTURE, "Pulumi.fixture.yaml"), path.join(workspace.programDir, "Pulumi.fixture.yaml"));
        stack = await CliStack.init(workspace, "fixture");
        await stack.run(["stack", "import", "--file", path.join(FIXTURE, "stack.json")]);
        await stack.setConfig({ "intune:graphEndpoint": url });
    });
    after(async () => {
        await emulator?.stop();
        workspace?.dispose();
    });

    it("preview shows no change and sends no request: the new code diffs the old state explicitly", async () => {
        const { stdout } = await stack.preview(["--expect-no-changes"]);
        assert.match(stdout, /4 unchanged/);
        assert.deepEqual(takeRequests(emulator), {});
    });

    it("refresh --run-program reads each app through 0.1.0's serialized provider and finds no drift", async () => {
        // A plain refresh would configure the provider from the state, which names 0.1.0's emulator
        // endpoint; --run-program takes the stack config as it is now (docs/operations.md).
        const { stdout } = await stack.refresh(["--run-program", "--expect-no-changes"]);
        assert.match(stdout, /4 unchanged/);
        assert.deepEqual(takeRequests(emulator), { GET: 3 });
    });

    it("a changed counter updates with one PATCH", async () => {
        const doc = fs.readFileSync(stack.configFile, "utf8").replace("installedDeviceCount: 4", "installedDeviceCount: 6");
        fs.writeFileSync(stack.configFile, doc);
        assert.match(fs.readFileSync(stack.configFile, "utf8"), new RegExp(`${APPS_KEY}:`));
        await stack.up();
        assert.deepEqual(
            emulator.graphRequests("PATCH").map((r) => [r.path.split("/")[4], r.body]),
            [[TEAMS, '{"installedDeviceCount":6}']],
        );
        takeRequests(emulator);
        await stack.preview(["--expect-no-changes"]);
    });

    it("destroy restores the values 0.1.0 recorded before adoption", async () => {
        await stack.destroy();
        assert.equal(emulator.counters(PORTAL).installedDeviceCount, 0);
        assert.equal(emulator.counters(TEAMS).installedDeviceCount, 6, "not restored: restoreOnDestroy was not set");
        assert.deepEqual((await stack.exportState()).deployment.resources ?? [], []);
    });
});
