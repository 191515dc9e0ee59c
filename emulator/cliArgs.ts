import { X509Certificate } from "node:crypto";
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import type { EmulatorBehaviour } from "./behaviour";
import { EMULATOR_MANUAL } from "./manual";
import { closestMatch } from "./suggest";
import { AppSeed, BEHAVIOUR_RULES, GUID_PATTERN, InvalidEmulatorInput, parseAppSeed } from "./validation";

/** The command name users see (the package bin). */
export const COMMAND = "intune-graph-emulator";

/** One command-line flag: its name, value placeholder, default as documented, and meaning. */
export interface FlagSpec {
    name: string;
    /** Placeholder of the value; absent for a switch. */
    value?: string;
    multiple?: boolean;
    default: string;
    description: string;
    /** Only meaningful with --authority. */
    authority?: boolean;
}

/** Every flag; `--help`, the parser and the docs test are driven by this table. */
export const FLAGS: readonly FlagSpec[] = [
    { name: "port", value: "n", default: "0 (a free port)", description: "Port of the Graph emulator on 127.0.0.1." },
    {
        name: "token",
        value: "text",
        default: "random, printed",
        description: "The bearer token the emulator accepts: letters, digits and . _ ~ + / = : @ % , -, starting with a letter or digit.",
    },
    {
        name: "apps",
        value: "file.json",
        default: "none",
        description: 'Seed apps from a JSON list of {"id", "displayName"?, "type"?, "publisher"?, "counters"?, "summaryRetired"?}.',
    },
    { name: "app", value: "guid", multiple: true, default: "none", description: "Seed one app with every counter 0; repeat for more." },
    { name: "random-apps", value: "n", default: "0", description: "Seed n apps with random GUIDs (repeatable with --seed) and every counter 0." },
    { name: "latency-ms", value: "ms", default: "0", description: "Delay before every Graph answer." },
    { name: "page-size", value: "n", default: "100", description: "Apps per page of GET mobileApps (1..999); more pages follow through @odata.nextLink." },
    {
        name: "write-budget",
        value: "writes/windowMs",
        default: "unlimited",
        description: "PATCH requests allowed per window for the whole tenant, e.g. 100/20000; once spent, PATCH answers 429 with Retry-After.",
    },
    {
        name: "write-window",
        value: "sliding|fixed",
        default: "sliding",
        description: "How the write budgets count their window: the last windowMs, or fixed windows one after the other from the start.",
    },
    {
        name: "app-write-budget",
        value: "writes",
        default: "unlimited",
        description: "PATCH requests allowed per window per calling app (per bearer token), besides the tenant's budget; the window of --write-budget.",
    },
    {
        name: "write-budget-drop",
        value: "afterWrites:writes",
        default: "none",
        description: "After that many writes accepted, the tenant's budget drops to writes per window, e.g. 40:20 (needs --write-budget).",
    },
    {
        name: "read-budget",
        value: "reads/windowMs",
        default: "unlimited",
        description:
            "GET requests allowed per window for the whole tenant (each sub-request of a batch counts), e.g. 1000/20000; once spent, GET answers 429 with Retry-After.",
    },
    {
        name: "retry-after",
        value: "seconds|date|none",
        default: "seconds",
        description: "How the 429 of the write budget writes Retry-After: delta seconds, an HTTP date, or no header.",
    },
    { name: "patch-status", value: "200|204", default: "204", description: "PATCH answers 204 with no body, or 200 with the entity." },
    { name: "get-shape", value: "entity|wrapped", default: "entity", description: 'GET answers the entity, or the entity wrapped in {"value": ...}.' },
    { name: "no-batch", default: "off", description: "Answer POST /$batch with 404, as a Graph without JSON batching would." },
    { name: "ignore-writes", default: "off", description: "Accept PATCH but keep the old values (server-computed counters)." },
    { name: "apply-delay-ms", value: "ms", default: "0", description: "A PATCH becomes visible to GET only after this delay (eventual consistency)." },
    { name: "error-rate", value: "0..1", default: "0", description: "Share of Graph requests answered 503 at random." },
    { name: "reset-rate", value: "0..1", default: "0", description: "Share of Graph requests whose connection is reset at random." },
    { name: "seed", value: "n", default: "random, printed", description: "Seed of the random faults and of --random-apps ids, so a run can be repeated." },
    { name: "authority", default: "off", description: "Also start the fake sign-in authority (HTTPS, self-signed certificate for 127.0.0.1)." },
    { name: "authority-port", value: "n", default: "0 (a free port)", authority: true, description: "Port of the fake authority on 127.0.0.1." },
    { name: "tenant-id", value: "guid|domain", default: "random GUID, printed", authority: true, description: "The tenant the authority knows." },
    {
        name: "client-id",
        value: "guid",
        default: "random GUID, printed",
        authority: true,
        description: "The app registration (client) id the authority knows.",
    },
    {
        name: "client-secret",
        value: "text",
        default: "random, printed",
        authority: true,
        description: "The client secret the authority accepts (same characters as --token).",
    },
    {
        name: "client-certificate",
        value: "file.pem",
        default: "none",
        authority: true,
        description:
            "Also accept client assertions signed by this certificate's key (ClientCertificateCredential); the PEM may hold the key too, only the certificate is read.",
    },
    { name: "token-lifetime-s", value: "seconds", default: "3600", authority: true, description: "Lifetime of the tokens the authority issues." },
    { name: "json", default: "off", description: "Print one JSON line with the URLs, token, credentials and apps instead of the text banner." },
    { name: "help", default: "", description: "Show this help and exit." },
];

