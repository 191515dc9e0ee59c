/**
 * Ends the Pulumi dynamic-provider host process this provider runs in once nobody is left to
 * answer (`../session/processLifetime.ts`). This module tells whether the process is that host,
 * and where its engine is.
 */
import * as path from "node:path";
import { EngineAddress, parseEngineAddress, watchEngine } from "../session/processLifetime";

/**
 * The engine address of the host process whose entry file is `mainFile` and whose arguments are
 * `argv`, or undefined when this is not Pulumi's dynamic-provider host (a program, a test, a
 * script that loads the provider). The engine may pass flags first (`--logtostderr`, `-v=9`,
 * `--tracing <host:port>`); its own address is the last argument.
 */
export function engineAddressOf(mainFile: string | undefined, argv: readonly string[]): EngineAddress | undefined {
    if (!mainFile || path.basename(mainFile) !== "index.js" || path.basename(path.dirname(mainFile)) !== "dynamic-provider") {
        return undefined;
    }
    return parseEngineAddress(argv.at(-1));
}

/**
 * Starts watching the engine and the standard streams (`../session/processLifetime.ts`) when this
 * process is Pulumi's dynamic-provider host. Anywhere else it does nothing.
 */
export function watchHost(mainFile = require.main?.filename, argv: readonly string[] = process.argv): void {
    const engine = engineAddressOf(mainFile, argv);
    if (engine !== undefined) {
        watchEngine(engine);
    }
}
