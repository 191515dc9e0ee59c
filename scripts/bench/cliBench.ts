import * as fs from "node:fs";
import * as path from "node:path";
import type { GraphEmulator } from "../../emulator/graphEmulator";
import { CliStack, CommandResult, PulumiWorkspace, StateResource } from "../cli/pulumiWorkspace";
import { userProgram } from "../cli/userProgram";
import { PulumiCli, getPulumiCli, isPulumiCli } from "../pulumiCli";
import { UPDATED_COUNTER, appId } from "./apps";
import type { AzuriteBlob } from "./azurite";
import { BENCH_TOKEN } from "./benchEnv";

/** The providers the real-CLI figures compare: this package's dynamic provider, a minimal inline dynamic provider, and this package's native plugin. */
export type BenchProvider = "intune" | "minimal" | "plugin";
/** The two state backends the curve runs on. */
export type BackendName = "file" | "azblob";

/** One of the bench's programs (`scripts/bench/programs/<provider>`) and how its stack is configured. */
interface BenchProgram {
    project: string;
    resourceType: string;
    /** Stack config pointing the provider at the emulator: plain values and secrets. */
    config(graphEndpoint: string): { plaintext: Record<string, string>; secret: Record<string, string> };
}

const PROGRAMS: Record<BenchProvider, BenchProgram> = {
    intune: {
        project: "bench-intune",
        resourceType: "pulumi-nodejs:dynamic/intune:MobileAppInstallSummary",
        // Pacing off: this emulator has no write budget, so the write pacer (by default Intune's
        // 100 writes per 20 s) would only measure itself; the comparison is about the engine.
        config: (url) => ({ plaintext: { "intune:graphEndpoint": url, "intune:writesPerWindow": "0" }, secret: { "intune:accessToken": BENCH_TOKEN } }),
    },
    plugin: {
        project: "bench-plugin",
        resourceType: "intune:index:MobileAppInstallSummary",
        // The same stack config as the dynamic provider's: the plugin's default provider reads it.
        config: (url) => ({ plaintext: { "intune:graphEndpoint": url, "intune:writesPerWindow": "0" }, secret: { "intune:accessToken": BENCH_TOKEN } }),
    },
    minimal: {
        project: "bench-minimal",
        resourceType: "pulumi-nodejs:dynamic/minimal:InstallSummary",
        config: (url) => ({ plaintext: { "bench-minimal:graphEndpoint": url }, secret: { "bench-minimal:accessToken": BENCH_TOKEN } }),
    },
};

/**
 * The real CLI for the bench: a new enough `pulumi` on PATH, the cached build, or (full profile
 * only) a build from Go modules. Without one: under `CI=true` an error; elsewhere the reason, for
 * the bench to say in one line.
 */
export async function benchPulumiCli(build: boolean, log: (line: string) => void): Promise<PulumiCli | { missing: string }> {
    const cli = await getPulumiCli({ build, log: (line) => log(`pulumi-cli: ${line}`) });
    if (!isPulumiCli(cli) && process.env.CI === "true") {
        throw new Error(`CI=true and no Pulumi CLI for the real-CLI scenarios: ${cli.missing}`);
    }
    return cli;
}

/**
 * A program folder outside the repository with the package installed from its tarball (a real
 * copy in node_modules), its own PULUMI_HOME, on one backend: where a user of one provider runs
 * `pulumi`. The minimal provider's folder has the same node_modules (it does not import the package).
 */
export class BenchWorkspace {
    private constructor(
        readonly provider: BenchProvider,
        readonly backend: BackendName,
        readonly workspace: PulumiWorkspace,
        private readonly blob?: AzuriteBlob,
    ) {}

    static async create(cli: PulumiCli, provider: BenchProvider, backend: BackendName, blob?: AzuriteBlob): Promise<BenchWorkspace> {
        const workspace = new PulumiWorkspace(cli, await userProgram(`scripts/bench/programs/${provider}`, provider === "plugin" ? "package+sdk" : "package"));
        if (backend === "azblob") {
            if (!blob) {
                throw new Error("bench: the azblob backend needs Azurite");
            }
            workspace.env = { ...workspace.env, ...blob.backendEnv };
        }
        return new BenchWorkspace(provider, backend, workspace, backend === "azblob" ? blob : undefined);
    }

    get program(): BenchProgram {
        return PROGRAMS[this.provider];
    }

    /** `pulumi stack init <name>` and the provider's config for the emulator, in one `config set-all`. */
    async freshStack(name: string, emulator: GraphEmulator): Promise<BenchStack> {
        const stack = await CliStack.init(this.workspace, name);
        const { plaintext, secret } = this.program.config(emulator.baseUrl);
        await stack.run([
            "config",
            "set-all",
            ...Object.entries(plaintext).flatMap(([key, value]) => ["--plaintext", `${key}=${value}`]),
            ...Object.entries(secret).flatMap(([key, value]) => ["--secret", `${key}=${value}`]),
        ]);
        return new BenchStack(this, stack, emulator);
    }

