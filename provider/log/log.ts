import { Redactor } from "./redaction";

/** Log levels, with the names and order `AZURE_LOG_LEVEL` uses. */
export const LOG_LEVELS = ["error", "warning", "info", "verbose"] as const;
/** One of {@link LOG_LEVELS}; a logger at a level writes that level and the ones before it. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Lines for the user; Pulumi shows the provider host's stderr in its output. */
export interface Logger {
    readonly level: LogLevel;
    enabled(level: LogLevel): boolean;
    log(level: LogLevel, message: string): void;
}

/**
 * A logger writing `intune: <message>` lines to stderr. Every line passes through the session's
 * {@link Redactor}, so a secret that slipped into a message (an echoing server, a library error)
 * still does not reach the output.
 */
export function createLogger(level: LogLevel, redactor = new Redactor(), write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
    const rank = LOG_LEVELS.indexOf(level);
    const enabled = (wanted: LogLevel): boolean => LOG_LEVELS.indexOf(wanted) <= rank;
    return {
        level,
        enabled,
        log(wanted, message) {
            if (enabled(wanted)) {
                const tag = wanted === "error" || wanted === "warning" ? `${wanted}: ` : "";
                write(`intune: ${tag}${redactor.text(message)}\n`);
            }
        },
    };
}
