/**
 * The package as users get it, by the README's own words, in folders outside the repository:
 * "Use it in a Pulumi program" (`npm pack` in the clone; in a project that `pulumi new typescript`
 * made, its `npm install @pulumi/pulumi@~3.248.0` and `npm install <tarball>`; the README's program
 * as index.ts) and "Examples" (`basic` copied out, the package packed into the copy, `npm install`;
 * every example's package.json asks for the package the same way). Both programs type-check
 * against the installed types and run their life cycle with the provider host's cwd in their
 * folder, which resolves `pulumi-intune-install-summary/dynamic-provider` from that folder's
 * node_modules, exactly as in a user's project.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorStack, startEmulatorStack } from "../support/emulatorStack";
import { APP_IDS, REPO_ROOT } from "../support/fixtures";
import { codeBlocks, commands, section } from "../support/markdown";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const EXAMPLES = ["basic", "fleet", "adopt-and-restore", "secret-credentials", "stack-config"];

/** Runs a README command (`npm …`) in `cwd`; returns what it printed, on stdout and in all. */
function npmCommand(command: string, cwd: string): { stdout: string; output: string } {
    const [program, ...args] = command.split(/\s+/);
    assert.equal(program, "npm", `a README command this test runs: ${command}`);
    const run = spawnSync(npm, [...args, "--no-audit", "--no-fund", "--prefer-offline"], { cwd, encoding: "utf8", timeout: 300_000 });
    const output = `${run.stdout}${run.stderr}`;
    assert.equal(run.status, 0, `${command} in ${cwd} failed:\n${output}`);
    return { stdout: run.stdout, output };
}

/** The type check of a program folder, against what its own node_modules holds. */
function typeCheck(dir: string): void {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(dir, "tsconfig.json"), "--noEmit"], { cwd: dir, stdio: "pipe" });
}

