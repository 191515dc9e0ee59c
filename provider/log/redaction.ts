/** Text put in place of a secret. */
export const REDACTED = "[redacted]";

/** Shorter values are not searched for: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** Secrets learned at run time that are kept (tokens rotate: the last few are the ones that can show up). */
const MAX_LEARNED = 16;

/** Replaces every occurrence of each secret in `text` with `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
    return redactSorted(text, longestFirst(secrets));
}

/** Longest first, so a secret that contains a shorter one is hidden whole. */
function longestFirst(secrets: readonly string[]): string[] {
    return [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

function redactSorted(text: string, sorted: readonly string[]): string {
    let out = text;
    for (const secret of sorted) {
        if (out.includes(secret)) {
            out = out.split(secret).join(REDACTED);
        }
    }
    return out;
}

/**
 * The one redaction of everything the provider logs, throws or returns, for one session: the
 * configured secrets (access token, client secret, certificate password, OIDC tokens, proxy
 * password: `Settings.secrets`) and the secrets learned at run time (each bearer token
 * @azure/identity issues, each federated token read from a file or requested), so that a secret
 * Graph or a library repeats (an echoed `Authorization` header, a body quoting the request) is
 * hidden wherever it ends up.
 */
export class Redactor {
    private readonly learned: string[] = [];
    private sorted: string[];

    constructor(private readonly configured: readonly string[] = []) {
        this.sorted = longestFirst(configured);
    }

    /** Every secret redacted now. */
    get secrets(): readonly string[] {
        return [...this.configured, ...this.learned];
    }

    /** Adds a secret obtained at run time; the oldest learned one is forgotten beyond {@link MAX_LEARNED}. */
    learn(secret: string): void {
        if (this.learned.includes(secret) || this.configured.includes(secret)) {
            return;
        }
        this.learned.push(secret);
        this.learned.splice(0, Math.max(0, this.learned.length - MAX_LEARNED));
        this.sorted = longestFirst(this.secrets);
    }

    text(text: string): string {
        return redactSorted(text, this.sorted);
    }

    /** A copy of `value` with every string in it redacted (keys are not: they are the provider's own names). */
    value<T>(value: T): T {
        if (typeof value === "string") {
            return this.text(value) as T;
        }
        if (Array.isArray(value)) {
            return value.map((item: unknown) => this.value(item)) as T;
        }
        if (value !== null && typeof value === "object") {
            return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.value(item)])) as T;
        }
        return value;
    }

    /**
     * `error` with its message, its stack and every string property of its own redacted, in place
     * (its class, name and type guards stay as they were). A thrown value that is not an object is
     * returned redacted as an Error.
     */
    error(error: unknown): unknown {
        if (error === null || typeof error !== "object") {
            return new Error(this.text(String(error)));
        }
        const target = error as Record<string, unknown>;
        for (const key of new Set([...Object.keys(target), "message", "stack"])) {
            const field = target[key];
            if (typeof field === "string") {
                target[key] = this.text(field);
            }
        }
        return error;
    }
}