/** What the command line asks for. */
export interface CliOptions {
    port: number;
    token?: string;
    apps: AppSeed[];
    randomApps: number;
    behaviour: Partial<EmulatorBehaviour>;
    seed?: number;
    authority?: AuthorityOptions;
    json: boolean;
}

export interface AuthorityOptions {
    port: number;
    tenantId?: string;
    clientId?: string;
    clientSecret?: string;
    /** PEM of the certificate registered for client assertions. */
    clientCertificatePem?: string;
    tokenLifetimeSeconds: number;
}

export type ParsedCommandLine = { kind: "help" } | { kind: "run"; options: CliOptions };

/** A command line the emulator refuses; the message names the flag and what it allows. Exit code 2. */
export class UsageError extends Error {
    override readonly name = "UsageError";
}

/** The `--help` text. */
export function usage(): string {
    const label = (f: FlagSpec): string => `--${f.name}${f.value ? ` <${f.value}>` : ""}`;
    const width = Math.max(...FLAGS.map((f) => label(f).length)) + 2;
    const line = (f: FlagSpec): string => `  ${label(f).padEnd(width)}${f.description}${f.default ? ` Default: ${f.default}.` : ""}`;
    return [
        `Usage: ${COMMAND} [flags]`,
        "",
        "A local stand-in for the Microsoft Graph beta endpoints of Intune's mobileAppInstallSummary",
        "(GET/PATCH /beta/deviceAppManagement/mobileApps/{id}/installSummary) on 127.0.0.1, for Pulumi",
        "stacks and CI without a tenant. It prints the URL and token to use, and runs until Ctrl+C/SIGTERM.",
        "",
        "Graph emulator:",
        ...FLAGS.filter((f) => !f.authority && !["authority", "json", "help"].includes(f.name)).map(line),
        "",
        "Fake sign-in authority (for ClientSecretCredential / ClientCertificateCredential):",
        ...FLAGS.filter((f) => f.authority || f.name === "authority").map(line),
        "",
        "Output:",
        ...FLAGS.filter((f) => f.name === "json" || f.name === "help").map(line),
        "",
        "Admin API (no token): GET /_emulator/state, PATCH /_emulator/behaviour, POST|DELETE /_emulator/faults,",
        "GET|DELETE /_emulator/requests, PUT|PATCH|DELETE /_emulator/apps/{id}.",
        `The manual, with every route and knob: ${EMULATOR_MANUAL}`,
        "",
        "Exit codes: 0 after Ctrl+C/SIGTERM, 1 when it cannot start (e.g. port in use), 2 for invalid flags.",
    ].join("\n");
}

