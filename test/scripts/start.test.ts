/** `npm start`: the demo life cycle against the emulator must run and behave, through the real CLI and through the fallback. */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import * as path from "node:path";
import { requirePulumiCli } from "../cli/support/pulumiCli";
import { REPO_ROOT } from "../support/fixtures";

function runDemo(env: NodeJS.ProcessEnv): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join("scripts", "start.ts")], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
        timeout: 600_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** What `git status` says of the working tree, untracked files included. */
function treeStatus(): string {
    return execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: REPO_ROOT, encoding: "utf8" });
}

describe("scripts/start (npm start)", function () {
    this.timeout(600_000);

    it("runs the real pulumi CLI life cycle, exits 0 and leaves the working tree as it was", async function () {
        const cli = await requirePulumiCli(this);
        const before = treeStatus();
        const { status, output } = runDemo({ PATH: [...cli.pathDirs, process.env.PATH].join(path.delimiter) });
        assert.equal(status, 0, output);
        const expected = [
            /Running the real Pulumi CLI v\d+\.\d+\.\d+/,
            /\$ pulumi preview --diff\n[\s\S]*\+ 4 to create[\s\S]*Graph requests: none/,
            /\$ pulumi up --yes --skip-preview\n[\s\S]*\+ 4 created[\s\S]*Graph requests: 6 GET, 3 PATCH/,
            /\$ pulumi refresh --yes --skip-preview\n[\s\S]*teams updated \([\d.]+s\) \[diff: ~installedDeviceCount\]/,
            /~ installedDeviceCount\s*: 7 => 4/,
            /restored the values seen before adoption/,
            /Every step behaved as expected\./,
        ];
        for (const pattern of expected) {
            assert.match(output, pattern);
        }
        assert.doesNotMatch(output, /warning:/);
        assert.equal(treeStatus(), before, "the working tree is unchanged");
    });

    it("without a CLI (INTUNE_DEMO_ENGINE=local) drives the provider host through the whole life cycle and exits 0", () => {
        const { status, output } = runDemo({ INTUNE_DEMO_ENGINE: "local" });
        assert.equal(status, 0, output);
        const expected = [
            /No Pulumi CLI \(INTUNE_DEMO_ENGINE=local\)/,
            /== pulumi preview \(stack demo\)[\s\S]*Resources: 3 create\n {2}Graph requests: none/,
            /== pulumi up\n[\s\S]*Graph requests: 6 GET, 3 PATCH/,
            /== pulumi preview \(nothing changed\)[\s\S]*Resources: 3 same\n {2}Graph requests: none/,
            /teams +refresh +installedDeviceCount: 4 => 7/,
            /teams +update +installedDeviceCount: 7 => 4/,
            /restored the values seen before adoption/,
            /Every step behaved as expected\./,
        ];
        for (const pattern of expected) {
            assert.match(output, pattern);
        }
    });
});
