/**
 * How the package is installed decides what every resource stores as its serialized provider
 * (`__provider`, twice per resource in state): a real copy in `node_modules` (tarball or registry
 * install) stores one `require()` of the package's `dynamic-provider` export; a linked install
 * (`npm link`, `file:` links, workspaces) stores the small forwarder. Both serve the whole life
 * cycle through the real CLI.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { APPS_KEY, APP_IDS, REPO_ROOT } from "../support/fixtures";
import { CliFixture, cliFixture } from "./support/cliFixture";
import { StateResource } from "../../scripts/cli/pulumiWorkspace";

const APPS = APP_IDS.map((id, i) => ({ name: `app-${i}`, mobileAppId: id, installedDeviceCount: i + 1, failedDeviceCount: 0 }));

/** Bytes of a resource's inputs and outputs together, as the state stores them (JSON). */
function stateBytes(r: StateResource): number {
    return Buffer.byteLength(JSON.stringify(r.inputs ?? {})) + Buffer.byteLength(JSON.stringify(r.outputs ?? {}));
}

async function lifecycle(f: CliFixture): Promise<Map<string, StateResource>> {
    await f.stack.up();
    const state = await f.stack.resources();
    f.emulator.setCounters(APP_IDS[0], { installedDeviceCount: 9 });
    await f.stack.refresh();
    await f.stack.up();
    assert.equal(f.emulator.counters(APP_IDS[0]).installedDeviceCount, 1);
    await f.stack.destroy();
    return state;
}

describe("real CLI: what an install stores per resource", function () {
    this.timeout(300_000);

    describe("installed from the tarball (a real copy in node_modules)", () => {
        let f: CliFixture;
        before(async function () {
            f = await cliFixture(this, { source: "examples/stack-config", seed: APP_IDS.map((id) => ({ id })), structured: { [APPS_KEY]: APPS } });
        });
        after(() => f?.dispose());

        it("stores __provider as one require() of the package's dynamic-provider export, at most 2.5 KB of state per resource", async () => {
            const state = await lifecycle(f);
            for (const r of state.values()) {
                const provider = String(r.inputs!.__provider);
                assert.match(provider, /require\("pulumi-intune-install-summary\/dynamic-provider"\)/);
                assert.ok(provider.length < 400, `__provider is ${provider.length} bytes`);
                assert.equal(r.outputs!.__provider, provider);
                assert.ok(stateBytes(r) <= 2500, `inputs and outputs take ${stateBytes(r)} bytes`);
            }
        });
    });

    describe("linked into the program's node_modules (npm link)", () => {
        let f: CliFixture;
        before(async function () {
            f = await cliFixture(this, { source: "examples/stack-config", seed: APP_IDS.map((id) => ({ id })), structured: { [APPS_KEY]: APPS } });
            const installed = path.join(f.workspace.programDir, "node_modules", "pulumi-intune-install-summary");
            fs.rmSync(installed, { recursive: true });
            fs.symlinkSync(REPO_ROOT, installed);
        });
        after(() => f?.dispose());

        it("stores the forwarder, which requires the package by name in the host", async () => {
            const state = await lifecycle(f);
            for (const r of state.values()) {
                const provider = String(r.inputs!.__provider);
                assert.match(provider, /require\("pulumi-intune-install-summary\/dynamic-provider"\)\.create\(n\)/);
                assert.ok(provider.length < 2500, `__provider is ${provider.length} bytes`);
            }
        });
    });
});