describe("the package installed as the README says, outside the repository", function () {
    this.timeout(900_000);
    const [packCommand, installCommand] = commands(codeBlocks(section(README, "Use it in a Pulumi program"), "sh")[0]);
    const [examplePack, exampleInstall] = commands(codeBlocks(section(README, "Examples"), "sh")[0]);
    let work: string;
    let tarballName: string;
    let tarball: string;
    let files: string[];
    let own: string;
    let installOutput: string;
    let env: EmulatorStack | undefined;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "intune-tarball-"));
        // "in the clone": it builds (prepack) and writes the tarball there; it is moved out at once.
        const packed = npmCommand(packCommand, REPO_ROOT).stdout.trim().split("\n").at(-1)!;
        tarballName = path.basename(packed);
        tarball = path.join(work, tarballName);
        fs.renameSync(path.join(REPO_ROOT, tarballName), tarball);
        files = (
            JSON.parse(execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: REPO_ROOT, encoding: "utf8" })) as Array<{
                files: Array<{ path: string }>;
            }>
        )[0].files.map((f) => f.path);

        // What `pulumi new typescript` makes, with the README's program as index.ts and its @pulumi/pulumi for Node.js 20.
        own = path.join(work, "own-program");
        fs.mkdirSync(own);
        fs.writeFileSync(path.join(own, "Pulumi.yaml"), "name: own-program\nruntime: nodejs\ndescription: The README's program\n");
        fs.copyFileSync(path.join(REPO_ROOT, "examples", "basic", "tsconfig.json"), path.join(own, "tsconfig.json"));
        fs.writeFileSync(path.join(own, "index.ts"), codeBlocks(section(README, "Use it in a Pulumi program"), "ts")[0]);
        fs.writeFileSync(
            path.join(own, "package.json"),
            JSON.stringify(
                { name: "own-program", main: "index.ts", devDependencies: { "@types/node": "^20", typescript: "~5.9.3" }, dependencies: {} },
                null,
                2,
            ),
        );
        npmCommand("npm install @pulumi/pulumi@~3.248.0", own);
        installOutput = npmCommand(installCommand.replace("/path/to/pulumi-intune-install-summary-0.1.0.tgz", tarball), own).output;
    });

    after(async () => {
        await env?.stop();
        env = undefined;
        if (work) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    it("the README names the tarball npm pack writes", () => {
        assert.ok(installCommand.includes(`/path/to/${tarballName}`), `${installCommand} installs ${tarballName}`);
    });

    it("holds compiled JS, types, README, LICENSE and the emulator's manual, and no tests or TypeScript sources", () => {
        for (const needed of [
            "package.json",
            "README.md",
            "LICENSE",
            "dist/provider/index.js",
            "dist/provider/index.d.ts",
            "dist/provider/host/dynamicProvider.js",
            "dist/emulator/cli.js",
            "dist/emulator/index.d.ts",
            "docs/emulator.md",
        ]) {
            assert.ok(files.includes(needed), `${needed} is in the tarball`);
        }
        const unwanted = files.filter(
            (f) =>
                f.startsWith("test/") ||
                f.startsWith("engine/") ||
                f.startsWith("scripts/") ||
                f.startsWith("examples/") ||
                (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
                f.endsWith(".map"),
        );
        assert.deepEqual(unwanted, []);
    });

    it("installs with no script of its own (no install-scripts warning about it), without the development dependencies, and loads with plain node", () => {
        assert.doesNotMatch(installOutput, /install-scripts[\s\S]*pulumi-intune-install-summary/, installOutput);
        const manifest = JSON.parse(fs.readFileSync(path.join(own, "node_modules", "pulumi-intune-install-summary", "package.json"), "utf8")) as {
            scripts?: Record<string, string>;
        };
        assert.deepEqual(
            Object.keys(manifest.scripts ?? {}).filter((s) => /^(pre|post)?install$|^prepare$/.test(s)),
            [],
        );
        const installed = path.join(own, "node_modules");
        assert.ok(!fs.lstatSync(path.join(installed, "pulumi-intune-install-summary")).isSymbolicLink(), "a real install, not a link to the repository");
        for (const dev of ["mocha", "ts-node", "@sinonjs/fake-timers", "@types/mocha"]) {
            assert.ok(!fs.existsSync(path.join(installed, dev)), `${dev} is not installed`);
        }
        const exported = execFileSync(process.execPath, ["-e", 'console.log(Object.keys(require("pulumi-intune-install-summary")).join(","))'], {
            cwd: own,
            encoding: "utf8",
        });
        assert.match(exported, /MobileAppInstallSummary/);
    });

    it("the installed emulator's --help names its manual by a path that exists", () => {
        const help = execFileSync(path.join(own, "node_modules", ".bin", "intune-graph-emulator"), ["--help"], { cwd: own, encoding: "utf8" });
        const manual = /The manual, with every route and knob: (\S+)/.exec(help)?.[1];
        assert.ok(manual && fs.existsSync(manual), `--help names ${manual ?? "no manual"}`);
        assert.ok(manual.startsWith(path.join(own, "node_modules")), manual);
    });

    it("the README's program type-checks against the installed types and runs: up adopts, refresh, destroy", async () => {
        typeCheck(own);
        env = await startEmulatorStack({ programDir: own, seed: [{ id: APP_IDS[0], counters: { installedDeviceCount: 1 } }] });
        assert.deepEqual(
            (await env.stack.up()).map((s) => [s.op, s.error]),
            [["create", undefined]],
        );
        assert.equal(env.emulator.counters(APP_IDS[0]).installedDeviceCount, 4);
        assert.deepEqual(
            (await env.stack.refresh()).map((s) => s.error),
            [undefined],
        );
        assert.deepEqual(
            (await env.stack.destroy()).map((s) => [s.op, s.error]),
            [["delete", undefined]],
        );
        await env.stop();
        env = undefined;
    });

    describe("an example, copied out and installed as the README says", () => {
        let copy: string;
        before(() => {
            copy = path.join(work, "examples", "basic");
            fs.cpSync(path.join(REPO_ROOT, "examples", "basic"), copy, { recursive: true, filter: (src) => !src.includes("node_modules") });
            npmCommand(examplePack.replace("/path/to/basic", copy), REPO_ROOT); // in the clone
            npmCommand(exampleInstall.replace("cd /path/to/basic && ", ""), copy);
        });

        it("every example's package.json installs the file npm pack writes into its folder", () => {
            for (const example of EXAMPLES) {
                const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "examples", example, "package.json"), "utf8")) as {
                    dependencies: Record<string, string>;
                };
                assert.equal(manifest.dependencies["pulumi-intune-install-summary"], `file:${tarballName}`, example);
            }
            assert.ok(fs.existsSync(path.join(copy, "node_modules", "pulumi-intune-install-summary", "dist", "provider", "index.js")));
        });

        it("basic type-checks against the installed types", () => typeCheck(copy));

        it("basic runs the life cycle with the provider host in its folder: up, clean preview, refresh, destroy", async () => {
            env = await startEmulatorStack({
                programDir: copy,
                seed: [{ id: APP_IDS[0], counters: { installedDeviceCount: 1 } }],
                config: { "intune-basic:mobileAppId": APP_IDS[0] },
            });
            const up = await env.stack.up();
            assert.deepEqual(
                up.map((s) => [s.op, s.error]),
                [["create", undefined]],
            );
            assert.equal(env.emulator.counters(APP_IDS[0]).installedDeviceCount, 4);
            const provider = String([...env.stack.engine.state.values()][0].inputs.__provider);
            assert.match(provider, /require\("pulumi-intune-install-summary\/dynamic-provider"\)/);
            assert.ok(!provider.includes(REPO_ROOT), "nothing of the repository is captured");
            assert.deepEqual(
                (await env.stack.preview()).map((s) => s.op),
                ["same"],
            );
            env.emulator.setCounters(APP_IDS[0], { installedDeviceCount: 6 });
            assert.deepEqual(
                (await env.stack.refresh()).map((s) => s.changes),
                [[{ key: "installedDeviceCount", old: 4, new: 6 }]],
            );
            assert.deepEqual(
                (await env.stack.destroy()).map((s) => [s.op, s.error]),
                [["delete", undefined]],
            );
        });
    });
});
