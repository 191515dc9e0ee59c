/**
 * Runs the real `pulumi` CLI the way a user types it, in a program folder with its own
 * `PULUMI_HOME` and backend, for the real-CLI tests and the bench: every command asynchronous (so
 * an emulator in the calling process keeps answering), bounded in time, and checked for processes
 * left behind.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { PulumiCli } from "../pulumiCli";
import { ProcessWatch } from "./processWatch";

/** What one `pulumi` command did. */
export interface CommandResult {
    args: string[];
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
    durationMs: number;
    /** Tolerated processes that were still running after the grace and were ended by pid. */
    ended: string[];
}

/** Options of one command. */
export interface RunOptions {
    /** A non-zero exit is not a failure of the command (default: only 0 is). */
    allowFailure?: boolean;
    /** Extra environment for this command (e.g. `PULUMI_SKIP_CHECKPOINTS` in the bench). */
    env?: NodeJS.ProcessEnv;
    /** Kill the command after this long (default 5 minutes): every loop is bounded. */
    timeoutMs?: number;
    /** Called once the CLI runs, with its process and the watch of its descendants (to interrupt it). */
    onStart?: (child: ChildProcess, watch: ProcessWatch) => void;
    /** How long the hosts of a killed run may take to end themselves (default 15 s). */
    leftoverGraceMs?: number;
    /**
     * Processes (by command line) that may outlive the grace without failing the command; they are
     * ended by pid and listed in `ended`. Only for what is not this product's, and said where used.
     */
    tolerate?: RegExp;
}

/** The environment every command runs in: only what Pulumi needs, nothing of the calling process's INTUNE_* or AZURE_*. */
function baseEnv(cliDirs: string[], home: string, backendDir: string, passphrase: string): NodeJS.ProcessEnv {
    const pathDirs = [...cliDirs, path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];
    return {
        PATH: pathDirs.join(path.delimiter),
        HOME: home,
        TMPDIR: process.env.TMPDIR ?? os.tmpdir(),
        LANG: "C.UTF-8",
        PULUMI_HOME: path.join(home, ".pulumi"),
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: passphrase,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // The emulator is on 127.0.0.1: never through a proxy of the machine.
        NO_PROXY: "127.0.0.1,localhost",
    };
}

/**
 * A Pulumi project folder with its own `PULUMI_HOME` and local file backend (in a temp folder),
 * and the commands a user types there. Every command's output is kept in `transcript`; after each
 * command every process it started must have ended (the provider and language hosts included), or
 * the command is reported as a failure after they are ended by pid.
 */
export class PulumiWorkspace {
    readonly transcript: CommandResult[] = [];
    readonly home: string;
    readonly backendDir: string;
    env: NodeJS.ProcessEnv;
    /** How a command is started: `pulumi` itself, or wrapped (e.g. in a private mount namespace). */
    launch: (pulumi: string, args: string[]) => [string, string[]] = (pulumi, args) => [pulumi, args];

    constructor(
        readonly cli: PulumiCli,
        readonly programDir: string,
        readonly passphrase = "correct horse battery staple",
    ) {
        this.home = fs.mkdtempSync(path.join(os.tmpdir(), "intune-cli-home-"));
        this.backendDir = path.join(this.home, "backend");
        fs.mkdirSync(this.backendDir);
        this.env = baseEnv(cli.pathDirs, this.home, this.backendDir, passphrase);
    }

    /** Runs `pulumi <args> --non-interactive` in the program folder. Rejects on a non-zero exit unless allowed. */
    async run(args: string[], options: RunOptions = {}): Promise<CommandResult> {
        const fullArgs = [...args, "--non-interactive"];
        const started = Date.now();
        const [command, commandArgs] = this.launch(this.cli.pulumi, fullArgs);
        const child = spawn(command, commandArgs, { cwd: this.programDir, env: { ...this.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
        const watch = new ProcessWatch(child.pid!);
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const timeoutMs = options.timeoutMs ?? 300_000;
        const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
        options.onStart?.(child, watch);
        const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
            child.on("error", reject);
            child.on("close", (c, s) => resolve([c, s]));
        });
        clearTimeout(timer);
        watch.stop();
        const result: CommandResult = { args: fullArgs, code, signal, stdout, stderr, durationMs: Date.now() - started, ended: [] };
        this.transcript.push(result);
        const tolerated = (p: { command: string }) => options.tolerate?.test(p.command) ?? false;
        const deadline = Date.now() + (options.leftoverGraceMs ?? 15_000);
        let left = watch.alive();
        while (left.some((p) => !tolerated(p)) && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            left = watch.alive();
        }
        const ended = watch.killLeftovers();
        result.ended = ended.filter(tolerated).map((p) => `${p.pid} ${p.command}`);
        const untolerated = ended.filter((p) => !tolerated(p));
        if (untolerated.length) {
            throw new Error(`pulumi ${args.join(" ")} left processes running: ${untolerated.map((p) => `${p.pid} ${p.command}`).join("; ")}`);
        }
        if (Date.now() - started > timeoutMs) {
            throw new Error(`pulumi ${args.join(" ")} did not finish within ${timeoutMs} ms:\n${stdout}\n${stderr}`);
        }
        if (code !== 0 && !options.allowFailure) {
            throw new Error(`pulumi ${args.join(" ")} exited with ${code}:\n${stdout}\n${stderr}`);
        }
        return result;
    }

    /** Everything every command printed so far. */
    allOutput(): string {
        return this.transcript.map((r) => `${r.stdout}\n${r.stderr}`).join("\n");
    }

    /** Removes the home, backend and program folder. */
    dispose(): void {
        fs.rmSync(this.home, { recursive: true, force: true });
    }
}

/** One stack of a workspace, with the life-cycle commands as a user types them. */
export class CliStack {
    constructor(
        readonly workspace: PulumiWorkspace,
        readonly name: string,
    ) {}

