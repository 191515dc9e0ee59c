/**
 * The plugin installed for offline use, through the real `pulumi` CLI: the bundle of
 * `npm run plugin:bundle` (the executable and its own node_modules, no package.json) installed with
 * `pulumi plugin install resource intune <version> --file`, then a Pulumi YAML program without a
 * `plugins` section finds it in PULUMI_HOME. (The other way, a path in `plugins.providers` to the
 * package's plugin folder in node_modules, is what every other test of the plugin runs.)
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { bundlePlugin } from "../../scripts/pluginBundle";
import { packageVersion } from "../../provider/session/packageInfo";
import { APP_IDS } from "../support/fixtures";
import { CliFixture, cliFixture, takeRequests } from "./support/cliFixture";
import { writeYamlResources } from "./support/yamlProgram";

describe("real CLI: the plugin bundle installed offline with pulumi plugin install --file", function () {
    this.timeout(600_000);
    let f: CliFixture;
    let bundle: string;

    before(async function () {
        f = await cliFixture(this, { source: "examples/plugin-yaml", seed: [{ id: APP_IDS[0] }] });
        bundle = await bundlePlugin(f.workspace.home);
        // Without the plugins section and without node_modules: the program finds the plugin only where it is installed.
        const file = path.join(f.workspace.programDir, "Pulumi.yaml");
        const project = yaml.load(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
        delete project.plugins;
        fs.writeFileSync(file, yaml.dump(project));
        fs.rmSync(path.join(f.workspace.programDir, "node_modules"), { recursive: true });
        writeYamlResources(f.workspace.programDir, { teams: { properties: { mobileAppId: APP_IDS[0], installedDeviceCount: 4 } } }, {});
    });
    after(() => f?.dispose());

    it("the bundle holds the executable and its node_modules, and no package.json (so the CLI runs no npm install)", () => {
        const listing = execFileSync("tar", ["-tzf", bundle], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).split("\n");
        assert.ok(listing.includes("./pulumi-resource-intune"));
        assert.ok(listing.includes("./node_modules/pulumi-intune-install-summary/dist/plugin/main.js"));
        assert.ok(listing.includes("./node_modules/@pulumi/pulumi/proto/provider_grpc_pb.js"));
        assert.ok(!listing.includes("./package.json"));
    });

    it("pulumi plugin install puts it into PULUMI_HOME, and a program without a plugins section runs up and destroy on it", async () => {
        const version = packageVersion();
        await f.workspace.run(["plugin", "install", "resource", "intune", version, "--file", bundle]);
        const installed = path.join(f.workspace.home, ".pulumi", "plugins", `resource-intune-v${version}`);
        assert.ok(fs.existsSync(path.join(installed, "pulumi-resource-intune")));
        const list = await f.workspace.run(["plugin", "ls"]);
        assert.match(list.stdout, new RegExp(`intune\\s+resource\\s+${version.replace(/\./g, "\\.")}`));

        const up = await f.stack.up();
        assert.match(up.stdout, /\+ 2 created/);
        assert.equal(f.emulator.counters(APP_IDS[0]).installedDeviceCount, 4);
        await f.stack.destroy();
        takeRequests(f.emulator);
    });
});
