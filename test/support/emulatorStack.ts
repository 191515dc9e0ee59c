import { CounterValues } from "../../provider/fields";
import { EmulatorBehaviour, GraphEmulator } from "../../emulator/graphEmulator";
import { LocalStack, LocalStackOptions } from "../../engine/localStack";
import { APPS_KEY, REPO_ROOT, TEST_TOKEN } from "./fixtures";

/** An app declared in the root program's stack config. */
export interface DeclaredApp extends CounterValues {
    name?: string;
    mobileAppId: string;
    restoreOnDestroy?: boolean;
    [extra: string]: unknown;
}

export interface EmulatorStack {
    emulator: GraphEmulator;
    stack: LocalStack;
    stop(): Promise<void>;
}

/**
 * Starts a Graph emulator seeded with `seed` apps, and a local stack of the root program (or
 * `programDir`) declaring `apps`, configured for the emulator through stack config.
 */
export async function startEmulatorStack(options: {
    seed: Array<{ id: string; counters?: CounterValues }>;
    apps?: DeclaredApp[];
    behaviour?: Partial<EmulatorBehaviour>;
    programDir?: string;
    appsKey?: string;
    config?: Record<string, string>;
    secretConfig?: Record<string, string>;
    stackOptions?: Partial<LocalStackOptions>;
}): Promise<EmulatorStack> {
    const emulator = new GraphEmulator({ tokens: [TEST_TOKEN], behaviour: options.behaviour });
    const url = await emulator.start();
    options.seed.forEach((app) => emulator.addApp(app.id, app.counters));
    try {
        const stack = await LocalStack.start({
            programDir: options.programDir ?? REPO_ROOT,
            config: {
                "intune:graphEndpoint": url,
                ...(options.apps ? { [options.appsKey ?? APPS_KEY]: JSON.stringify(options.apps) } : {}),
                ...options.config,
            },
            secretConfig: { "intune:accessToken": TEST_TOKEN, ...options.secretConfig },
            ...options.stackOptions,
        });
        return {
            emulator,
            stack,
            async stop() {
                await stack.stop();
                await emulator.stop();
            },
        };
    } catch (error) {
        await emulator.stop();
        throw error;
    }
}
