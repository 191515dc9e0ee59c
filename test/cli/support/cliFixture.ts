import { CounterValues } from "../../../provider/model/fields";
import { EmulatorBehaviour, GraphEmulator } from "../../../emulator/graphEmulator";
import type { TokenRegistry } from "../../../emulator/tokenRegistry";
import { TEST_TOKEN } from "../../support/fixtures";
import { CliStack, PulumiWorkspace } from "../../../scripts/cli/pulumiWorkspace";
import { requirePulumiCli } from "./pulumiCli";
import { ProgramPackages, ProgramSource, userProgram } from "../../../scripts/cli/userProgram";

/** An app seeded in the emulator before the stack exists: its id and the values it holds. */
export interface SeededApp {
    id: string;
    counters?: CounterValues;
    displayName?: string;
}

/** A program folder outside the repository, one stack in it, and the Graph emulator it talks to. */
export interface CliFixture {
    emulator: GraphEmulator;
    workspace: PulumiWorkspace;
    stack: CliStack;
    /** Stops the emulator and removes the workspace. */
    dispose(): Promise<void>;
}

/**
 * Starts the Graph emulator (in this process: the CLI runs as a child process, so the emulator
 * keeps answering), makes a fresh program folder from `source` with the package installed from its
 * tarball, and inits a stack pointed at the emulator, the token set with `config set --secret`.
 */
export async function cliFixture(
    context: Mocha.Context,
    options: {
        source: ProgramSource;
        /** What the program installs besides @pulumi/pulumi (default: this package only). */
        packages?: ProgramPackages;
        seed?: SeededApp[];
        behaviour?: Partial<EmulatorBehaviour>;
        config?: Record<string, string>;
        secrets?: Record<string, string>;
        /** Structured config written into Pulumi.<stack>.yaml (e.g. the stack-config example's `apps`). */
        structured?: Record<string, unknown>;
        /** The bearer token the emulator accepts and the stack's `intune:accessToken`; false to sign in instead. */
        token?: string | false;
        /** Tokens issued by a fake authority, which the emulator accepts too. */
        registry?: TokenRegistry;
        /** Environment of every command (and so of the hosts), e.g. NODE_EXTRA_CA_CERTS. */
        env?: NodeJS.ProcessEnv;
        stackName?: string;
    },
): Promise<CliFixture> {
    const cli = await requirePulumiCli(context);
    const token = options.token === false ? undefined : (options.token ?? TEST_TOKEN);
    const emulator = new GraphEmulator({ tokens: token ? [token] : [], registry: options.registry, behaviour: options.behaviour });
    const url = await emulator.start();
    for (const app of options.seed ?? []) {
        emulator.addApp(app.id, app.counters, app.displayName);
    }
    const workspace = new PulumiWorkspace(cli, await userProgram(options.source, options.packages));
    workspace.env = { ...workspace.env, ...options.env };
    try {
        const stack = await CliStack.init(workspace, options.stackName);
        for (const [key, value] of Object.entries(options.structured ?? {})) {
            stack.setStructuredConfig(key, value);
        }
        await stack.setConfig({ "intune:graphEndpoint": url, ...options.config }, { ...(token ? { "intune:accessToken": token } : {}), ...options.secrets });
        return {
            emulator,
            workspace,
            stack,
            async dispose() {
                await emulator.stop();
                workspace.dispose();
            },
        };
    } catch (error) {
        await emulator.stop();
        workspace.dispose();
        throw error;
    }
}

/** Counts the emulator's Graph requests by method, e.g. `{ GET: 3, PATCH: 3 }`, and forgets them. */
export function takeRequests(emulator: GraphEmulator): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of emulator.graphRequests()) {
        counts[r.method] = (counts[r.method] ?? 0) + 1;
    }
    emulator.clearRequests();
    return counts;
}
