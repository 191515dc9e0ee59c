/**
 * Ends a process that serves the Pulumi engine (the dynamic-provider host this provider runs in,
 * or the provider plugin) once nobody is left to answer: when the engine is gone, or when the
 * process's stderr is.
 *
 * Neither kind of process exits by itself. When the Pulumi CLI is killed (SIGKILL, a CI timeout),
 * the processes it started live on as orphans, and their parent process id cannot tell (the
 * dynamic-provider host is started by a `/bin/sh` wrapper). Worse, the first write to a closed
 * stderr raises EPIPE, and an `uncaughtException` handler that logs it to the same stderr raises
 * again: a loop measured at 70 % CPU and 4 GB in the dynamic-provider host (the class of
 * pulumi#8696). So, like the health check of Pulumi's own Go plugins, this checks the engine's
 * address now and then, cheaply (a TCP connect, closed at once; the timer does not keep the process
 * alive), and it handles errors of stdout and stderr instead of letting them reach that handler.
 * Either way out, operations in flight may finish (Graph writes they started complete), for at most
 * {@link EXIT_GRACE_MS}; then the process exits.
 */
import * as net from "node:net";

/** How often the engine's address is checked. A refused connection means the engine is gone. */
export const ENGINE_CHECK_INTERVAL_MS = 5_000;

/** Longest wait for operations in flight once the process is to end. */
export const EXIT_GRACE_MS = 30_000;

/** After the last operation settled, time for the process to send its reply (the engine may still be there). */
const REPLY_FLUSH_MS = 500;

/** The engine's gRPC address, as the process was given it. */
export interface EngineAddress {
    host: string;
    port: number;
}

/** `127.0.0.1:42617`, `[::1]:42617` or `localhost:42617` as an address; undefined for anything else. */
export function parseEngineAddress(text: string | undefined): EngineAddress | undefined {
    const match = /^\[?([^\s[\]]+?)\]?:(\d{1,5})$/.exec(text ?? "");
    return match ? { host: match[1], port: Number(match[2]) } : undefined;
}

let inFlight = 0;
let ending = false;
let idle: (() => void) | undefined;

/** Counts `work` as in flight: the process does not end before it settles (within the grace). */
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
 * Starts watching, once per process: the engine's address every {@link ENGINE_CHECK_INTERVAL_MS},
 * and errors of stdout and stderr.
 */
export function watchEngine(engine: EngineAddress): void {
    if (watching) {
        return;
    }
    watching = true;
    // Its reader gone (EPIPE), a stream's error must not reach an uncaughtException handler.
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
