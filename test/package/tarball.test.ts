/**
 * The package as users get it: `npm pack`, installed into a fresh Pulumi program folder outside the
 * repository, then the engine-protocol life cycle with the provider host's cwd in that folder. The
 * host resolves `pulumi-intune-install-summary/dynamic-provider` from that folder's node_modules,
 * exactly as in a user's project.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorStack, startEmulatorStack } from "../support/emulatorStack";
import { APP_IDS, REPO_ROOT } from "../support/fixtures";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("the packed package, installed into a fresh program folder", function () {
    this.timeout(600_000);
    let work: string;
    let program: string;
    let files: string[];
    let env: EmulatorStack | undefined;

    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "intune-tarball-"));
        // The build is up to date (npm test builds first): pack what is there.
        const packed = JSON.parse(
            execFileSync(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", work], { cwd: REPO_ROOT, encoding: "utf8" }),
        ) as Array<{
            filename: string;
            files: Array<{ path: string }>;
        }>;
        files = packed[0].files.map((f) => f.path);
        const tarball = path.join(work, packed[0].filename);

        program = path.join(work, "program");
        fs.mkdirSync(program);
        for (const file of ["Pulumi.yaml", "index.ts", "tsconfig.json"]) {
            fs.copyFileSync(path.join(REPO_ROOT, "examples", "basic", file), path.join(program, file));
        }
        const pulumiVersion = (
            JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }
        ).version;
        fs.writeFileSync(
            path.join(program, "package.json"),
            JSON.stringify(
                {
                    name: "fresh-program",
                    private: true,
                    main: "index.ts",
                    dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-intune-install-summary": `file:${tarball}` },
                },
                null,
                2,
            ),
        );
        execFileSync(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: program, stdio: "pipe" });
    });

    after(async () => {
        await env?.stop();
        if (work) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    it("holds compiled JS, types, README and LICENSE, and no tests or TypeScript sources", () => {
        for (const needed of [
            "package.json",
            "README.md",
            "LICENSE",
            "dist/provider/index.js",
            "dist/provider/index.d.ts",
            "dist/provider/dynamicProvider.js",
            "dist/emulator/cli.js",
            "dist/emulator/index.d.ts",
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

    it("installs without the development dependencies and loads with plain node", () => {
        const installed = path.join(program, "node_modules");
        assert.ok(fs.existsSync(path.join(installed, "pulumi-intune-install-summary", "dist", "provider", "index.js")));
        assert.ok(!fs.lstatSync(path.join(installed, "pulumi-intune-install-summary")).isSymbolicLink(), "a real install, not a link to the repository");
        for (const dev of ["mocha", "ts-node", "@sinonjs/fake-timers", "@types/mocha"]) {
            assert.ok(!fs.existsSync(path.join(installed, dev)), `${dev} is not installed`);
        }
        const exported = execFileSync(process.execPath, ["-e", 'console.log(Object.keys(require("pulumi-intune-install-summary")).join(","))'], {
            cwd: program,
            encoding: "utf8",
        });
        assert.match(exported, /MobileAppInstallSummary/);
    });

    it("type-checks the program against the installed types", () => {
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(program, "tsconfig.json"), "--noEmit"], {
            cwd: program,
            stdio: "pipe",
        });
    });

    it("runs the life cycle with the provider host in the program folder: up, clean preview, refresh, destroy", async () => {
        env = await startEmulatorStack({
            programDir: program,
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
