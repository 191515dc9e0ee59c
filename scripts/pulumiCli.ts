/**
 * Where the real Pulumi CLI comes from for tests, `npm start` and the bench: a `pulumi` on PATH
 * when its version is at least the pinned one, else a build from Go modules kept in a cache folder
 * outside the repository, keyed by version, reused once built. Nothing is downloaded but Go modules
 * (through the Go module proxy) and nothing built lands in the repository.
 *
 * The pinned versions are those of the tools modules in `tools/`: the CLI of the `@pulumi/pulumi`
 * devDependency, the Node.js language host of `sdk/v3 v3.68.0`, the last one published inside
 * the sdk module (the Go proxy here refuses the module the newer hosts live in), and the Pulumi YAML
 * language host of `github.com/pulumi/pulumi-yaml`, which Pulumi's own releases bundle with the
 * CLI. The dynamic-provider plugin `pulumi-resource-pulumi-nodejs` is the script that ships in the
 * npm package `@pulumi/pulumi`.
 *
 * Run as a script (`npm run pulumi:cli`), it gets the CLI and prints the folder to put on PATH.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const TOOLS = path.join(ROOT, "tools");

/** The CLI and hosts to run, and where they came from. */
export interface PulumiCli {
    /** Folders to put first on PATH, in order: the one holding `pulumi` and the plugin folder. */
    pathDirs: string[];
    /** Absolute path of the `pulumi` executable. */
    pulumi: string;
    /** What `pulumi version` prints, e.g. `v3.248.0`. */
    version: string;
    /** `path`: a `pulumi` already on PATH; `cache`: an earlier build; `built`: built now. */
    source: "path" | "cache" | "built";
}

/** The versions pinned by the tools modules. */
export interface PinnedVersions {
    cli: string;
    nodejsHost: string;
    yamlHost: string;
}

/** Reads the version a tools module requires of `module`. */
function requiredVersion(toolsDir: string, module: string): string {
    const goMod = fs.readFileSync(path.join(TOOLS, toolsDir, "go.mod"), "utf8");
    const match = new RegExp(`^\\s*${module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\s+(v\\S+)`, "m").exec(goMod);
    if (!match) {
        throw new Error(`tools/${toolsDir}/go.mod requires no version of ${module}`);
    }
    return match[1];
}

/** The versions of `tools/pulumi-cli/go.mod`, `tools/pulumi-language-nodejs/go.mod` and `tools/pulumi-language-yaml/go.mod`. */
export function pinnedVersions(): PinnedVersions {
    return {
        cli: requiredVersion("pulumi-cli", "github.com/pulumi/pulumi/pkg/v3"),
        nodejsHost: requiredVersion("pulumi-language-nodejs", "github.com/pulumi/pulumi/sdk/v3"),
        yamlHost: requiredVersion("pulumi-language-yaml", "github.com/pulumi/pulumi-yaml"),
    };
}

