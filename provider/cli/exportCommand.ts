import * as fs from "node:fs";
import * as path from "node:path";
import { SingleBar } from "cli-progress";
import writeFileAtomic from "write-file-atomic";
import { isConfigError } from "../config/configError";
import { resolveSettings } from "../config/settings";
import { OperationStats } from "../graph/stats";
import { MAX_BATCH_SIZE } from "../graph/transport/batchingHttpClient";
import { createSession } from "../session/session";
import { isAppArgumentError, checkMobileAppsArgs, describeApp } from "../model/mobileApps";
import { TenantExport, exportTenant } from "../operations/exportTenant";
import { CONFIG_FLAGS, ExportRequest, UsageError } from "./exportArgs";
import { programText } from "./programText";
import { projectOf, stackConfigApps, stackConfigText } from "./stackConfigFile";

/** Where the command writes: its stderr (a TTY gets a progress bar) and the environment it reads settings from. */
export interface CommandIo {
    stderr: NodeJS.WritableStream & { isTTY?: boolean };
    env: NodeJS.ProcessEnv;
}

/**
 * Pulumi hands the whole stack config to the program in one environment variable (PULUMI_CONFIG),
 * and Linux refuses an environment string over 128 KiB (the program then fails to start with
 * E2BIG). Past this size of the apps list, export says so and points at `--program`.
 */
const STACK_CONFIG_WARN_BYTES = 100 * 1024;

/** The flag each selection argument comes from, for messages. */
const SELECTION_FLAGS: Record<string, string> = { filter: "--filter", displayNameContains: "--name-contains", type: "--type" };

/** A configuration problem in the words of the command line: a key given as a flag is named by its flag. */
function inFlagTerms(message: string, request: ExportRequest): string {
    return CONFIG_FLAGS.filter((f) => request.config[f.key] !== undefined).reduce((text, f) => text.split(`intune:${f.key}`).join(`--${f.flag}`), message);
}

/** Refuses an output whose folder does not exist, before anything is sent. */
function checkOutput(file: string, flag: string): void {
    const folder = path.dirname(path.resolve(file));
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
        throw new UsageError(`${flag}: the folder ${folder} does not exist; create it first.`);
    }
}

/**
 * Runs `export` for `request`: checks every input before any request (selection, configuration,
 * output folders, an existing stack config file), lists the apps and reads their summaries
 * (`../operations/exportTenant.ts`), then writes each output atomically (a temporary file renamed
 * over it, so a reader never sees half a file, and a failure leaves the old one). Progress goes to
 * stderr as a bar when stderr is a TTY; one summary line ends the run either way. Returns the exit
 * code: 0 done (apps skipped for a summary Graph does not serve included), 1 failed, nothing written.
 *
 * @throws UsageError for a bad command line (exit code 2), before any request.
 */
export async function runExport(request: ExportRequest, io: CommandIo): Promise<number> {
    let selection;
    try {
        selection = checkMobileAppsArgs(request.selection, "export");
    } catch (error) {
        if (isAppArgumentError(error)) {
            const argument = error.argument.replace(/^export: /, "");
            throw new UsageError(`${SELECTION_FLAGS[argument] ?? argument}${error.message.slice(error.argument.length)}`);
        }
        throw error;
    }
    let settings;
    try {
        settings = resolveSettings((key) => request.config[key.replace(/^intune:/, "")], io.env, []);
    } catch (error) {
        if (isConfigError(error)) {
            throw new UsageError(inFlagTerms(error.message, request));
        }
        throw error;
    }
    if (request.stackConfig !== undefined) {
        checkOutput(request.stackConfig, "--stack-config");
    }
    if (request.program !== undefined) {
        checkOutput(request.program, "--program");
    }
    const project = request.project ?? (request.stackConfig === undefined ? undefined : projectOf(request.stackConfig));
    const session = createSession(settings, "export");
    const stats = new OperationStats();
    const startedMs = Date.now();
    const bar = io.stderr.isTTY
        ? new SingleBar({ stream: io.stderr, format: "export [{bar}] {value}/{total} apps | {duration}s", hideCursor: true })
        : undefined;
    let result: TenantExport;
    try {
        // The stack config file is read (and refused if it cannot be updated) before any request.
        if (request.stackConfig !== undefined) {
            stackConfigText(request.stackConfig, project!, []);
        }
        result = await exportTenant(selection, session.client, stats, {
            // Enough reads at once to fill a batch on every socket when reads are batched.
            concurrency: settings.batchReads ? settings.maxSockets * MAX_BATCH_SIZE : settings.maxSockets,
            progress: (done, total) => (done === 0 ? bar?.start(total, 0) : bar?.update(done)),
        });
        bar?.stop();
        const source = `${settings.graphBaseUrl} (${settings.apiVersion})`;
        if (request.stackConfig !== undefined) {
            writeFileAtomic.sync(request.stackConfig, stackConfigText(request.stackConfig, project!, result.exported));
        }
        if (request.program !== undefined) {
            writeFileAtomic.sync(request.program, programText(result.exported, source));
        }
    } catch (error) {
        bar?.stop();
        io.stderr.write(`${session.redactor.text(`export failed, nothing was written: ${(error as Error).message}`)}\n`);
        return 1;
    } finally {
        session.client.close();
    }
    io.stderr.write(`${session.redactor.text(summaryLine(result, request, project, stats, Date.now() - startedMs))}\n`);
    const configBytes = request.stackConfig === undefined ? 0 : Buffer.byteLength(JSON.stringify(JSON.stringify(stackConfigApps(result.exported))));
    if (configBytes > STACK_CONFIG_WARN_BYTES) {
        io.stderr.write(
            `export: warning: the apps list takes ${Math.round(configBytes / 1024)} KiB of stack config. Pulumi hands stack config to the program ` +
                `in one environment variable, which Linux limits to 128 KiB, so the program may fail to start (E2BIG); for a tenant this large, ` +
                `deploy the program --program writes instead.\n`,
        );
    }
    return 0;
}

/** The one line that ends an export: what was written where, what was skipped and why, what it cost. */
function summaryLine(result: TenantExport, request: ExportRequest, project: string | undefined, stats: OperationStats, elapsedMs: number): string {
    const { exported, skipped } = result;
    const outputs = [
        request.stackConfig === undefined ? undefined : `${request.stackConfig} (${project}:apps)`,
        request.program === undefined ? undefined : request.program,
    ].filter(Boolean);
    const skippedText = skipped.length
        ? `; skipped ${skipped.length}: ${skipped
              .map(
                  (s) =>
                      `${describeApp(s.app)} ${s.reason === "summaryUnavailable" ? "(Graph does not serve its installSummary)" : "(deleted since the listing)"}`,
              )
              .join(", ")}`
        : "";
    const apps = `${exported.length} app${exported.length === 1 ? "" : "s"}`;
    return `export: ${apps} written to ${outputs.join(" and ")}${skippedText}; ${stats.requests} Graph requests in ${(elapsedMs / 1000).toFixed(1)} s.`;
}
