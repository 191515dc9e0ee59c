import { parseArgs } from "node:util";
import { CONFIG_KEYS } from "../config/configKeys";
import type { MobileAppsArgs } from "../model/mobileApps";
import { closestMatch } from "../model/suggest";

/** The command users run (the package's bin). */
export const COMMAND = "intune-install-summary";

/** A command line refused before anything is sent; the message names the flag. Exit code 2. */
export class UsageError extends Error {
    override readonly name = "UsageError";
}

/** One flag of `export`: its name, value placeholder and meaning, for the parser and `--help`. */
export interface ExportFlag {
    name: string;
    /** Placeholder of the value; absent for a switch. */
    value?: string;
    description: string;
}

/** The flags of `export` itself; the provider's configuration keys follow as flags of their own ({@link CONFIG_FLAGS}). */
export const EXPORT_FLAGS: readonly ExportFlag[] = [
    {
        name: "stack-config",
        value: "Pulumi.<stack>.yaml",
        description: "Write the apps list (<project>:apps, as the stack-config example reads it) into this stack config file; other keys are kept.",
    },
    { name: "program", value: "index.ts", description: "Write a TypeScript Pulumi program with one resource per app to this file." },
    {
        name: "project",
        value: "name",
        description: "The project of <project>:apps. Default: the name in the Pulumi.yaml beside --stack-config, else intune-install-summaries.",
    },
    { name: "filter", value: "odata", description: "Only apps matching this OData $filter, sent to Graph as it is, e.g. \"publisher eq 'Microsoft'\"." },
    { name: "name-contains", value: "text", description: "Only apps whose display name contains this text (any case)." },
    { name: "type", value: "type", description: "Only apps of this Graph type, e.g. win32LobApp or microsoft.graph.iosStoreApp." },
    { name: "help", description: "Show this help and exit." },
];

/** `graphEndpoint` as the flag `graph-endpoint`. */
const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every provider configuration key as a flag (`intune:graphEndpoint` is `--graph-endpoint`); unset flags fall back to the key's environment variables. */
export const CONFIG_FLAGS: ReadonlyArray<{ flag: string; key: string; secret: boolean; description: string }> = CONFIG_KEYS.map((k) => ({
    flag: kebab(k.key),
    key: k.key,
    secret: k.secret,
    description: k.description,
}));

/** What `export` is asked to do. */
export interface ExportRequest {
    stackConfig?: string;
    program?: string;
    project?: string;
    selection: MobileAppsArgs;
    /** Configuration keys given as flags, by key (`graphEndpoint`). */
    config: Record<string, string>;
}

/** The parsed command line. */
export type ExportCommandLine = { kind: "help" } | { kind: "export"; request: ExportRequest };

/** The `--help` text. */
export function exportUsage(): string {
    const rows = [
        ...EXPORT_FLAGS.map((f) => [`--${f.name}${f.value ? ` <${f.value}>` : ""}`, f.description]),
        ...CONFIG_FLAGS.map((f) => [`--${f.flag} <value>`, `intune:${f.key}${f.secret ? " (secret: prefer its environment variable)" : ""}. ${f.description}`]),
    ];
    const width = Math.max(...rows.map(([label]) => label.length)) + 2;
    return [
        `Usage: ${COMMAND} export (--stack-config <file> | --program <file> | both) [flags]`,
        "",
        "Lists the tenant's Intune apps and their install summaries and writes them as code, sorted by display name:",
        "deploying what it writes adopts every summary with the values it has now and sends no PATCH.",
        "Sign-in and Graph settings are the provider's: a flag, else the key's environment variable, else its default.",
        "",
        ...rows.map(([label, text]) => `  ${label.padEnd(width)}${text}`),
        "",
    ].join("\n");
}

/** Parses the arguments after `export`. @throws UsageError naming the flag */
export function parseExportArgs(argv: readonly string[]): ExportCommandLine {
    const names = [...EXPORT_FLAGS.map((f) => f.name), ...CONFIG_FLAGS.map((f) => f.flag)];
    let values: Record<string, string | boolean | undefined>;
    try {
        values = parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: Object.fromEntries(names.map((name) => [name, { type: name === "help" ? ("boolean" as const) : ("string" as const) }])),
        }).values;
    } catch (error) {
        throw explain(error, names);
    }
    for (const name of names) {
        if (argv.filter((a) => a === `--${name}` || a.startsWith(`--${name}=`)).length > 1) {
            throw new UsageError(`--${name} is given more than once; give it once.`);
        }
    }
    if (values.help) {
        return { kind: "help" };
    }
    const text = (name: string): string | undefined => values[name] as string | undefined;
    const stackConfig = text("stack-config");
    const program = text("program");
    if (stackConfig === undefined && program === undefined) {
        throw new UsageError(
            `nothing to write: give --stack-config <Pulumi.<stack>.yaml>, --program <index.ts>, or both; run ${COMMAND} export --help for the flags.`,
        );
    }
    if (stackConfig !== undefined && program !== undefined && stackConfig === program) {
        throw new UsageError("--stack-config and --program name the same file; give two files.");
    }
    const config: Record<string, string> = {};
    for (const { flag, key } of CONFIG_FLAGS) {
        if (text(flag) !== undefined) {
            config[key] = text(flag)!;
        }
    }
    const selection = {
        ...(text("filter") !== undefined && { filter: text("filter") }),
        ...(text("name-contains") !== undefined && { displayNameContains: text("name-contains") }),
        ...(text("type") !== undefined && { type: text("type") }),
    };
    return { kind: "export", request: { stackConfig, program, project: text("project"), selection, config } };
}

/** node's parseArgs errors in the words of this command. */
function explain(error: unknown, names: readonly string[]): UsageError {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
        const flag = /'([^']+)'/.exec(message)?.[1] ?? "";
        const near = closestMatch(flag.replace(/^-+/, "").split("=")[0], names);
        return new UsageError(`unknown flag ${flag}${near ? ` (did you mean --${near}?)` : ""}; run ${COMMAND} export --help for the flags.`);
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
        const arg = /'([^']+)'/.exec(message)?.[1] ?? "";
        return new UsageError(`unexpected argument ${JSON.stringify(arg)}: every setting is a --flag; run ${COMMAND} export --help for the flags.`);
    }
    return new UsageError(`${message.replace(/^Option /, "flag ")}; run ${COMMAND} export --help for the flags.`);
}
