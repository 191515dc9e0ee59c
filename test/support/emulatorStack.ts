import { CounterValues } from "../../provider/model/fields";
import { EmulatorBehaviour, GraphEmulator } from "../../emulator/graphEmulator";
import type { TokenRegistry } from "../../emulator/tokenRegistry";
import { LocalStack, LocalStackOptions } from "../../engine/localStack";
import { APPS_KEY, STACK_CONFIG_PROGRAM, TEST_TOKEN } from "./fixtures";

/** An app declared in the stack-config example's stack config. */
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
 * Starts a Graph emulator seeded with `seed` apps, and a local stack of the stack-config example (or
 * `programDir`) declaring `apps`, configured for the emulator through stack config. The emulator
 * accepts `accessToken` (default `TEST_TOKEN`) and the tokens of `registry` (a fake authority's);
 * the stack's `intune:accessToken` secret is that token, unless `accessToken` is false (to sign in).
 */
export async function startEmulatorStack(options: {
    seed?: Array<{ id: string; counters?: CounterValues }>;
    accessToken?: string | false;
    registry?: TokenRegistry;
    apps?: DeclaredApp[];
    behaviour?: Partial<EmulatorBehaviour>;
    programDir?: string;
    appsKey?: string;
    config?: Record<string, string>;
    secretConfig?: Record<string, string>;
    stackOptions?: Partial<LocalStackOptions>;
}): Promise<EmulatorStack> {
    const token = options.accessToken || TEST_TOKEN;
    const emulator = new GraphEmulator({ tokens: [token], registry: options.registry, behaviour: options.behaviour });
    const url = await emulator.start();
    (options.seed ?? []).forEach((app) => emulator.addApp(app.id, app.counters));
    try {
        const stack = await LocalStack.start({
            programDir: options.programDir ?? STACK_CONFIG_PROGRAM,
            config: {
                "intune:graphEndpoint": url,
                ...(options.apps ? { [options.appsKey ?? APPS_KEY]: JSON.stringify(options.apps) } : {}),
                ...options.config,
            },
            secretConfig: { ...(options.accessToken === false ? {} : { "intune:accessToken": token }), ...options.secretConfig },
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
