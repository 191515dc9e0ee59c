/**
 * The Automation API with an inline program, the way a team drives deployments from its own Node
 * code: `LocalWorkspace.createOrSelectStack({ stackName, projectName, program })` runs the real
 * CLI (with `--client`: no language host), whose dynamic-provider host serves the resources the
 * inline program declares. The host runs in `workDir`, a folder where the package is installed.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { MobileAppInstallSummary } from "../../provider";
import { APP_IDS, TEST_TOKEN } from "../support/fixtures";
import { requirePulumiCli } from "./support/pulumiCli";
import { ProcessWatch } from "../../scripts/cli/processWatch";
import { userProgram } from "../../scripts/cli/userProgram";

describe("real CLI: an Automation API inline program", function () {
    this.timeout(300_000);
    let emulator: GraphEmulator;
    let home: string;
    let workDir: string;
    let command: PulumiCommand;

    before(async function () {
        const cli = await requirePulumiCli(this);
        emulator = new GraphEmulator({ tokens: [TEST_TOKEN] });
        await emulator.start();
        emulator.addApp(APP_IDS[0], { installedDeviceCount: 1 });
        home = fs.mkdtempSync(path.join(os.tmpdir(), "intune-automation-"));
        // PulumiCommand.get({ root }) runs <root>/bin/pulumi; the engine finds the plugin next to the real path.
        fs.mkdirSync(path.join(home, "cli", "bin"), { recursive: true });
        fs.symlinkSync(cli.pulumi, path.join(home, "cli", "bin", "pulumi"));
        command = await PulumiCommand.get({ root: path.join(home, "cli") });
        workDir = await userProgram("examples/stack-config");
    });
    after(async () => {
        await emulator?.stop();
        if (home) {
            fs.rmSync(home, { recursive: true, force: true });
        }
    });

    it("up, refresh and destroy an inline program's resource, leaving no process behind", async () => {
        // Every process this test process starts from here on: the CLI runs and their hosts.
        const watch = new ProcessWatch(process.pid);
        const stack = await LocalWorkspace.createOrSelectStack(
            {
                stackName: "automation",
                projectName: "intune-automation",
                program: async () => {
                    const summary = new MobileAppInstallSummary("teams", { mobileAppId: APP_IDS[0], installedDeviceCount: 9 });
                    return { installedDeviceCount: summary.installedDeviceCount };
                },
            },
            {
                workDir,
                pulumiCommand: command,
                envVars: {
                    PULUMI_HOME: path.join(home, ".pulumi"),
                    PULUMI_BACKEND_URL: `file://${home}`,
                    PULUMI_CONFIG_PASSPHRASE: "automation",
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                    NO_PROXY: "127.0.0.1",
                },
            },
        );
        await stack.setConfig("intune:graphEndpoint", { value: emulator.baseUrl });
        await stack.setConfig("intune:accessToken", { value: TEST_TOKEN, secret: true });

        const up = await stack.up();
        assert.equal(up.summary.result, "succeeded");
        assert.equal(up.outputs.installedDeviceCount.value, 9);
        assert.equal(emulator.counters(APP_IDS[0]).installedDeviceCount, 9);

        emulator.setCounters(APP_IDS[0], { installedDeviceCount: 2 });
        const refresh = await stack.refresh();
        assert.deepEqual(refresh.summary.resourceChanges, { update: 1, same: 1 });

        const preview = await stack.preview();
        assert.deepEqual(preview.changeSummary, { update: 1, same: 1 });

        const destroy = await stack.destroy();
        assert.equal(destroy.summary.result, "succeeded");
        assert.equal(emulator.counters(APP_IDS[0]).installedDeviceCount, 2, "destroy leaves the tenant as it is");
        await stack.workspace.removeStack("automation");
        watch.stop();
        watch.scan();
        assert.ok(
            watch.everSeen().some((p) => /cmd\/dynamic-provider\/index\.js/.test(p.command)),
            "the dynamic-provider host ran",
        );
        assert.deepEqual(
            watch.killLeftovers().map((p) => p.command),
            [],
        );
    });
});