/** `v3.250.1` → [3, 250, 1]; undefined when it is not a version. */
export function parseVersion(text: string): [number, number, number] | undefined {
    const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** True when version `have` is `want` or newer. */
export function isAtLeast(have: string, want: string): boolean {
    const [a, b] = [parseVersion(have), parseVersion(want)];
    if (!a || !b) {
        return false;
    }
    for (let i = 0; i < 3; i++) {
        if (a[i] !== b[i]) {
            return a[i] > b[i];
        }
    }
    return true;
}

/** The environment variable naming the cache root of CLI builds (read by this script, not by the provider). */
export const CACHE_ENV = "INTUNE_PULUMI_CACHE";

/**
 * The cache root: `INTUNE_PULUMI_CACHE`, else `$XDG_CACHE_HOME/pulumi-intune-install-summary`
 * (`~/.cache/...`). Refused inside the repository: Pulumi's Node.js host scans a program folder's
 * `node_modules` for plugins, and built binaries must never be committed.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
    const root = path.resolve(env[CACHE_ENV] || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-intune-install-summary"));
    const relative = path.relative(ROOT, root);
    if (relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative))) {
        throw new Error(`INTUNE_PULUMI_CACHE (${root}) is inside the repository; give a folder outside ${ROOT}.`);
    }
    return root;
}

/** The folder of one build, keyed by the pinned versions of the CLI and the Node.js host. */
export function buildDir(pinned: PinnedVersions = pinnedVersions(), root = cacheRoot()): string {
    return path.join(root, `pulumi-${pinned.cli}-nodejs-${pinned.nodejsHost}`);
}

/** The folder of the build of the YAML language host, keyed by its pinned version. */
export function yamlBuildDir(pinned: PinnedVersions = pinnedVersions(), root = cacheRoot()): string {
    return path.join(root, `pulumi-language-yaml-${pinned.yamlHost}`);
}

const YAML_HOST = "pulumi-language-yaml";

const PLUGIN = "pulumi-resource-pulumi-nodejs";

/** What `<exe> version` prints, or undefined when it cannot run. */
function versionOf(executable: string): string | undefined {
    const result = spawnSync(executable, ["version"], { encoding: "utf8", timeout: 30_000, env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
    return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The first executable `name` on PATH, or undefined. */
function onPath(name: string, searchPath = process.env.PATH ?? ""): string | undefined {
    for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
        const candidate = path.join(dir, name);
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            if (fs.statSync(candidate).isFile()) {
                return candidate;
            }
        } catch {
            // not here
        }
    }
    return undefined;
}

/**
 * A folder holding the dynamic-provider plugin script of the installed `@pulumi/pulumi`, for a
 * CLI that does not bring its own. The script resolves the SDK from the program's folder.
 */
function pluginDir(root: string): string {
    const dir = path.join(root, "plugins");
    const source = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] })), PLUGIN);
    const target = path.join(dir, PLUGIN);
    if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== fs.readFileSync(source, "utf8")) {
        fs.mkdirSync(dir, { recursive: true });
        const temp = `${target}.${process.pid}`;
        fs.copyFileSync(source, temp);
        fs.chmodSync(temp, 0o755);
        fs.renameSync(temp, target);
    }
    return dir;
}

/** The CLI of a finished build in `dir`, or undefined when the build is not there (or broken). */
function cachedBuild(dir: string, pinned: PinnedVersions): { pulumi: string; version: string } | undefined {
    const pulumi = path.join(dir, "pulumi");
    if (!fs.existsSync(path.join(dir, "pulumi-language-nodejs")) || !fs.existsSync(path.join(dir, PLUGIN))) {
        return undefined;
    }
    const version = versionOf(pulumi);
    return version && isAtLeast(version, pinned.cli) ? { pulumi, version } : undefined;
}

/** Runs a command; rejects on a non-zero exit with the end of its output. */
function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
        let tail = "";
        const keep = (chunk: Buffer) => {
            tail = (tail + chunk.toString()).slice(-4000);
        };
        child.stdout.on("data", keep);
        child.stderr.on("data", keep);
        child.on("error", reject);
        child.on("close", (code) =>
            code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code} in ${options.cwd}:\n${tail}`)),
        );
    });
}

/** Holds `lockDir` while `body` runs, so two processes never build into one folder at once. */
async function withLock<T>(lockDir: string, body: () => Promise<T>, log: (line: string) => void): Promise<T> {
    const deadline = Date.now() + 30 * 60_000;
    for (let told = false; ;) {
        try {
            fs.mkdirSync(lockDir);
            fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
            break;
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
                throw error;
            }
            const holder = Number(fs.readFileSync(path.join(lockDir, "pid"), { encoding: "utf8", flag: "a+" }) || "0");
            // Left by a build that was killed (before it could even write its pid, if the lock is old and has none).
            if (holder ? !isAlive(holder) : Date.now() - fs.statSync(lockDir).mtimeMs > 60_000) {
                fs.rmSync(lockDir, { recursive: true, force: true });
                continue;
            }
            if (Date.now() > deadline) {
                throw new Error(`another process (pid ${holder}) has held ${lockDir} for 30 minutes`, { cause: error });
            }
            if (!told) {
                log(`waiting for another build of the Pulumi CLI (pid ${holder}) to finish`);
                told = true;
            }
            await new Promise((resolve) => setTimeout(resolve, 1000));
        }
    }
    try {
        return await body();
    } finally {
        fs.rmSync(lockDir, { recursive: true, force: true });
    }
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}

/** Builds the pinned CLI and Node.js language host into `dir` (atomically: a temp folder, then a rename). */
async function build(dir: string, pinned: PinnedVersions, log: (line: string) => void): Promise<void> {
    const temp = `${dir}.building-${process.pid}`;
    fs.rmSync(temp, { recursive: true, force: true });
    fs.mkdirSync(temp, { recursive: true });
    const env = { ...process.env, ...GO_ENV };
    const started = Date.now();
    log(`building the Pulumi CLI ${pinned.cli} and its Node.js language host (${pinned.nodejsHost}) from Go modules into ${dir}`);
    log("this takes about 4 minutes the first time on 2 cores (2 GB of Go module cache), seconds once the Go caches are warm");
    await run(
        "go",
        [
            "build",
            "-trimpath",
            "-tags",
            "osusergo,grpcnotrace",
            "-ldflags",
            `-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${pinned.cli}`,
            "-o",
            `${temp}${path.sep}`,
            "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
        ],
        { cwd: path.join(TOOLS, "pulumi-cli"), env },
    );
    log(`built pulumi in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const hostStarted = Date.now();
    await run(
        "go",
        ["build", "-trimpath", "-ldflags", "-s -w", "-o", `${temp}${path.sep}`, "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"],
        {
            cwd: path.join(TOOLS, "pulumi-language-nodejs"),
            env,
        },
    );
    log(`built pulumi-language-nodejs in ${((Date.now() - hostStarted) / 1000).toFixed(0)} s`);
    const plugin = path.join(pluginDir(path.dirname(dir)), PLUGIN);
    fs.copyFileSync(plugin, path.join(temp, PLUGIN));
    fs.chmodSync(path.join(temp, PLUGIN), 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(temp, dir);
}

