import { ChildProcess, execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { LocalGraphInfo } from "../../../emulator/launch";
import { REPO_ROOT } from "./childCredential";

/** The compiled command, as `npm run emulator` and the package bin run it. */
export const CLI = path.join(REPO_ROOT, "dist", "emulator", "cli.js");

/** Sources the compiled emulator is made from; dist is stale when one is newer than its output. */
function staleOutputs(): string[] {
    const sources = [
        ...fs
            .readdirSync(path.join(REPO_ROOT, "emulator"))
            .filter((f) => f.endsWith(".ts"))
            .map((f) => path.join("emulator", f)),
        path.join("provider", "model", "fields.ts"),
        path.join("provider", "model", "suggest.ts"),
    ];
    return sources.filter((source) => {
        const output = path.join(REPO_ROOT, "dist", source.replace(/\.ts$/, ".js"));
        return !fs.existsSync(output) || fs.statSync(output).mtimeMs < fs.statSync(path.join(REPO_ROOT, source)).mtimeMs;
    });
}

/**
 * Builds with `npm run build` when dist/emulator is missing or older than its sources (`npm test`
 * builds first, so this only runs when mocha is run alone). tsc emits even with type errors
 * elsewhere in the tree; that is enough here as long as the emulator's outputs are fresh.
 */
export async function ensureBuilt(): Promise<void> {
    if (staleOutputs().length === 0) {
        return;
    }
    const failure = await new Promise<string | undefined>((resolve) =>
        execFile("npm", ["run", "build"], { cwd: REPO_ROOT, timeout: 300_000 }, (error, stdout, stderr) => resolve(error ? `${stdout}${stderr}` : undefined)),
    );
    const stale = staleOutputs();
    if (stale.length) {
        throw new Error(`npm run build left dist stale for ${stale.join(", ")}:\n${failure ?? ""}`);
    }
}

export interface Exited {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

/** A running `cli.js` started by this test run. */
export interface RunningCli {
    child: ChildProcess;
    /** What it printed first: the parsed `--json` line, or undefined for the text banner. */
    info: LocalGraphInfo;
    stdout(): string;
    stderr(): string;
    /** Sends `signal` to this child (by its PID) and waits for it to exit (at most 10 s). */
    stop(signal?: NodeJS.Signals): Promise<Exited>;
}

const started = new Set<ChildProcess>();

/** Kills (SIGKILL, by PID) any child these helpers started that is still running. */
export function killLeftovers(): void {
    for (const child of started) {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGKILL");
        }
    }
    started.clear();
}

function exited(child: ChildProcess, out: () => string, err: () => string, ms: number): Promise<Exited> {
    return new Promise((resolve, reject) => {
        const done = (): void => resolve({ code: child.exitCode, signal: child.signalCode, stdout: out(), stderr: err() });
        if (child.exitCode !== null || child.signalCode !== null) {
            return done();
        }
        const timer = setTimeout(() => reject(new Error(`cli.js (pid ${child.pid}) did not exit within ${ms} ms; stderr: ${err()}`)), ms);
        child.once("exit", () => {
            clearTimeout(timer);
            // Let the pipes drain after exit.
            setImmediate(done);
        });
    });
}

function launch(args: readonly string[]): { child: ChildProcess; out: () => string; err: () => string } {
    const child = spawn(process.execPath, [CLI, ...args], {
        cwd: REPO_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: { PATH: process.env.PATH, HOME: process.env.HOME },
    });
    started.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    return { child, out: () => stdout, err: () => stderr };
}

/** Runs cli.js with `args` and waits until it exits on its own (at most 20 s). */
export async function runCli(args: readonly string[]): Promise<Exited> {
    const { child, out, err } = launch(args);
    return exited(child, out, err, 20_000);
}

/**
 * Starts cli.js with `args` and waits (at most 20 s) until it printed its first output: with
 * `--json` the JSON line, otherwise the whole banner (up to its last line).
 */
export async function startCli(args: readonly string[]): Promise<RunningCli> {
    const { child, out, err } = launch(args);
    const json = args.includes("--json");
    await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`cli.js printed nothing usable within 20 s; stdout: ${out()} stderr: ${err()}`)), 20_000);
        const check = (): void => {
            if (json ? out().includes("\n") : out().includes("stops it.")) {
                clearTimeout(timer);
                resolve();
            }
        };
        child.stdout!.on("data", check);
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`cli.js exited with ${code} before it started; stderr: ${err()}`));
        });
    });
    return {
        child,
        info: json ? (JSON.parse(out().split("\n")[0]) as LocalGraphInfo) : (undefined as unknown as LocalGraphInfo),
        stdout: out,
        stderr: err,
        stop: (signal = "SIGTERM") => {
            child.kill(signal);
            return exited(child, out, err, 10_000);
        },
    };
}
