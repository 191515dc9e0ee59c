/** `npm start`: the demo life cycle against the emulator must run and behave, with and without the Pulumi CLI. */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../support/fixtures";

function runDemo(env: NodeJS.ProcessEnv): { status: number | null; output: string } {
    const result = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join("scripts", "start.ts")], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
        timeout: 300_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const hasPulumi = spawnSync("pulumi", ["version"], { stdio: "ignore" }).status === 0;

describe("scripts/start (npm start)", () => {
    it("drives the provider host through the whole life cycle and exits 0", () => {
        const { status, output } = runDemo({ INTUNE_DEMO_ENGINE: "local" });
        assert.equal(status, 0, output);
        const expected = [
            /== pulumi preview \(stack demo\)[\s\S]*Resources: 3 create\n {2}Graph requests: none/,
            /== pulumi up\n[\s\S]*Graph requests: 4 GET, 3 PATCH/,
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

    (hasPulumi ? it : it.skip)(
        hasPulumi
            ? "runs the real pulumi CLI life cycle and exits 0"
            : "runs the real pulumi CLI life cycle (skipped: no `pulumi` CLI on PATH on this machine)",
        () => {
            const { status, output } = runDemo({});
            assert.equal(status, 0, output);
            assert.match(output, /Found the `pulumi` CLI/);
            assert.match(output, /Every step behaved as expected\./);
        },
    );
});