/** Integer flag value in [min, max]. */
function integerFlag(name: string, text: string, min: number, max: number): number {
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
        throw new UsageError(`--${name}: ${JSON.stringify(text)} is not allowed; use a whole number ${min}..${max}.`);
    }
    return Number(text);
}

function rateFlag(name: string, text: string): number {
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) {
        throw new UsageError(`--${name}: ${JSON.stringify(text)} is not allowed; use a number 0..1, e.g. 0.1 for 10%.`);
    }
    return value;
}

function choiceFlag<T extends string>(name: string, text: string, allowed: readonly T[]): T {
    if (!(allowed as readonly string[]).includes(text)) {
        throw new UsageError(`--${name}: ${JSON.stringify(text)} is not allowed; use one of ${allowed.join(", ")}.`);
    }
    return text as T;
}

/** A token or secret printed into shell commands: one word that needs no quoting, starting with a letter or digit. */
function wordFlag(name: string, text: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9._~+/=:@%,-]*$/.test(text)) {
        throw new UsageError(
            `--${name}: ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)} is not allowed; use one word of letters, digits and . _ ~ + / = : @ % , - that starts with a letter or digit.`,
        );
    }
    return text;
}

const TENANT_PATTERN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9.-]*\.[a-z]{2,})$/i;

function readAppsFile(file: string): AppSeed[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new UsageError(`--apps: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    let list: unknown;
    try {
        list = JSON.parse(text);
    } catch (error) {
        throw new UsageError(`--apps: ${file} is not valid JSON (${(error as Error).message}).`);
    }
    if (!Array.isArray(list)) {
        throw new UsageError(
            `--apps: ${file} must hold a JSON list of apps, e.g. [{"id": "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b", "counters": {"installedDeviceCount": 4}}].`,
        );
    }
    return list.map((entry, index) => {
        try {
            return parseAppSeed(entry, `app[${index}]`);
        } catch (error) {
            if (error instanceof InvalidEmulatorInput) {
                throw new UsageError(`--apps: ${file}: ${error.message}`);
            }
            throw error;
        }
    });
}

function readCertificate(file: string): string {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (error) {
        throw new UsageError(`--client-certificate: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(text)?.[0];
    try {
        if (!pem) {
            throw new Error("no certificate");
        }
        new X509Certificate(pem);
    } catch {
        throw new UsageError(`--client-certificate: ${file} holds no PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----).`);
    }
    return pem;
}

/** The flag a mistyped name most likely meant: within 2 edits (or a third of its length), or a prefix of it. */
function nearestFlag(name: string): string | undefined {
    const lower = name.toLowerCase();
    const names = FLAGS.map((f) => f.name);
    return closestMatch(lower, names, Math.max(2, Math.floor(lower.length / 3))) ?? (lower.length >= 3 ? names.find((n) => n.startsWith(lower)) : undefined);
}

/** Rewrites node's parseArgs errors in the words of this command. */
function explainParseError(error: unknown): UsageError {
    const code = (error as NodeJS.ErrnoException).code;
    const message = (error as Error).message;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
        const flag = /'([^']+)'/.exec(message)?.[1] ?? "";
        const bare = flag.replace(/^-+/, "").split("=")[0];
        const near = nearestFlag(bare);
        return new UsageError(`unknown flag ${flag}${near ? ` (did you mean --${near}?)` : ""}; run ${COMMAND} --help for the flags.`);
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
        const arg = /'([^']+)'/.exec(message)?.[1] ?? "";
        return new UsageError(`unexpected argument ${JSON.stringify(arg)}: every setting is a --flag; run ${COMMAND} --help for the flags.`);
    }
    return new UsageError(`${message.replace(/^Option /, "flag ")}; run ${COMMAND} --help for the flags.`);
}

