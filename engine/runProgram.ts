import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** A resource as the program registered it: what the engine receives. */
export interface Registration {
    type: string;
    name: string;
    urn: string;
    inputs: Record<string, unknown>;
}

/** What `Pulumi.yaml` says: the project name and the program file. */
export interface ProjectInfo {
    name: string;
    /** Absolute path of the program's entry file. */
    mainFile: string;
}

/** Reads `name:` and `main:` from the folder's `Pulumi.yaml` (main defaults to index.ts). */
export function readProject(programDir: string): ProjectInfo {
    const text = fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8");
    const field = (key: string) => new RegExp(`^${key}:\\s*(.+?)\\s*$`, "m").exec(text)?.[1]?.replace(/^["']|["']$/g, "");
    const name = field("name");
    if (!name) {
        throw new Error(`${programDir}/Pulumi.yaml has no name`);
    }
    return { name, mainFile: path.resolve(programDir, field("main") ?? "index.ts") };
}

/** Pulumi's URN of a top-level resource. */
export function urnOf(stack: string, project: string, type: string, name: string): string {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/**
 * Runs the Pulumi program in `programDir` under mocks, in a child process with ts-node, and
 * returns its registrations. `config` is the stack config with namespaced keys
 * (`intune-install-summaries:apps`); values are strings as in `Pulumi.<stack>.yaml`.
 */
export async function runProgram(programDir: string, config: Record<string, string>, stack = "dev", timeoutMs = 120_000): Promise<Registration[]> {
    const project = readProject(programDir);
    const outputFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "intune-program-")), "registrations.json");
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(config),
        INTUNE_RUNNER_PROGRAM: project.mainFile,
        INTUNE_RUNNER_OUTPUT: outputFile,
        INTUNE_RUNNER_PROJECT: project.name,
        INTUNE_RUNNER_STACK: stack,
        TS_NODE_TRANSPILE_ONLY: "true",
        TS_NODE_COMPILER_OPTIONS: JSON.stringify({ module: "commonjs" }),
    };
    const runner = path.join(__dirname, "programRunner.ts");
    await new Promise<void>((resolve, reject) => {
        execFile(
            process.execPath,
            ["-r", require.resolve("ts-node/register"), runner],
            { cwd: programDir, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
            (error, _stdout, stderr) => {
                if (error) {
                    reject(new Error(`the Pulumi program in ${programDir} failed: ${stderr || error.message}`));
                } else {
                    resolve();
                }
            },
        );
    });
    try {
        const registered = JSON.parse(fs.readFileSync(outputFile, "utf8")) as Omit<Registration, "urn">[];
        // Registration order is not deterministic (it is asynchronous); sort for a stable display.
        return registered.map((r) => ({ ...r, urn: urnOf(stack, project.name, r.type, r.name) })).sort((a, b) => a.urn.localeCompare(b.urn));
    } finally {
        fs.rmSync(path.dirname(outputFile), { recursive: true, force: true });
    }
}
