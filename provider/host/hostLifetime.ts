/**
 * Ends the Pulumi dynamic-provider host process this provider runs in once nobody is left to
 * answer: when the engine is gone, or when the host's stderr is.
 *
 * The host (`@pulumi/pulumi/cmd/dynamic-provider`) never exits by itself. When the Pulumi CLI is
 * killed (SIGKILL, a CI timeout), the hosts it started live on as orphans; the host is started by a
 * `/bin/sh` wrapper, so its parent process id does not change when the CLI dies and cannot tell.
 * Worse, the first write to its closed stderr raises EPIPE, the host's `uncaughtException` handler
 * logs that to the same stderr, which raises again: a loop measured at 70 % CPU and 4 GB (the class
 * of pulumi#8696). So, like the health check of Pulumi's own Go plugins, this checks the engine's
 * address (the host's last `host:port` argument) now and then, cheaply (a TCP connect, closed at
 * once; the timer does not keep the process alive), and it handles errors of stdout and stderr
 * instead of letting them reach that handler. Either way out, operations in flight may finish
 * (Graph writes they started complete), for at most {@link EXIT_GRACE_MS}; then the process exits.
 */
import * as net from "node:net";
import * as path from "node:path";

/** How often the engine's address is checked. A refused connection means the engine is gone. */
export const ENGINE_CHECK_INTERVAL_MS = 5_000;

/** Longest wait for operations in flight once the host is to end. */
export const EXIT_GRACE_MS = 30_000;

/** After the last operation settled, time for the host to send its reply (the engine may still be there). */
const REPLY_FLUSH_MS = 500;

/** The engine's gRPC address, as the host was given it. */
export interface EngineAddress {
    host: string;
    port: number;
}

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
    const match = /^\[?([^\s[\]]+?)\]?:(\d{1,5})$/.exec(argv.at(-1) ?? "");
    return match ? { host: match[1], port: Number(match[2]) } : undefined;
}

let inFlight = 0;
let ending = false;
let idle: (() => void) | undefined;

/** Counts `work` as in flight: the host does not end before it settles (within the grace). */
export async function inFlightWhile<T>(work: () => Promise<T>): Promise<T> {
    inFlight++;
    try {
        return await work();
    } finally {
        inFlight--;
        if (inFlight === 0) {
            idle?.();
        }
    }
}

/** Lets the operations in flight finish (at most {@link EXIT_GRACE_MS}), then exits the process. */
function end(): void {
    if (ending) {
        return;
    }
    ending = true;
    const exit = (): never => process.exit();
    const exitSoon = (): void => void setTimeout(exit, REPLY_FLUSH_MS);
    setTimeout(exit, EXIT_GRACE_MS).unref();
    if (inFlight === 0) {
        exitSoon();
    }
    idle = exitSoon;
}

/** True when connecting to `address` is refused: nothing listens there any more. */
function refused(address: EngineAddress): Promise<boolean> {
    return new Promise((resolve) => {
        const socket = net.connect(address.port, address.host);
        socket.unref();
        socket.setTimeout(ENGINE_CHECK_INTERVAL_MS, () => {
            socket.destroy();
            resolve(false); // busy, not gone
        });
        socket.once("connect", () => {
            socket.destroy();
            resolve(false);
        });
        socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
    });
}

let watching = false;

/**
 * Starts watching, once per process, when this process is Pulumi's dynamic-provider host:
 * the engine's address every {@link ENGINE_CHECK_INTERVAL_MS}, and errors of stdout and stderr.
 * Anywhere else it does nothing.
 */
export function watchHost(mainFile = require.main?.filename, argv: readonly string[] = process.argv): void {
    const engine = engineAddressOf(mainFile, argv);
    if (watching || engine === undefined) {
        return;
    }
    watching = true;
    // Its reader gone (EPIPE), a stream's error must not reach the host's uncaughtException handler.
    process.stdout.on("error", end);
    process.stderr.on("error", end);
    let checking = false;
    setInterval(() => {
        if (checking || ending) {
            return;
        }
        checking = true;
        void refused(engine).then((gone) => {
            checking = false;
            if (gone) {
                end();
            }
        });
    }, ENGINE_CHECK_INTERVAL_MS).unref();
}