/**
 * Parses the command line (without `node` and the script). Pure apart from reading the files
 * that `--apps` and `--client-certificate` name.
 * @throws UsageError naming the flag and what it allows.
 */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
    let values: Record<string, string | boolean | string[] | undefined>;
    try {
        values = parseArgs({
            args: [...argv],
            strict: true,
            allowPositionals: false,
            options: Object.fromEntries(
                FLAGS.map((f) => [f.name, { type: f.value ? ("string" as const) : ("boolean" as const), multiple: f.multiple === true }]),
            ),
        }).values as Record<string, string | boolean | string[] | undefined>;
    } catch (error) {
        throw explainParseError(error);
    }
    // A flag given twice keeps its last value in parseArgs; say so instead of guessing.
    for (const flag of FLAGS.filter((f) => !f.multiple)) {
        if (argv.filter((a) => a === `--${flag.name}` || a.startsWith(`--${flag.name}=`)).length > 1) {
            throw new UsageError(`--${flag.name} is given more than once; give it once.`);
        }
    }
    if (values.help) {
        return { kind: "help" };
    }
    const text = (name: string): string | undefined => values[name] as string | undefined;

    const behaviour: Partial<EmulatorBehaviour> = {};
    const latency = text("latency-ms");
    if (latency !== undefined) {
        behaviour.latencyMs = integerFlag("latency-ms", latency, 0, 600_000);
    }
    const pageSize = text("page-size");
    if (pageSize !== undefined) {
        behaviour.appsPageSize = integerFlag("page-size", pageSize, 1, 999);
    }
    if (values["no-batch"]) {
        behaviour.serveBatch = false;
    }
    const applyDelay = text("apply-delay-ms");
    if (applyDelay !== undefined) {
        behaviour.applyDelayMs = integerFlag("apply-delay-ms", applyDelay, 0, 3_600_000);
    }
    const budget = text("write-budget");
    if (budget !== undefined) {
        const match = /^(\d+)\/(\d+)$/.exec(budget);
        const writes = Number(match?.[1]);
        const windowMs = Number(match?.[2]);
        if (!match || writes < 1 || writes > 1_000_000 || windowMs < 1 || windowMs > 3_600_000) {
            throw new UsageError(
                `--write-budget: ${JSON.stringify(budget)} is not allowed; use <writes>/<windowMs> with writes 1..1000000 and windowMs 1..3600000, e.g. 100/20000.`,
            );
        }
        behaviour.writesPerWindow = writes;
        behaviour.writeWindowMs = windowMs;
    }
    const writeWindow = text("write-window");
    if (writeWindow !== undefined) {
        behaviour.writeWindow = choiceFlag("write-window", writeWindow, ["sliding", "fixed"] as const);
    }
    const appBudget = text("app-write-budget");
    if (appBudget !== undefined) {
        behaviour.appWritesPerWindow = integerFlag("app-write-budget", appBudget, 1, 1_000_000);
    }
    const drop = text("write-budget-drop");
    if (drop !== undefined) {
        const match = /^(\d+):(\d+)$/.exec(drop);
        const afterWrites = Number(match?.[1]);
        const writes = Number(match?.[2]);
        if (!match || afterWrites < 1 || afterWrites > 1_000_000 || writes < 1 || writes > 1_000_000) {
            throw new UsageError(`--write-budget-drop: ${JSON.stringify(drop)} is not allowed; use <afterWrites>:<writes> with both 1..1000000, e.g. 40:20.`);
        }
        if (behaviour.writesPerWindow === undefined) {
            throw new UsageError("--write-budget-drop needs --write-budget: the budget it drops from, and its window.");
        }
        behaviour.dropAfterWrites = afterWrites;
        behaviour.droppedWritesPerWindow = writes;
    }
    const readBudget = text("read-budget");
    if (readBudget !== undefined) {
        const match = /^(\d+)\/(\d+)$/.exec(readBudget);
        const reads = Number(match?.[1]);
        const windowMs = Number(match?.[2]);
        if (!match || reads < 1 || reads > 1_000_000 || windowMs < 1 || windowMs > 3_600_000) {
            throw new UsageError(
                `--read-budget: ${JSON.stringify(readBudget)} is not allowed; use <reads>/<windowMs> with reads 1..1000000 and windowMs 1..3600000, e.g. 1000/20000.`,
            );
        }
        behaviour.readsPerWindow = reads;
        behaviour.readWindowMs = windowMs;
    }
    const retryAfter = text("retry-after");
    if (retryAfter !== undefined) {
        behaviour.retryAfterFormat = choiceFlag("retry-after", retryAfter, ["seconds", "date", "none"] as const);
    }
    const patchStatus = text("patch-status");
    if (patchStatus !== undefined) {
        behaviour.patchStatus = Number(choiceFlag("patch-status", patchStatus, ["200", "204"] as const)) as 200 | 204;
    }
    const getShape = text("get-shape");
    if (getShape !== undefined) {
        behaviour.getShape = choiceFlag("get-shape", getShape, ["entity", "wrapped"] as const);
    }
    if (values["ignore-writes"]) {
        behaviour.ignoreWrites = true;
    }
    const errorRate = text("error-rate");
    if (errorRate !== undefined) {
        behaviour.serverErrorRate = rateFlag("error-rate", errorRate);
    }
    const resetRate = text("reset-rate");
    if (resetRate !== undefined) {
        behaviour.resetRate = rateFlag("reset-rate", resetRate);
    }
    // The flags map onto the knobs one to one; a knob the emulator would refuse is a bug here.
    for (const [key, value] of Object.entries(behaviour)) {
        if (!BEHAVIOUR_RULES[key as keyof EmulatorBehaviour].test(value)) {
            throw new Error(`internal: flag produced an invalid ${key}`);
        }
    }

    const apps: AppSeed[] = [];
    const appsFile = text("apps");
    if (appsFile !== undefined) {
        apps.push(...readAppsFile(appsFile));
    }
    for (const id of (values.app as string[] | undefined) ?? []) {
        if (!GUID_PATTERN.test(id)) {
            throw new UsageError(`--app: ${JSON.stringify(id)} is not a mobile app id; use a GUID such as 3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b.`);
        }
        apps.push({ id: id.toLowerCase() });
    }
    const seen = new Set<string>();
    for (const app of apps) {
        if (seen.has(app.id)) {
            throw new UsageError(`app ${app.id} is given more than once (--apps / --app); give each app once.`);
        }
        seen.add(app.id);
    }

    const authorityOnly = FLAGS.filter((f) => f.authority && values[f.name] !== undefined).map((f) => `--${f.name}`);
    let authority: AuthorityOptions | undefined;
    if (values.authority) {
        const tenantId = text("tenant-id");
        if (tenantId !== undefined && !TENANT_PATTERN.test(tenantId)) {
            throw new UsageError(`--tenant-id: ${JSON.stringify(tenantId)} is not allowed; use a GUID or a domain such as contoso.onmicrosoft.com.`);
        }
        const clientId = text("client-id");
        if (clientId !== undefined && !GUID_PATTERN.test(clientId)) {
            throw new UsageError(`--client-id: ${JSON.stringify(clientId)} is not allowed; use a GUID (the provider requires one).`);
        }
        const secret = text("client-secret");
        const certificate = text("client-certificate");
        const lifetime = text("token-lifetime-s");
        const port = text("authority-port");
        authority = {
            port: port === undefined ? 0 : integerFlag("authority-port", port, 0, 65_535),
            tenantId,
            clientId: clientId?.toLowerCase(),
            clientSecret: secret === undefined ? undefined : wordFlag("client-secret", secret),
            clientCertificatePem: certificate === undefined ? undefined : readCertificate(certificate),
            tokenLifetimeSeconds: lifetime === undefined ? 3600 : integerFlag("token-lifetime-s", lifetime, 1, 86_400),
        };
    } else if (authorityOnly.length) {
        throw new UsageError(
            `${authorityOnly.join(", ")} ${authorityOnly.length > 1 ? "configure" : "configures"} the fake sign-in authority; add --authority.`,
        );
    }

    const port = text("port");
    const randomApps = text("random-apps");
    const seed = text("seed");
    const token = text("token");
    return {
        kind: "run",
        options: {
            port: port === undefined ? 0 : integerFlag("port", port, 0, 65_535),
            token: token === undefined ? undefined : wordFlag("token", token),
            apps,
            randomApps: randomApps === undefined ? 0 : integerFlag("random-apps", randomApps, 0, 10_000),
            behaviour,
            seed: seed === undefined ? undefined : integerFlag("seed", seed, 0, 4_294_967_295),
            authority,
            json: values.json === true,
        },
    };
}
