/**
 * The package as users get it, by the README's own words, in folders outside the repository:
 * "Use it in a Pulumi program" (`npm pack` in the clone; in a project that `pulumi new typescript`
 * made, its `npm install @pulumi/pulumi@~3.248.0` and `npm install <tarball>`; the README's program
 * as index.ts) and "Examples" (`basic` copied out, the package packed into the copy, `npm install`;
 * every example's package.json asks for the package the same way). Both programs type-check
 * against the installed types and run their life cycle with the provider host's cwd in their
 * folder, which resolves `pulumi-intune-install-summary/dynamic-provider` from that folder's
 * node_modules, exactly as in a user's project. The provider's tarball carries nothing of the
 * emulator, which is a package of its own: its README's "Install" (`npm pack --workspace=emulator`
 * in the clone, `npm install --save-dev <tarball>` in a project) gives a working command there.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorStack, startEmulatorStack } from "../support/emulatorStack";
import { APP_IDS, REPO_ROOT } from "../support/fixtures";
import { codeBlocks, commands, section } from "../support/markdown";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const EMULATOR_README = fs.readFileSync(path.join(REPO_ROOT, "emulator", "README.md"), "utf8");
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

/** The paths `npm pack` puts into the tarball of the package in `cwd` (without running its scripts). */
function packedFiles(cwd: string, ...args: string[]): string[] {
    const [packed] = JSON.parse(execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts", ...args], { cwd, encoding: "utf8" })) as Array<{
        files: Array<{ path: string }>;
    }>;
    return packed.files.map((f) => f.path);
}