    /** Bytes of a stack's state as the backend stores it: the file, or the blob. */
    async stateFileBytes(stack: string): Promise<number> {
        const name = path.posix.join(".pulumi", "stacks", this.program.project, `${stack}.json`);
        return this.blob ? this.blob.blobBytes(name) : fs.statSync(path.join(this.workspace.backendDir, name)).size;
    }

    dispose(): void {
        this.workspace.dispose();
    }
}

/** What one `pulumi up` did: its wall time and the Graph requests it caused, by method. */
export interface UpResult {
    ms: number;
    requests: Record<string, number>;
}

/** Bytes per resource of a stack's state. */
export interface StateBytes {
    /** The resource's entry in `pulumi stack export`, as compact JSON (urn, type, inputs, outputs, dependencies, source position...). */
    entry: number;
    /** Its inputs and outputs alone (compact JSON). */
    inputsOutputs: number;
    /** The backend's state file (or blob) divided by the number of resources: the stack and provider resources and the file's indentation included. */
    backendFile: number;
}

/** A fresh stack of one bench program, against the emulator. */
export class BenchStack {
    constructor(
        readonly owner: BenchWorkspace,
        readonly stack: CliStack,
        private readonly emulator: GraphEmulator,
    ) {}

    /**
     * Declares apps 0 … n−1 with `installedDeviceCount: value` and runs `pulumi up --yes
     * --skip-preview`; fails unless the CLI reports `expected` for all n and Graph holds the
     * value for every app afterwards.
     */
    async up(n: number, value: number, expected: "created" | "updated", env?: NodeJS.ProcessEnv): Promise<UpResult> {
        const apps = Array.from({ length: n }, (_, i) => ({ mobileAppId: appId(i), [UPDATED_COUNTER]: value }));
        this.stack.setStructuredConfig(`${this.owner.program.project}:apps`, apps);
        this.emulator.clearRequests();
        const result = await this.stack.up([], { env, timeoutMs: 600_000 });
        const requests: Record<string, number> = {};
        for (const r of this.emulator.graphRequests()) {
            requests[r.method] = (requests[r.method] ?? 0) + 1;
        }
        this.emulator.clearRequests();
        assertSummary(result, expected, n);
        const wrong = apps.filter((a) => this.emulator.counters(a.mobileAppId)[UPDATED_COUNTER] !== value);
        if (wrong.length) {
            throw new Error(`bench: after pulumi up (${this.owner.provider}, ${this.owner.backend}) ${wrong.length} of ${n} apps do not hold ${value}`);
        }
        return { ms: result.durationMs, requests };
    }

    /** Bytes per resource of this stack's state: from `pulumi stack export`, and the backend's file. */
    async stateBytes(n: number): Promise<StateBytes> {
        const state = await this.stack.exportState();
        const mine = (state.deployment.resources ?? []).filter((r) => r.type === this.owner.program.resourceType);
        if (mine.length !== n) {
            throw new Error(`bench: the state of ${this.owner.provider} holds ${mine.length} resources, not ${n}`);
        }
        const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? {}), "utf8");
        const sum = (f: (r: StateResource) => number) => mine.reduce((total, r) => total + f(r), 0) / n;
        return {
            entry: sum(size),
            inputsOutputs: sum((r) => size(r.inputs) + size(r.outputs)),
            backendFile: (await this.owner.stateFileBytes(this.stack.name)) / n,
        };
    }

    /** `pulumi stack rm --force`: forgets the stack (Graph keeps its values; the next run writes new ones). */
    async remove(): Promise<void> {
        await this.stack.run(["stack", "rm", "--yes", "--force"]);
    }
}

/** Throws unless the CLI's summary says `expected` for n resources (`+ n created`, `~ n updated`). */
export function assertSummary(result: CommandResult, expected: "created" | "updated" | "unchanged", n: number): void {
    // The summary's lines, after "Resources:": "    + 11 created", "    ~ 10 updated", "    11 unchanged".
    const summary = result.stdout.slice(result.stdout.lastIndexOf("\nResources:"));
    const count = new RegExp(`^\\s+(?:[+~-]\\s+)?(\\d+) ${expected}$`, "m").exec(summary)?.[1];
    // The stack resource itself is created with the first up, and unchanged after.
    const wanted = expected === "created" ? n + 1 : expected === "unchanged" ? n + 1 : n;
    if (Number(count) !== wanted) {
        throw new Error(`bench: pulumi ${result.args.join(" ")} did not report ${wanted} ${expected}:\n${result.stdout.slice(-2000)}`);
    }
}
