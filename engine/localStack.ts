import { LocalEngine } from "./localEngine";
import { Props, ProviderHost, secretValue } from "./providerHost";
import { Registration, readProject, runProgram } from "./runProgram";

/** A stack of a Pulumi program, run without the Pulumi CLI. */
export interface LocalStackOptions {
    /** The Pulumi program's folder (holds Pulumi.yaml); the provider host's working directory. */
    programDir: string;
    stack?: string;
    /** Stack config, namespaced keys, values as strings (`intune:graphEndpoint`, `<project>:apps`). */
    config?: Record<string, string>;
    /** Secret stack config (`pulumi config set --secret`): sent wrapped as secrets to the provider. */
    secretConfig?: Record<string, string>;
    /** The host's whole environment; by default only PATH and HOME of this process. */
    hostEnv?: NodeJS.ProcessEnv;
    /** Like `pulumi up --parallel`; unbounded by default, as in Pulumi. */
    parallel?: number;
    /** Sees everything the provider host prints (the CLI shows it). */
    onHostOutput?: (stream: "stdout" | "stderr", text: string) => void;
}

/**
 * A program, its stack config, a provider host and the engine's state, together: what a Pulumi
 * project directory with one stack is. `registrations()` runs the program (cached until the
 * config changes); the engine's methods then run the life cycle against the host.
 */
export class LocalStack {
    private cached: { key: string; registrations: Registration[] } | undefined;

    private constructor(
        readonly options: LocalStackOptions,
        readonly host: ProviderHost,
        readonly engine: LocalEngine,
        readonly project: string,
    ) {}

    /** Starts the provider host for the program and sends it the stack config (Configure). */
    static async start(options: LocalStackOptions): Promise<LocalStack> {
        const env = options.hostEnv ?? { PATH: process.env.PATH, HOME: process.env.HOME };
        const host = await ProviderHost.start(options.programDir, env, options.onHostOutput);
        try {
            const stack = new LocalStack(options, host, new LocalEngine(host, options.parallel), readProject(options.programDir).name);
            await host.configure(stack.configureArgs());
            return stack;
        } catch (error) {
            await host.stop();
            throw error;
        }
    }

    /** The program's registrations for the current config (the program runs once per config). */
    async registrations(): Promise<Registration[]> {
        const config = this.programConfig();
        const key = JSON.stringify(config);
        if (this.cached?.key !== key) {
            this.cached = { key, registrations: await runProgram(this.options.programDir, config, this.options.stack ?? "dev") };
        }
        return this.cached.registrations;
    }

    /** Sets program config (`<project>:<key>`), as `pulumi config set` would; the next run sees it. */
    setProgramConfig(key: string, value: unknown): void {
        this.options.config = { ...this.options.config, [`${this.project}:${key}`]: typeof value === "string" ? value : JSON.stringify(value) };
    }

    preview = async () => this.engine.preview(await this.registrations());
    up = async () => this.engine.up(await this.registrations());
    refresh = () => this.engine.refresh();
    destroy = () => this.engine.destroy();

    /** Stops the provider host. */
    async stop(): Promise<void> {
        await this.host.stop();
    }

    private configureArgs(): Props {
        const args: Props = { ...this.options.config };
        for (const [key, value] of Object.entries(this.options.secretConfig ?? {})) {
            args[key] = secretValue(value);
        }
        return args;
    }

    private programConfig(): Record<string, string> {
        return { ...this.options.config, ...this.options.secretConfig };
    }
}
