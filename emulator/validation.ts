import type { EmulatorBehaviour, ScriptedFault } from "./behaviour";
import { COUNTER_NAMES, COUNT_RANGE, CounterValues, isCount, isCounterName } from "./schema";
import { closestMatch } from "./suggest";

/** A GUID in its usual 8-4-4-4-12 hex form, any case. */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Input to the emulator (admin API body, `--apps` file, constructor option) that it refuses; the message says where and what is allowed. */
export class InvalidEmulatorInput extends Error {
    override readonly name = "InvalidEmulatorInput";
}

/** An app to seed the emulated tenant with: the `--apps` file entry and the body of `PUT /_emulator/apps/{id}`. */
export interface AppSeed {
    /** The mobile app id, a GUID. */
    id: string;
    displayName?: string;
    /** The OData type without `#` (default {@link DEFAULT_APP_TYPE}); `win32LobApp` is read as `microsoft.graph.win32LobApp`. */
    type?: string;
    publisher?: string;
    /** Counters to start from; the others are 0. */
    counters?: CounterValues;
    /** Graph answers 404 on this app's installSummary, as after Microsoft's retirement of the entity. */
    summaryRetired?: boolean;
}

function fail(message: string): never {
    throw new InvalidEmulatorInput(message);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

const show = (value: unknown): string => (value === undefined ? "undefined" : JSON.stringify(value));

/** "unknown key; allowed: …" with a did-you-mean when the key looks like a typo. */
function unknownKey(where: string, key: string, allowed: readonly string[]): never {
    const near = closestMatch(key, allowed);
    return fail(`${where}: unknown property '${key}'${near ? ` (did you mean '${near}'?)` : ""}; allowed: ${allowed.join(", ")}.`);
}

function isInteger(value: unknown, min: number, max: number): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** Validates a set of counter values: counters of the entity, each a count (an integer 0 … 2,147,483,647). */
export function parseCounters(value: unknown, where: string): CounterValues {
    if (!isPlainObject(value)) {
        return fail(`${where}: must be an object of counters, e.g. {"installedDeviceCount": 4}.`);
    }
    const counters: CounterValues = {};
    for (const [key, count] of Object.entries(value)) {
        if (!isCounterName(key)) {
            return unknownKey(where, key, COUNTER_NAMES);
        }
        if (!isCount(count)) {
            return fail(`${where}.${key}: ${show(count)} is not allowed; use an integer ${COUNT_RANGE.min}..${COUNT_RANGE.max}.`);
        }
        counters[key] = count;
    }
    return counters;
}

const APP_SEED_KEYS = ["id", "displayName", "type", "publisher", "counters", "summaryRetired"] as const;

/** The type of an app seeded without one: a Windows app, the most common kind in Intune. */
export const DEFAULT_APP_TYPE = "microsoft.graph.win32LobApp";

/** The type as `@odata.type` names it without `#`: `win32LobApp` and `#microsoft.graph.win32LobApp` are `microsoft.graph.win32LobApp`. */
export function fullAppType(type: string): string {
    const bare = type.replace(/^#/, "");
    return bare.startsWith("microsoft.graph.") ? bare : `microsoft.graph.${bare}`;
}

/** An OData type name: `microsoft.graph.<name>` or the bare name, with or without a leading `#`. */
const APP_TYPE = /^#?(microsoft\.graph\.)?[a-zA-Z][a-zA-Z0-9]*$/;

/** Validates one app seed. `id` comes from `value.id`, or from `idFromPath` (which `value.id`, if given, must equal). */
export function parseAppSeed(value: unknown, where: string, idFromPath?: string): AppSeed {
    if (!isPlainObject(value)) {
        return fail(`${where}: must be an object like {"id": "<guid>", "displayName": "Teams", "counters": {...}, "summaryRetired": false}.`);
    }
    for (const key of Object.keys(value)) {
        if (!(APP_SEED_KEYS as readonly string[]).includes(key)) {
            unknownKey(where, key, APP_SEED_KEYS);
        }
    }
    const id = value.id ?? idFromPath;
    if (typeof id !== "string" || !GUID_PATTERN.test(id)) {
        return fail(`${where}.id: ${show(id)} is not a mobile app id; use a GUID such as 3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b.`);
    }
    if (idFromPath !== undefined && id.toLowerCase() !== idFromPath.toLowerCase()) {
        return fail(`${where}.id: ${show(id)} differs from the id in the path, ${idFromPath}.`);
    }
    const seed: AppSeed = { id: id.toLowerCase() };
    if (value.displayName !== undefined) {
        if (typeof value.displayName !== "string" || value.displayName === "") {
            return fail(`${where}.displayName: ${show(value.displayName)} is not allowed; use a non-empty string.`);
        }
        seed.displayName = value.displayName;
    }
    if (value.type !== undefined) {
        if (typeof value.type !== "string" || !APP_TYPE.test(value.type)) {
            return fail(`${where}.type: ${show(value.type)} is not allowed; use a Graph app type such as win32LobApp or microsoft.graph.iosStoreApp.`);
        }
        seed.type = fullAppType(value.type);
    }
    if (value.publisher !== undefined) {
        if (typeof value.publisher !== "string") {
            return fail(`${where}.publisher: ${show(value.publisher)} is not allowed; use a string.`);
        }
        seed.publisher = value.publisher;
    }
    if (value.counters !== undefined) {
        seed.counters = parseCounters(value.counters, `${where}.counters`);
    }
    if (value.summaryRetired !== undefined) {
        if (typeof value.summaryRetired !== "boolean") {
            return fail(`${where}.summaryRetired: ${show(value.summaryRetired)} is not allowed; use true or false.`);
        }
        seed.summaryRetired = value.summaryRetired;
    }
    return seed;
}

/** One knob: the test of a value and what is allowed, for messages. */
interface KnobRule {
    allowed: string;
    test(value: unknown): boolean;
}

const integerRule = (min: number, max: number): KnobRule => ({ allowed: `an integer ${min}..${max}`, test: (v) => isInteger(v, min, max) });
const rateRule: KnobRule = { allowed: "a number 0..1", test: (v) => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1 };
const oneOfRule = (...values: unknown[]): KnobRule => ({ allowed: `one of ${values.map(show).join(", ")}`, test: (v) => values.includes(v) });

/** What each behaviour knob accepts; the admin API, the constructor and the CLI share it. */
export const BEHAVIOUR_RULES: { readonly [K in keyof EmulatorBehaviour]: KnobRule } = {
    latencyMs: integerRule(0, 600_000),
    patchStatus: oneOfRule(200, 204),
    getShape: oneOfRule("entity", "wrapped"),
    ignoreWrites: oneOfRule(true, false),
    applyDelayMs: integerRule(0, 3_600_000),
    writesPerWindow: integerRule(0, 1_000_000),
    writeWindowMs: integerRule(1, 3_600_000),
    writeWindow: oneOfRule("sliding", "fixed"),
    appWritesPerWindow: integerRule(0, 1_000_000),
    dropAfterWrites: integerRule(0, 1_000_000),
    droppedWritesPerWindow: integerRule(0, 1_000_000),
    retryAfterFormat: oneOfRule("seconds", "date", "none"),
    serverErrorRate: rateRule,
    resetRate: rateRule,
    appsPageSize: integerRule(1, 999),
    readsPerWindow: integerRule(0, 1_000_000),
    readWindowMs: integerRule(1, 3_600_000),
    serveBatch: oneOfRule(true, false),
};

const BEHAVIOUR_KEYS = Object.keys(BEHAVIOUR_RULES) as Array<keyof EmulatorBehaviour>;

/** Validates a partial behaviour: known knobs with allowed values. Keys whose value is `undefined` are dropped. */
export function parseBehaviour(value: unknown, where: string): Partial<EmulatorBehaviour> {
    if (!isPlainObject(value)) {
        return fail(`${where}: must be an object of knobs, e.g. {"latencyMs": 200}.`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, knob] of Object.entries(value)) {
        if (knob === undefined) {
            continue;
        }
        const rule = BEHAVIOUR_RULES[key as keyof EmulatorBehaviour];
        if (!rule) {
            unknownKey(where, key, BEHAVIOUR_KEYS);
        }
        if (!rule.test(knob)) {
            fail(`${where}.${key}: ${show(knob)} is not allowed; use ${rule.allowed}.`);
        }
        out[key] = knob;
    }
    return out;
}

const FAULT_RULES: { readonly [K in keyof Required<ScriptedFault>]: KnobRule } = {
    method: oneOfRule("GET", "PATCH", "POST"),
    times: integerRule(1, 1_000_000),
    status: integerRule(200, 599),
    headers: {
        allowed: "an object of header names to string values",
        test: (v) =>
            isPlainObject(v) && Object.entries(v).every(([k, h]) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(k) && typeof h === "string" && !/[\r\n]/.test(h)),
    },
    body: { allowed: "a string", test: (v) => typeof v === "string" },
    contentType: { allowed: "a string", test: (v) => typeof v === "string" && v !== "" && !/[\r\n]/.test(v) },
    code: { allowed: "a non-empty string", test: (v) => typeof v === "string" && v !== "" },
    reset: oneOfRule(true, false),
    hang: oneOfRule(true, false),
    truncateBody: oneOfRule(true, false),
    echoAuthorization: oneOfRule(true, false),
};

const FAULT_KEYS = Object.keys(FAULT_RULES) as Array<keyof ScriptedFault>;

/** Validates one scripted fault or a list of them (the body of `POST /_emulator/faults`). */
export function parseFaults(value: unknown, where: string): ScriptedFault[] {
    const list = Array.isArray(value) ? value : [value];
    return list.map((fault, index) => {
        const at = Array.isArray(value) ? `${where}[${index}]` : where;
        if (!isPlainObject(fault)) {
            return fail(`${at}: must be an object such as {"status": 503} or {"reset": true}.`);
        }
        for (const [key, field] of Object.entries(fault)) {
            const rule = FAULT_RULES[key as keyof ScriptedFault];
            if (!rule) {
                unknownKey(at, key, FAULT_KEYS);
            }
            if (!rule.test(field)) {
                fail(`${at}.${key}: ${show(field)} is not allowed; use ${rule.allowed}.`);
            }
        }
        if (fault.reset === true && fault.hang === true) {
            fail(`${at}: reset and hang exclude each other.`);
        }
        const answers = (["reset", "hang", "status", "body", "code"] as const).filter((key) => fault[key] !== undefined && fault[key] !== false);
        if (fault.echoAuthorization === true && (fault.body !== undefined || fault.reset === true || fault.hang === true || fault.truncateBody === true)) {
            fail(`${at}: echoAuthorization repeats the header in a generated Graph error, so it excludes body, reset, hang and truncateBody.`);
        }
        if (fault.truncateBody === true && answers.length) {
            fail(`${at}: truncateBody cuts the usual answer short, so it excludes ${answers.join(" and ")}.`);
        }
        return fault;
    });
}
