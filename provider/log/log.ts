import { Redactor } from "./redaction";

/** Log levels, with the names and order `AZURE_LOG_LEVEL` uses. */
export const LOG_LEVELS = ["error", "warning", "info", "verbose"] as const;
/** One of {@link LOG_LEVELS}; a logger at a level writes that level and the ones before it. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Lines for the user; Pulumi shows the dynamic-provider host's stderr in its output, and the plugin's `Log` calls. */
export interface Logger {
    readonly level: LogLevel;
    enabled(level: LogLevel): boolean;
    log(level: LogLevel, message: string): void;
}

/**
 * Where a logger's lines go: `line` is `intune: [error: |warning: ]<text>\n` as stderr shows it;
 * `level` and `text` (redacted, without the tag) are for a sink that marks the level itself, as
 * the engine's `Log` call of the provider plugin does (`../plugin/engineLog.ts`).
 */
export type LogWrite = (line: string, level: LogLevel, text: string) => void;

/** The default sink: stderr, which Pulumi shows for the dynamic-provider host. */
const toStderr: LogWrite = (line) => process.stderr.write(line);

/**
 * A logger writing `intune: <message>` lines to stderr (or `write`). Every line passes through the
 * session's {@link Redactor}, so a secret that slipped into a message (an echoing server, a library
 * error) still does not reach the output.
 */
export function createLogger(level: LogLevel, redactor = new Redactor(), write: LogWrite = toStderr): Logger {
    const rank = LOG_LEVELS.indexOf(level);
    const enabled = (wanted: LogLevel): boolean => LOG_LEVELS.indexOf(wanted) <= rank;
    return {
        level,
        enabled,
        log(wanted, message) {
            if (enabled(wanted)) {
                const tag = wanted === "error" || wanted === "warning" ? `${wanted}: ` : "";
                const text = redactor.text(message);
                write(`intune: ${tag}${text}\n`, wanted, text);
            }
        },
    };
}
