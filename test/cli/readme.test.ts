/**
 * The README's "With the Pulumi CLI" commands, run verbatim through the real CLI in a copy of
 * examples/basic: only the emulator's URL and token take the place of the README's placeholders.
 *
 * `pulumi login --local` keeps the state in `~/.pulumi` of the user in /etc/passwd (the CLI reads
 * the account's home, not $HOME), so the commands run in a private mount namespace where a temp
 * folder is mounted over that `~/.pulumi`: the machine's own Pulumi state is never touched.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GraphEmulator } from "../../emulator/graphEmulator";
import { REPO_ROOT } from "../support/fixtures";
import { PulumiWorkspace } from "../../scripts/cli/pulumiWorkspace";
import { requirePulumiCli } from "./support/pulumiCli";
import { userProgram } from "../../scripts/cli/userProgram";

const APP = "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b";
const TOKEN = "readme-token-7Qm2";

/** The commands of the first `sh` block after a heading. */
function commandsUnder(heading: string): string[] {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf(`\n${heading}\n`));
    const block = /```sh\n([\s\S]*?)```/.exec(section);
    assert.ok(block, `a sh block under ${heading}`);
    return block[1].split("\n").filter((line) => line.trim() !== "");
}

describe("real CLI: README, With the Pulumi CLI", function () {
    this.timeout(300_000);
    const accountPulumiDir = path.join(os.userInfo().homedir, ".pulumi");
    let createdMountPoint = false;
    let emulator: GraphEmulator;
    let workspace: PulumiWorkspace;
    let localState: string;

    before(async function () {
        const cli = await requirePulumiCli(this);
        if (spawnSync("unshare", ["--mount", "--propagation", "private", "true"]).status !== 0) {
            if (process.env.CI === "true") {
                throw new Error("CI=true and no private mount namespace (unshare --mount, as root) to isolate `pulumi login --local`");
            }
            console.log("      skipped: `unshare --mount` is not available (it needs root), so `pulumi login --local` cannot be isolated");
            this.skip();
        }
        emulator = new GraphEmulator({ tokens: [TOKEN] });
        await emulator.start();
        emulator.addApp(APP, { installedDeviceCount: 1 });
        workspace = new PulumiWorkspace(cli, await userProgram("examples/basic"));
        // `pulumi login --local` is one of the commands: no backend from the environment.
        delete workspace.env.PULUMI_BACKEND_URL;
        localState = path.join(workspace.home, "account-pulumi");
        fs.mkdirSync(localState);
        if (!fs.existsSync(accountPulumiDir)) {
            fs.mkdirSync(accountPulumiDir); // a mount point needs a folder; removed again after
            createdMountPoint = true;
        }
        workspace.launch = (pulumi, args) => [
            "unshare",
            [
                "--mount",
                "--propagation",
                "private",
                "--",
                "sh",
                "-c",
                'mount --bind "$1" "$2" && shift 2 && exec "$@"',
                "sh",
                localState,
                accountPulumiDir,
                pulumi,
                ...args,
            ],
        ];
    });
    after(async () => {
        await emulator?.stop();
        workspace?.dispose();
        if (createdMountPoint) {
            fs.rmdirSync(accountPulumiDir);
        }
    });

    it("runs as written and deploys the example, with the state in the local backend", async () => {
        const commands = commandsUnder("## With the Pulumi CLI");
        assert.deepEqual(
            commands.map((c) => c.split(" ").slice(0, 3).join(" ")),
            ["pulumi login --local", "pulumi stack init", "pulumi config set", "pulumi config set", "pulumi config set", "pulumi up --yes"],
        );
        const before = fs.existsSync(accountPulumiDir) ? fs.readdirSync(accountPulumiDir) : [];
        for (const command of commands) {
            const args = command.replace("http://127.0.0.1:8719", emulator.baseUrl).replace("<token>", TOKEN).split(" ").slice(1);
            await workspace.run(args);
        }
        assert.equal(emulator.counters(APP).installedDeviceCount, 4);
        assert.ok(fs.existsSync(path.join(localState, "stacks", "intune-basic", "dev.json")), "the state is in the local backend (~/.pulumi)");
        assert.deepEqual(fs.existsSync(accountPulumiDir) ? fs.readdirSync(accountPulumiDir) : [], before, "the account's own ~/.pulumi is untouched");
        assert.ok(!workspace.allOutput().includes(TOKEN), "the token is never shown");
    });
});
