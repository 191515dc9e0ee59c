/** Small helpers for talking to the emulators with node's own fetch, as a client would. */

export const APP = "3a1f0c9e-5b2d-4e8f-9a7b-1c2d3e4f5a6b";
export const OTHER_APP = "0f6e2d4c-8b1a-4c3d-9e5f-6a7b8c9d0e1f";
export const TOKEN = "emu-test-token";

export const summaryPath = (appId: string, version = "beta"): string => `/${version}/deviceAppManagement/mobileApps/${appId}/installSummary`;

export interface Answer {
    status: number;
    headers: Headers;
    text: string;
    /** The parsed body, or undefined when it is empty or not JSON. */
    json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface CallOptions {
    method?: string;
    token?: string | null;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
}

/** One HTTP call; `token: null` sends no Authorization header. Rejects on a connection failure or timeout. */
export async function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? TOKEN : options.token;
    if (token !== null) {
        headers.Authorization = `Bearer ${token}`;
    }
    let body: string | undefined;
    if (options.body !== undefined) {
        body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
        headers["Content-Type"] = "application/json";
    }
    const res = await fetch(`${baseUrl}${path}`, { method: options.method ?? "GET", headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
    const text = await res.text();
    let json: unknown;
    try {
        json = text ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
}

/** Resolves with what `promise` gave, or rejects after `ms` (so a test fails instead of hanging). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
        }),
    ]);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every `everyMs` until it returns a value other than undefined; fails after `maxTries`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, maxTries = 50, everyMs = 100): Promise<T> {
    for (let i = 0; i < maxTries; i++) {
        const value = await probe();
        if (value !== undefined) {
            return value;
        }
        await sleep(everyMs);
    }
    throw new Error(`${what}: not seen after ${maxTries} tries`);
}
