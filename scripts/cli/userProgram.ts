import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

/** The repository: its tarball is what programs install, its folders hold the programs' files. */
const REPO_ROOT = path.resolve(__dirname, "..", "..");

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** Temp folders made by this module, removed when the process (a test run, the bench) exits. */
const made: string[] = [];
process.on("exit", () => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
}

/** The version of `@pulumi/pulumi` this repository is built and tested with. */
export function sdkVersion(): string {
    return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string }).version;
}

const packed = new Map<string, Promise<string>>();

/** `npm pack` of the package in `folder` of the repository as built (npm test builds first): the tarball a user installs. */
function pack(folder: string): Promise<string> {
    let tarball = packed.get(folder);
    if (!tarball) {
        tarball = (async () => {
            const dir = tempDir("intune-cli-pack-");
            const { stdout } = await run(npm, ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
                cwd: path.join(REPO_ROOT, folder),
                maxBuffer: 16 * 1024 * 1024,
            });
            return path.join(dir, (JSON.parse(stdout) as Array<{ filename: string }>)[0].filename);
        })();
        packed.set(folder, tarball);
    }
    return tarball;
}

/** The tarball of this package (the dynamic provider and the plugin). */
export function packedTarball(): Promise<string> {
    return pack(".");
}

/** The packages a program installs: this package, and the plugin's typed SDK (`pulumi-intune-native`, built in `sdk/nodejs/bin`) for a program on it. */
export type ProgramPackages = "package" | "package+sdk";

const installed = new Map<ProgramPackages, Promise<string>>();

/**
 * A folder holding what a user's TypeScript project installs: `@pulumi/pulumi`, this package from
 * its tarball (and with `package+sdk` the typed SDK from its own), TypeScript and Node's types, as
 * `npm install` puts them there. Installed once per process and set; each program gets a
 * hard-linked copy of its `node_modules`, so every program has a real copy of the package inside
 * its own `node_modules`, as after `npm install`. Only a program on the SDK has it: its
 * `pulumi.resource` marker makes the Node.js host ask for the plugin.
 */
function installedModules(packages: ProgramPackages): Promise<string> {
    let modules = installed.get(packages);
    if (!modules) {
        modules = (async () => {
            const tarball = await packedTarball();
            const sdk = packages === "package+sdk" ? { "pulumi-intune-native": `file:${await pack("sdk/nodejs")}` } : {};
            const dir = tempDir("intune-cli-modules-");
            const manifest = {
                name: "intune-program",
                private: true,
                main: "index.ts",
                dependencies: { "@pulumi/pulumi": sdkVersion(), "pulumi-intune-install-summary": `file:${tarball}`, ...sdk },
                devDependencies: { "@types/node": "^20.0.0", typescript: "~5.9.3" },
            };
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
            await run(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
            return dir;
        })();
        installed.set(packages, modules);
    }
    return modules;
}

/**
 * Where a program's files come from: an example folder (`examples/stack-config` is the stack-config
 * style) or a program of the bench's (`scripts/bench/programs/...`); each holds `Pulumi.yaml`,
 * and a TypeScript one `index.ts` and `tsconfig.json`.
 */
export type ProgramSource = `examples/${string}` | `scripts/${string}`;

/**
 * A fresh Pulumi program folder outside the repository, holding the program files of `source`
 * and the installed `packages`. Returns its path.
 */
export async function userProgram(source: ProgramSource, packages: ProgramPackages = "package"): Promise<string> {
    const modules = await installedModules(packages);
    const dir = path.join(tempDir("intune-cli-program-"), path.basename(source));
    fs.mkdirSync(dir);
    // A Pulumi YAML program has Pulumi.yaml only; a TypeScript one its index.ts and tsconfig.json too.
    for (const file of ["Pulumi.yaml", "index.ts", "tsconfig.json"].filter((f) => f === "Pulumi.yaml" || fs.existsSync(path.join(REPO_ROOT, source, f)))) {
        fs.copyFileSync(path.join(REPO_ROOT, source, file), path.join(dir, file));
    }
    for (const file of ["package.json", "package-lock.json"]) {
        fs.copyFileSync(path.join(modules, file), path.join(dir, file));
    }
    execFileSync("cp", ["-al", path.join(modules, "node_modules"), path.join(dir, "node_modules")]);
    return dir;
}
