#!/usr/bin/env node
/**
 * The `intune-install-summary` command, installed with the package (its `bin`). One subcommand:
 * `export`, which writes the tenant's apps as code (`./exportCommand.ts`). Exit codes: 0 done,
 * 1 failed (Graph, sign-in, a file), 2 a bad command line (nothing was sent).
 *
 * @packageDocumentation
 */
import { COMMAND, UsageError, exportUsage, parseExportArgs } from "./exportArgs";
import { CommandIo, runExport } from "./exportCommand";

const USAGE = `Usage: ${COMMAND} export [flags]   (${COMMAND} export --help for the flags)\n`;

/** Runs the command for `argv` (without `node` and the script); resolves to the exit code. */
export async function main(
    argv: readonly string[],
    io: CommandIo & { stdout: NodeJS.WritableStream } = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
    const [command, ...rest] = argv;
    try {
        if (command === undefined || command === "--help" || command === "help") {
            io.stdout.write(USAGE);
            return command === undefined ? 2 : 0;
        }
        if (command !== "export") {
            throw new UsageError(`unknown command ${JSON.stringify(command)}; the command is export.`);
        }
        const parsed = parseExportArgs(rest);
        if (parsed.kind === "help") {
            io.stdout.write(exportUsage());
            return 0;
        }
        return await runExport(parsed.request, io);
    } catch (error) {
        if (error instanceof UsageError) {
            io.stderr.write(`${COMMAND}: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`${COMMAND}: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
