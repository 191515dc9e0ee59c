/** Invalid provider configuration; the message lists every problem, each naming its key. */
export class ConfigError extends Error {
    override readonly name = "ConfigError";
    constructor(readonly problems: readonly string[]) {
        super(`Invalid intune provider configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
}

/** Type guard for {@link ConfigError}. */
export function isConfigError(e: unknown): e is ConfigError {
    return e instanceof Error && e.name === "ConfigError" && Array.isArray((e as ConfigError).problems);
}
