import { COUNTERS, COUNTER_NAMES, CounterName, CounterValues, INT32_MAX, isCounterName } from "./fields";
import { closestMatch } from "./suggest";

/**
 * The value Pulumi puts in place of an input that is not known yet (preview of a value computed
 * by another resource). It arrives as this string whatever the declared type.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The key under which `pulumi.dynamic.Resource` stores the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** Inputs of one resource after `check`; counters that are absent are not managed. */
export type CheckedInputs = CounterValues & {
    mobileAppId: string;
    restoreOnDestroy?: boolean;
};

/** One problem found in the inputs; the shape of Pulumi's `CheckFailure`. */
export interface InputFailure {
    property: string;
    reason: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_EXAMPLE = "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b";

/**
 * The app id as the provider keeps it: in lower case, since Graph ids are case-insensitive (a
 * change of case is not another app). Every id that reaches the provider, from the program
 * (check) or from the engine (the old outputs of diff, the id of update, read and delete), passes
 * through here, so that the resource id, the `mobileAppId` output and every request use one form.
 * Anything but a string is no id: the empty string.
 */
export function appIdOf(id: unknown): string {
    return typeof id === "string" ? id.toLowerCase() : "";
}

/** Every input property name a user may set, in the order the docs list them. */
export const INPUT_NAMES: readonly string[] = ["mobileAppId", ...COUNTER_NAMES, "restoreOnDestroy"];

/** Renders a rejected value with its type for a message (`the string "5"`), at most about 80 characters. */
export function describeValue(value: unknown): string {
    if (typeof value === "number") {
        return Number.isNaN(value) ? "NaN" : String(value);
    }
    if (value === null) {
        return "null";
    }
    if (Array.isArray(value)) {
        return "a list";
    }
    if (typeof value === "object") {
        return "an object";
    }
    if (typeof value === "string") {
        const text = JSON.stringify(value);
        return `the string ${text.length > 60 ? `${text.slice(0, 57)}..."` : text}`;
    }
    if (typeof value === "boolean" || typeof value === "bigint") {
        return `the ${typeof value} ${value}`;
    }
    return typeof value === "undefined" ? "undefined" : `a ${typeof value}`; // a symbol or a function
}

function checkMobileAppId(value: unknown): string | undefined {
    const allowed = `a GUID such as ${GUID_EXAMPLE} (the id of the app in Intune)`;
    if (value === undefined || value === null || value === "") {
        return `mobileAppId is required: set it to ${allowed}.`;
    }
    if (typeof value !== "string") {
        return `mobileAppId must be a string holding ${allowed}; got ${describeValue(value)}.`;
    }
    if (value !== value.trim()) {
        return `mobileAppId must not have leading or trailing spaces; got ${describeValue(value)}.`;
    }
    if (!GUID.test(value)) {
        return `mobileAppId must be ${allowed}, 36 characters without braces; got ${describeValue(value)}.`;
    }
    return undefined;
}

/** Returns why `value` is not a valid value of counter `name`, or undefined when it is. */
export function checkCounter(name: CounterName, value: unknown): string | undefined {
    const allowed = `a whole number from 0 to ${INT32_MAX}`;
    if (typeof value !== "number") {
        const hint =
            typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))
                ? ` (a number in quotes: parse it, e.g. Number(...), in your program)`
                : "";
        return `${name} must be ${allowed}; got ${describeValue(value)}${hint}.`;
    }
    if (Number.isNaN(value) || !Number.isFinite(value)) {
        return `${name} must be ${allowed}; got ${describeValue(value)}.`;
    }
    if (!Number.isInteger(value)) {
        return `${name} must be ${allowed}; got the fraction ${value}.`;
    }
    if (value < 0) {
        return `${name} is a count and cannot be negative; got ${value}. Allowed: ${allowed}.`;
    }
    if (value > INT32_MAX) {
        return `${name} is an Int32 in Microsoft Graph and cannot exceed ${INT32_MAX}; got ${value}.`;
    }
    return undefined;
}

function checkRestoreOnDestroy(value: unknown): string | undefined {
    if (typeof value !== "boolean") {
        return `restoreOnDestroy must be true or false; got ${describeValue(value)}.`;
    }
    return undefined;
}

function unknownPropertyReason(name: string): string {
    const suggestion = closestMatch(name, INPUT_NAMES);
    const hint = suggestion ? ` Did you mean "${suggestion}"?` : "";
    return `"${name}" is not a property of MobileAppInstallSummary.${hint} Allowed: ${INPUT_NAMES.join(", ")}.`;
}

/**
 * Validates the inputs of one resource. Every problem is reported (not only the first), each
 * naming its property, what is wrong and what is allowed. Values not known yet ({@link UNKNOWN})
 * are accepted as they are. `inputs` is meaningful only when `failures` is empty: it holds the
 * known properties, with `mobileAppId` in lower case (Graph ids are case-insensitive, so a change
 * of case is not a different app).
 */
export function checkInputs(news: Readonly<Record<string, unknown>>): { inputs: CheckedInputs; failures: InputFailure[] } {
    const failures: InputFailure[] = [];
    const inputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(news)) {
        if (name === PROVIDER_KEY || value === undefined) {
            continue;
        }
        if (value === UNKNOWN) {
            inputs[name] = value;
            if (!INPUT_NAMES.includes(name)) {
                failures.push({ property: name, reason: unknownPropertyReason(name) });
            }
            continue;
        }
        let reason: string | undefined;
        if (name === "mobileAppId") {
            reason = checkMobileAppId(value);
            inputs[name] = typeof value === "string" ? appIdOf(value) : value;
        } else if (name === "restoreOnDestroy") {
            reason = checkRestoreOnDestroy(value);
            inputs[name] = value;
        } else if (isCounterName(name)) {
            reason = checkCounter(name, value);
            inputs[name] = value;
        } else {
            reason = unknownPropertyReason(name);
        }
        if (reason) {
            failures.push({ property: name, reason });
        }
    }
    if (!("mobileAppId" in inputs)) {
        failures.push({ property: "mobileAppId", reason: checkMobileAppId(undefined)! });
    }
    return { inputs: inputs as unknown as CheckedInputs, failures };
}

/** The counters declared in checked inputs (known or not yet known), in table order. */
export function declaredCounters(inputs: Readonly<Record<string, unknown>>): CounterName[] {
    return COUNTERS.map((c) => c.name).filter((name) => inputs[name] !== undefined);
}

/** The values of counters `names` in checked inputs. */
export function declaredValues(inputs: CheckedInputs, names: readonly CounterName[]): CounterValues {
    const values: CounterValues = {};
    for (const name of names) {
        values[name] = inputs[name];
    }
    return values;
}
