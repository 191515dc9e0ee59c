#!/usr/bin/env node
/**
 * `intune-graph-emulator` (`npm run emulator`): runs the Graph emulator, and with `--authority` the
 * fake sign-in authority, on 127.0.0.1 until SIGINT or SIGTERM. It prints where they listen and
 * the exact stack config / environment to use (or one JSON line with `--json`).
 *
 * Exit codes: 0 after a signal stopped it cleanly (and for `--help`), 1 when it cannot start,
 * 2 for an invalid command line.
 */
import { COMMAND, CliOptions, UsageError, parseCommandLine, usage } from "./cliArgs";
import { LocalGraph, banner, startLocalGraph } from "./launch";

/** Why it could not start, in words that name the flag to change. */
function startFailure(error: unknown, options: CliOptions): string {
    const e = error as NodeJS.ErrnoException & { port?: number };
    if (e.code === "EADDRINUSE" || e.code === "EACCES") {
        const flag = options.authority && e.port === options.authority.port && e.port !== options.port ? "--authority-port" : "--port";
        const why = e.code === "EADDRINUSE" ? "is in use" : "may not be used by this user";
        return `port ${e.port} on 127.0.0.1 ${why} (${e.code}); choose another ${flag}, or 0 for a free one.`;
    }
    return `could not start: ${e instanceof Error ? e.message : String(e)}`;
}

/** Runs the command; resolves with the exit code once it has stopped (or never started). */
export async function main(argv: readonly string[]): Promise<number> {
    let options: CliOptions;
    try {
        const parsed = parseCommandLine(argv);
        if (parsed.kind === "help") {
            process.stdout.write(`${usage()}\n`);
            return 0;
        }
        options = parsed.options;
    } catch (error) {
        if (error instanceof UsageError) {
            process.stderr.write(`${COMMAND}: ${error.message}\n`);
            return 2;
        }
        throw error;
    }

    // Listen for the stop signals before anything is printed: a script may send one as soon as it
    // has read the URL, and a signal that arrives before a handler exists would kill the process.
    const signal = new Promise<NodeJS.Signals>((resolve) => {
        process.once("SIGINT", () => resolve("SIGINT"));
        process.once("SIGTERM", () => resolve("SIGTERM"));
    });
    let graph: LocalGraph;
    try {
        graph = await startLocalGraph(options);
    } catch (error) {
        process.stderr.write(`${COMMAND}: ${startFailure(error, options)}\n`);
        return 1;
    }
    process.stdout.write(options.json ? `${JSON.stringify(graph.info)}\n` : `${banner(graph.info, options)}\n`);

    const received = await signal;
    // A second signal while stopping, or a stop that hangs, ends the process without waiting.
    const force = (): never => process.exit(1);
    process.once("SIGINT", force);
    process.once("SIGTERM", force);
    setTimeout(force, 5_000).unref();
    await graph.stop();
    if (!options.json) {
        process.stdout.write(`\nStopped (${received}).\n`);
    }
    return 0;
}

if (require.main === module) {
    // A reader that went away (e.g. `| head -1`) must not crash the emulator on a later write.
    process.stdout.on("error", () => undefined);
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error: unknown) => {
            process.stderr.write(`${COMMAND}: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
            process.exit(1);
        },
    );
}
