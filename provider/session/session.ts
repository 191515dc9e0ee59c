import { createHash } from "node:crypto";
import { tokenRejectedAdvice } from "../auth/credentials";
import { createTokenSource } from "../auth/signIn";
import type { TokenSource } from "../auth/tokenSource";
import type { Settings } from "../config/settings";
import { GraphClient } from "../graph/client";
import { DEFAULT_RETRY_OPTIONS } from "../graph/retryPolicy";
import { ThrottleGate } from "../graph/throttleGate";
import { Pacer, Pacers } from "../graph/pacer";
import { READ_RAMP_GAIN } from "../graph/pacingDecisions";
import { LogWrite, Logger, createLogger } from "../log/log";
import { Redactor } from "../log/redaction";
import { ProviderPlace, userAgent } from "./packageInfo";

/**
 * What all resources of one deployment share inside the process that runs the provider (Pulumi's
 * dynamic-provider host, or the provider plugin): the settings, one
 * token source (one credential, one sign-in in flight), one Graph client with one keep-alive
 * socket pool, one throttle gate and two pacers (writes, reads) for the tenant, and the logger.
 */
export interface Session {
    readonly settings: Settings;
    readonly tokens: TokenSource;
    readonly client: GraphClient;
    readonly log: Logger;
    /** Hides the secrets of these settings, and those learned at run time, in everything logged, thrown or returned. */
    readonly redactor: Redactor;
}

/**
 * Where read pacing starts: Intune's documented read budget, 1,000 per 20 s per app. No setting:
 * the pacer follows the tenant's 429s from there, and a deployment reads once per resource.
 */
const READS_PER_WINDOW = 1000;
const READ_WINDOW_MS = 20_000;

/**
 * The pacers of a new session: writes from the settings (`intune:writesPerWindow` per
 * `intune:writeWindowMs`, 0 for none), reads from Intune's documented read budget with the
 * steeper ramp reads can afford (`READ_RAMP_GAIN`).
 */
export function sessionPacers(settings: Settings): Pacers {
    return {
        writes: new Pacer(settings.writesPerWindow, settings.writeWindowMs),
        reads: new Pacer(READS_PER_WINDOW, READ_WINDOW_MS, READ_RAMP_GAIN),
    };
}

let current: { fingerprint: string; session: Session; lastSeen: Settings } | undefined;

function fingerprint(settings: Settings): string {
    return createHash("sha256").update(JSON.stringify(settings)).digest("hex");
}

/**
 * The session for `settings`: the existing one when the settings are the same (the host calls
 * `configure` once per distinct serialized provider, so this happens), a new one otherwise.
 * `place` is named in the `User-Agent` of its requests; `logWrite` is where its log lines go
 * (stderr by default; the plugin's go to the engine, which hides a native plugin's stderr).
 */
export function sessionFor(settings: Settings, place: ProviderPlace = "pulumi-dynamic-provider", logWrite?: LogWrite): Session {
    // Every operation asks: the settings object seen last needs no hashing (the bench showed it per call).
    if (current?.lastSeen === settings) {
        return current.session;
    }
    const key = fingerprint(settings);
    if (current?.fingerprint === key) {
        current.lastSeen = settings;
        return current.session;
    }
    current?.session.client.close();
    current = { fingerprint: key, session: createSession(settings, place, logWrite), lastSeen: settings };
    return current.session;
}

/**
 * A new session for `settings`: its redactor and logger, its token source, and its Graph client
 * with a throttle gate and pacers of its own. Nothing is sent and no package is loaded
 * until the client's first request. Call `session.client.close()` when done with it. `place` and
 * `logWrite` as for {@link sessionFor}.
 */
export function createSession(settings: Settings, place: ProviderPlace = "pulumi-dynamic-provider", logWrite?: LogWrite): Session {
    const redactor = new Redactor(settings.secrets);
    const log = createLogger(settings.logLevel, redactor, logWrite);
    const tokens = createTokenSource(settings.credential, settings.scope, redactor);
    const client = new GraphClient({
        baseUrl: settings.graphBaseUrl,
        baseUrlOrigin: settings.graphBaseUrlOrigin,
        apiVersion: settings.apiVersion,
        tokens,
        tokenAdvice: tokenRejectedAdvice(settings.credential),
        userAgent: userAgent(place),
        requestTimeoutMs: settings.requestTimeoutMs,
        operationTimeoutMs: settings.operationTimeoutMs,
        retry: { ...DEFAULT_RETRY_OPTIONS, maxRetries: settings.maxRetries },
        gate: new ThrottleGate(),
        pacers: sessionPacers(settings),
        maxSockets: settings.maxSockets,
        ...(settings.batchReads ? { batchWindowMs: settings.batchWindowMs } : {}),
        proxy: settings.proxy,
        log,
    });
    return { settings, tokens, client, log, redactor };
}