/** TypeScript sources, tests, maps and repository tooling: none of it belongs in a tarball. */
const notShipped = (files: readonly string[]): string[] =>
    files.filter(
        (f) =>
            f.startsWith("test/") ||
            f.startsWith("engine/") ||
            f.startsWith("scripts/") ||
            f.startsWith("examples/") ||
            (f.endsWith(".ts") && !f.endsWith(".d.ts")) ||
            f.endsWith(".map") ||
            f.startsWith("tsconfig"),
    );

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
        files = packedFiles(REPO_ROOT);

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

    it("holds compiled JS, types, README and LICENSE, and no tests or TypeScript sources", () => {
        for (const needed of ["package.json", "README.md", "LICENSE", "dist/index.js", "dist/index.d.ts", "dist/host/dynamicProvider.js"]) {
            assert.ok(files.includes(needed), `${needed} is in the tarball`);
        }
        assert.deepEqual(notShipped(files), []);
    });

    it("carries no emulator file, and neither depends on selfsigned nor installs it or an emulator command", () => {
        assert.deepEqual(
            files.filter((f) => /emulator|fakeAuthority/i.test(f)),
            [],
        );
        const manifest = JSON.parse(fs.readFileSync(path.join(own, "node_modules", "pulumi-intune-install-summary", "package.json"), "utf8")) as Record<
            string,
            unknown
        >;
        for (const field of ["dependencies", "optionalDependencies", "peerDependencies", "bundleDependencies"]) {
            assert.ok(!Object.keys((manifest[field] as Record<string, string> | undefined) ?? {}).includes("selfsigned"), `selfsigned is not in ${field}`);
        }
        assert.deepEqual(manifest.bin, { "intune-install-summary": "dist/cli/main.js" }, "its one command is export's, no emulator command");
        assert.ok(!Object.keys(manifest.exports as Record<string, unknown>).some((subpath) => subpath.includes("emulator")), "no emulator subpath");
        assert.ok(!fs.existsSync(path.join(own, "node_modules", "selfsigned")), "selfsigned is not installed");
        assert.ok(!fs.existsSync(path.join(own, "node_modules", ".bin", "intune-graph-emulator")), "no intune-graph-emulator command");
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
            assert.ok(fs.existsSync(path.join(copy, "node_modules", "pulumi-intune-install-summary", "dist", "index.js")));
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

describe("the emulator package installed as its README says, outside the repository", function () {
    this.timeout(600_000);
    const [packCommand, installCommand] = commands(codeBlocks(section(EMULATOR_README, "Install"), "sh")[0]);
    let work: string;
    let project: string;
    let tarballName: string;
    let files: string[];

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "intune-emulator-tarball-"));
        // "in the clone": it builds the workspace (its prepack) and writes the tarball there; moved out at once.
        tarballName = path.basename(npmCommand(packCommand, REPO_ROOT).stdout.trim().split("\n").at(-1)!);
        fs.renameSync(path.join(REPO_ROOT, tarballName), path.join(work, tarballName));
        files = packedFiles(REPO_ROOT, "--workspace=emulator");
        project = path.join(work, "ci-project");
        fs.mkdirSync(project);
        fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "ci-project", private: true }, null, 2));
        npmCommand(installCommand.replace(`/path/to/${tarballName}`, path.join(work, tarballName)), project);
    });

    after(() => {
        if (work) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    it("the README names the tarball npm pack writes", () => {
        assert.ok(installCommand.includes(`/path/to/${tarballName}`), `${installCommand} installs ${tarballName}`);
    });

    it("holds the compiled emulator, its types, README and LICENSE, and no tests or TypeScript sources", () => {
        for (const needed of ["package.json", "README.md", "LICENSE", "dist/cli.js", "dist/index.js", "dist/index.d.ts", "dist/fakeAuthority.js"]) {
            assert.ok(files.includes(needed), `${needed} is in the tarball`);
        }
        assert.deepEqual(notShipped(files), []);
    });

    it("is a real install with its own dependencies, not a link to the repository", () => {
        const installed = path.join(project, "node_modules");
        assert.ok(!fs.lstatSync(path.join(installed, "intune-graph-emulator")).isSymbolicLink());
        for (const dependency of ["selfsigned", "fastest-levenshtein"]) {
            assert.ok(fs.existsSync(path.join(installed, dependency, "package.json")), `${dependency} is installed`);
        }
        assert.ok(!fs.existsSync(path.join(installed, "pulumi-intune-install-summary")), "the provider is not");
    });

    it("its command runs --help and names its manual by a path that exists in the project", () => {
        const help = execFileSync(path.join(project, "node_modules", ".bin", "intune-graph-emulator"), ["--help"], { cwd: project, encoding: "utf8" });
        assert.match(help, /^Usage: intune-graph-emulator \[flags\]/);
        const manual = /The manual, with every route and knob: (\S+)/.exec(help)?.[1];
        assert.ok(manual && fs.existsSync(manual), `--help names ${manual ?? "no manual"}`);
        assert.equal(manual, path.join(project, "node_modules", "intune-graph-emulator", "README.md"));
    });

    it("its command starts Graph and the fake authority (selfsigned's certificate) and stops on SIGTERM", async () => {
        const child = spawn(path.join(project, "node_modules", ".bin", "intune-graph-emulator"), ["--authority", "--json", "--app", APP_IDS[0]], {
            cwd: project,
            stdio: ["ignore", "pipe", "pipe"],
        });
        try {
            let stdout = "";
            let stderr = "";
            child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
            const line = await new Promise<string>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`no --json line within 30 s; stderr: ${stderr}`)), 30_000);
                child.stdout.setEncoding("utf8").on("data", (d: string) => {
                    stdout += d;
                    if (stdout.includes("\n")) {
                        clearTimeout(timer);
                        resolve(stdout.split("\n")[0]);
                    }
                });
                child.once("exit", (code) => reject(new Error(`exited with ${code} before it started; stderr: ${stderr}`)));
            });
            const info = JSON.parse(line) as { url: string; token: string; authorityUrl: string; certPath: string };
            assert.match(info.authorityUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
            assert.match(fs.readFileSync(info.certPath, "utf8"), /-----BEGIN CERTIFICATE-----/);
            const answer = await fetch(`${info.url}/beta/deviceAppManagement/mobileApps/${APP_IDS[0]}/installSummary`, {
                headers: { Authorization: `Bearer ${info.token}` },
            });
            assert.equal(answer.status, 200);
            const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
            child.kill("SIGTERM");
            assert.equal(await exited, 0);
            assert.ok(!fs.existsSync(info.certPath), "the certificate is deleted when it stops");
        } finally {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill("SIGKILL");
            }
        }
    });
});