/** The Go build environment of every tool: the local toolchain, static binaries, no VCS stamping. */
const GO_ENV = { GOTOOLCHAIN: "local", CGO_ENABLED: "0", GOFLAGS: "-buildvcs=false" };

/** Builds the pinned YAML language host into `dir` (atomically: a temp folder, then a rename). */
async function buildYamlHost(dir: string, pinned: PinnedVersions, log: (line: string) => void): Promise<void> {
    const temp = `${dir}.building-${process.pid}`;
    fs.rmSync(temp, { recursive: true, force: true });
    fs.mkdirSync(temp, { recursive: true });
    const started = Date.now();
    log(`building the Pulumi YAML language host ${pinned.yamlHost} from Go modules into ${dir} (about 1 minute the first time)`);
    await run("go", ["build", "-trimpath", "-ldflags", "-s -w", "-o", `${temp}${path.sep}`, "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"], {
        cwd: path.join(TOOLS, "pulumi-language-yaml"),
        env: { ...process.env, ...GO_ENV },
    });
    log(`built ${YAML_HOST} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(temp, dir);
}

/** The folder of the cached build of the YAML language host, built now when it is not there (and Go is); undefined when it cannot be had. */
async function yamlHostBuild(pinned: PinnedVersions, root: string, canBuild: boolean, log: (line: string) => void): Promise<string | undefined> {
    const dir = yamlBuildDir(pinned, root);
    const built = () => fs.existsSync(path.join(dir, YAML_HOST));
    if (!built()) {
        if (!canBuild || spawnSync("go", ["version"], { stdio: "ignore" }).status !== 0) {
            return undefined;
        }
        fs.mkdirSync(root, { recursive: true });
        await withLock(path.join(root, ".build-lock"), async () => (built() ? undefined : buildYamlHost(dir, pinned, log)), log);
    }
    return dir;
}

/**
 * Puts the pinned YAML language host next to the `pulumi` of a build in `cliDir`: the CLI looks
 * for its bundled language hosts there, and warns about one it finds elsewhere on PATH.
 */
async function ensureYamlHost(cliDir: string, pinned: PinnedVersions, root: string, canBuild: boolean, log: (line: string) => void): Promise<void> {
    const target = path.join(cliDir, YAML_HOST);
    const dir = fs.existsSync(target) ? undefined : await yamlHostBuild(pinned, root, canBuild, log);
    if (dir) {
        const temp = `${target}.${process.pid}`;
        fs.copyFileSync(path.join(dir, YAML_HOST), temp);
        fs.chmodSync(temp, 0o755);
        fs.renameSync(temp, target);
    }
}

/** Options of {@link getPulumiCli}. */
export interface GetPulumiCliOptions {
    /** Build from Go modules when neither PATH nor the cache has the CLI. Default true. */
    build?: boolean;
    /** Progress lines (which CLI is used, build steps). Default: none. */
    log?: (line: string) => void;
    /** Ignore a `pulumi` on PATH (the tests pin exactly what they run). Default false. */
    ignorePath?: boolean;
}

/**
 * The CLI to run: a new enough `pulumi` on PATH, else the cached build, else a new build (when Go
 * is there and `build` allows). Returns why not when none can be had.
 */
export async function getPulumiCli(options: GetPulumiCliOptions = {}): Promise<PulumiCli | { missing: string }> {
    const log = options.log ?? (() => undefined);
    const pinned = pinnedVersions();
    const root = cacheRoot();
    const fromPath = options.ignorePath ? undefined : onPath("pulumi");
    if (fromPath) {
        const version = versionOf(fromPath);
        const real = fs.realpathSync(fromPath);
        if (
            version &&
            isAtLeast(version, pinned.cli) &&
            (fs.existsSync(path.join(path.dirname(real), "pulumi-language-nodejs")) || onPath("pulumi-language-nodejs"))
        ) {
            log(`using the pulumi CLI on PATH: ${fromPath} (${version})`);
            // Pulumi's releases bundle the YAML language host; a CLI built by hand may lack it.
            const hasYaml = fs.existsSync(path.join(path.dirname(real), YAML_HOST)) || onPath(YAML_HOST) !== undefined;
            const yamlDir = hasYaml ? undefined : await yamlHostBuild(pinned, root, options.build !== false, log);
            return { pathDirs: [path.dirname(real), pluginDir(root), ...(yamlDir ? [yamlDir] : [])], pulumi: real, version, source: "path" };
        }
        log(`the pulumi on PATH (${fromPath}, ${version ?? "version unknown"}) is older than ${pinned.cli} or lacks pulumi-language-nodejs: not used`);
    }
    const dir = buildDir(pinned, root);
    const cached = cachedBuild(dir, pinned);
    if (cached) {
        log(`using the Pulumi CLI ${cached.version} built earlier in ${dir}`);
        await ensureYamlHost(dir, pinned, root, options.build !== false, log);
        return { pathDirs: [dir], pulumi: cached.pulumi, version: cached.version, source: "cache" };
    }
    if (options.build === false) {
        return { missing: `no pulumi >= ${pinned.cli} on PATH and no build in ${dir} (npm run pulumi:cli builds one)` };
    }
    if (spawnSync("go", ["version"], { stdio: "ignore" }).status !== 0) {
        return { missing: `no pulumi >= ${pinned.cli} on PATH, no build in ${dir}, and no Go toolchain to build one` };
    }
    fs.mkdirSync(root, { recursive: true });
    await withLock(path.join(root, ".build-lock"), async () => (cachedBuild(dir, pinned) ? undefined : build(dir, pinned, log)), log);
    const built = cachedBuild(dir, pinned);
    if (!built) {
        return { missing: `the build in ${dir} does not run` };
    }
    await ensureYamlHost(dir, pinned, root, true, log);
    return { pathDirs: [dir], pulumi: built.pulumi, version: built.version, source: "built" };
}

/** True when `cli` is a CLI (not the reason why there is none). */
export function isPulumiCli(cli: PulumiCli | { missing: string }): cli is PulumiCli {
    return "pulumi" in cli;
}

if (require.main === module) {
    const print = process.argv.includes("--print-path");
    getPulumiCli({ log: (line) => console.error(`pulumi-cli: ${line}`), ignorePath: process.argv.includes("--ignore-path") })
        .then((cli) => {
            if (!isPulumiCli(cli)) {
                console.error(`pulumi-cli: ${cli.missing}`);
                process.exitCode = 1;
                return;
            }
            console.error(`pulumi-cli: ${cli.pulumi} ${cli.version} (${cli.source})`);
            if (print) {
                console.log(cli.pathDirs.join(path.delimiter));
            }
        })
        .catch((error: unknown) => {
            console.error(`pulumi-cli: ${(error as Error).message}`);
            process.exitCode = 1;
        });
}
