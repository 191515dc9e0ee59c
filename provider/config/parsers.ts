/**
 * How the text of one configuration key becomes its value: one parser per kind of value, each
 * saying what is wrong in a message that starts with where the value came from (`origin`:
 * `intune:cloud`, or `INTUNE_CLOUD (environment, for intune:cloud)`), says what is allowed, and
 * never repeats a secret.
 */
import * as fs from "node:fs";

/** What a parser makes of a key's text: its value, and what is wrong with it, if anything. */
export type Parsed<T> = { value: T; problem?: string } | { value?: undefined; problem: string };

/** Reads the trimmed text of one key that was set at `origin`. */
export type Parser<T> = (text: string, origin: string) => Parsed<T>;

/** Any text, as it is. */
export const anyText: Parser<string> = (text) => ({ value: text });

/** A whole number from `min` to `max`, written in digits. */
export function wholeNumber(min: number, max: number): Parser<number> {
    return (text, origin) => {
        const value = Number(text);
        return /^\d+$/.test(text) && value >= min && value <= max
            ? { value }
            : { problem: `${origin}: must be a whole number from ${min} to ${max}; got ${JSON.stringify(text)}.` };
    };
}

/** One of `allowed`, in any case. */
export function oneOf<T extends string>(allowed: readonly T[]): Parser<T> {
    return (text, origin) => {
        const value = text.toLowerCase();
        return (allowed as readonly string[]).includes(value)
            ? { value: value as T }
            : { problem: `${origin}: ${JSON.stringify(text)} is not allowed; use one of ${allowed.join(", ")}.` };
    };
}

/** true or false (also 1 or 0), in any case. */
export const trueOrFalse: Parser<boolean> = (text, origin) => {
    const value = text.toLowerCase();
    if (value === "true" || value === "1" || value === "false" || value === "0") {
        return { value: value === "true" || value === "1" };
    }
    return { problem: `${origin}: ${JSON.stringify(text)} is not allowed; use true or false.` };
};

/** A URL of one of `protocols` with an optional path and no query, fragment or user info, without trailing slashes; `example` is shown when it is not. */
export function baseUrl(protocols: readonly string[], example: string): Parser<string> {
    return (text, origin) => {
        const url = URL.canParse(text) ? new URL(text) : undefined;
        if (!url || !protocols.includes(url.protocol) || url.search || url.hash || url.username || url.password) {
            // A URL with user info may hold a password: never echo it.
            const shown = url && (url.username || url.password) ? "a URL with a user name or password" : JSON.stringify(text);
            return {
                problem:
                    `${origin}: ${shown} is not a valid URL; use ${protocols.map((p) => `${p}//host[:port]`).join(" or ")} ` +
                    `with an optional path and no query, e.g. ${example}.`,
            };
        }
        return { value: url.toString().replace(/\/+$/, "") };
    };
}

/** An https URL that may have a query (an ID token endpoint's), without user info or fragment, normalized. */
export const httpsRequestUrl: Parser<string> = (text, origin) => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (url && url.protocol === "https:" && !url.username && !url.password && !url.hash) {
        return { value: url.toString() };
    }
    return {
        problem: `${origin}: not a valid https URL; use the ID token request URL of your CI system, e.g. GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL.`,
    };
};

/** Text matching `pattern`; otherwise the text is kept and `problem` (after the origin and the quoted text) says what is allowed. */
export function matching(pattern: RegExp, problem: string): Parser<string> {
    return (text, origin) => (pattern.test(text) ? { value: text } : { value: text, problem: `${origin}: ${JSON.stringify(text)} ${problem}` });
}

/** A token alone, one word; `what` names it in the problem. Never echoed: it is a secret. */
export function oneWord(what: string, transform: (text: string) => string = (text) => text): Parser<string> {
    return (text, origin) => {
        const value = transform(text);
        return value === "" || /\s/.test(value) ? { value, problem: `${origin}: must be ${what} alone, one word without spaces.` } : { value };
    };
}

/** The path of a readable file; otherwise the path is kept and `what` says what the file must hold. */
export function readableFile(what: string): Parser<string> {
    return (text, origin) =>
        isReadableFile(text) ? { value: text } : { value: text, problem: `${origin}: no readable file at ${JSON.stringify(text)}; ${what}.` };
}

function isReadableFile(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.R_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}