    /** `pulumi stack init <name>` in a fresh workspace. */
    static async init(workspace: PulumiWorkspace, name = "dev"): Promise<CliStack> {
        await workspace.run(["stack", "init", name]);
        return new CliStack(workspace, name);
    }

    run(args: string[], options?: RunOptions): Promise<CommandResult> {
        return this.workspace.run([...args, "--stack", this.name], options);
    }

    /** `pulumi config set` (with `--secret` for secrets) of each key. */
    async setConfig(values: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
        for (const [key, value] of Object.entries(values)) {
            await this.run(["config", "set", key, value]);
        }
        for (const [key, value] of Object.entries(secrets)) {
            await this.run(["config", "set", "--secret", key, value]);
        }
    }

    /** The stack's settings file, `Pulumi.<stack>.yaml`, as a user edits it. */
    get configFile(): string {
        return path.join(this.workspace.programDir, `Pulumi.${this.name}.yaml`);
    }

    /** Sets one structured config value by editing `Pulumi.<stack>.yaml` (lists, objects). */
    setStructuredConfig(key: string, value: unknown): void {
        const doc = (fs.existsSync(this.configFile) ? yaml.load(fs.readFileSync(this.configFile, "utf8")) : {}) as { config?: Record<string, unknown> } | null;
        const next = { ...(doc ?? {}), config: { ...(doc?.config ?? {}), [key]: value } };
        fs.writeFileSync(this.configFile, yaml.dump(next));
    }

    up(extra: string[] = [], options?: RunOptions): Promise<CommandResult> {
        return this.run(["up", "--yes", "--skip-preview", ...extra], options);
    }

    preview(extra: string[] = [], options?: RunOptions): Promise<CommandResult> {
        return this.run(["preview", ...extra], options);
    }

    /** `pulumi preview --json`: the digest, with one entry per step. */
    async previewJson(extra: string[] = [], options?: RunOptions): Promise<PreviewDigest> {
        const result = await this.run(["preview", "--json", ...extra], options);
        return JSON.parse(result.stdout) as PreviewDigest;
    }

    refresh(extra: string[] = [], options?: RunOptions): Promise<CommandResult> {
        return this.run(["refresh", "--yes", "--skip-preview", ...extra], options);
    }

    destroy(extra: string[] = [], options?: RunOptions): Promise<CommandResult> {
        return this.run(["destroy", "--yes", "--skip-preview", ...extra], options);
    }

    /** `pulumi stack export`: the state as the backend stores it (secrets encrypted). */
    async exportState(): Promise<StackExport> {
        return JSON.parse((await this.run(["stack", "export"])).stdout) as StackExport;
    }

    /** The custom resources of the state, by resource name. */
    async resources(type = "pulumi-nodejs:dynamic/intune:MobileAppInstallSummary"): Promise<Map<string, StateResource>> {
        const state = await this.exportState();
        return new Map((state.deployment.resources ?? []).filter((r) => r.type === type).map((r) => [r.urn.slice(r.urn.lastIndexOf("::") + 2), r] as const));
    }
}

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
    op: string;
    urn: string;
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
    oldState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
    newState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

/** The digest `pulumi preview --json` prints. */
export interface PreviewDigest {
    steps: PreviewStep[];
    diagnostics?: Array<{ urn?: string; message: string; severity: string }>;
    changeSummary?: Record<string, number>;
}

/** A resource in `pulumi stack export`. */
export interface StateResource {
    urn: string;
    id?: string;
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    /** The provider's URN and id, `<urn>::<id>`. */
    provider?: string;
}

/** The part of `pulumi stack export` the tests and the bench read. */
export interface StackExport {
    version: number;
    deployment: { resources?: StateResource[]; pending_operations?: unknown[] };
}

/** The name of the resource a preview step is about. */
export function stepName(step: PreviewStep): string {
    return step.urn.slice(step.urn.lastIndexOf("::") + 2);
}
