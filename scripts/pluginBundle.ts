/**
 * `npm run plugin:bundle`: the provider plugin as one tarball for an offline machine,
 * `pulumi-resource-intune-v<version>.tgz`, installed there with
 * `pulumi plugin install resource intune <version> --file <tarball>` (docs/plugin.md). It holds the
 * executable `pulumi-resource-intune` and its own `node_modules` (this package from its tarball and
 * the pinned `@pulumi/pulumi`, as `npm install` puts them), and no package.json: the CLI runs
 * `npm install` in a plugin folder that has one, which needs the registry. Nothing in it is built
 * for one platform (`@grpc/grpc-js` is JavaScript); it needs Node.js 20 or later on PATH.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { packedTarball, sdkVersion } from "./cli/userProgram";

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const REPO_ROOT = path.resolve(__dirname, "..");

/** The executable's name: the CLI finds the plugin `intune` by it. */
export const PLUGIN_EXECUTABLE = "pulumi-resource-intune";

/** Builds the bundle of the repository as built (`npm run build`) into `outDir`; returns the tarball's path. */
export async function bundlePlugin(outDir: string): Promise<string> {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "intune-plugin-bundle-"));
    try {
        const manifest = { private: true, dependencies: { "@pulumi/pulumi": sdkVersion(), "pulumi-intune-install-summary": `file:${await packedTarball()}` } };
        fs.writeFileSync(path.join(work, "package.json"), JSON.stringify(manifest));
        await run(npm, ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
            cwd: work,
            maxBuffer: 16 * 1024 * 1024,
        });
        fs.rmSync(path.join(work, "package.json"));
        fs.rmSync(path.join(work, "package-lock.json"));
        fs.copyFileSync(path.join(REPO_ROOT, "plugin", PLUGIN_EXECUTABLE), path.join(work, PLUGIN_EXECUTABLE));
        fs.chmodSync(path.join(work, PLUGIN_EXECUTABLE), 0o755);
        fs.mkdirSync(outDir, { recursive: true });
        const tarball = path.join(outDir, `${PLUGIN_EXECUTABLE}-v${version}.tgz`);
        await run("tar", ["-czf", tarball, "-C", work, "."]);
        return tarball;
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

if (require.main === module) {
    void bundlePlugin(process.argv[2] ?? REPO_ROOT).then((tarball) => console.log(`wrote ${tarball}`));
}
