/**
 * The provider that runs inside Pulumi's dynamic-provider host. The serialized provider stored in
 * state (`../program/serializedProvider.ts`) requires this module by the package subpath
 * `pulumi-intune-install-summary/dynamic-provider` and calls the functions below, so their names
 * and signatures are a contract with every state ever written: keep them.
 *
 * Module state is process state: all resources of a deployment share the session (credential,
 * sockets, throttle gate, write pacer) configured here. Nothing here is serialized into state.
 *
 * Every method runs through {@link hostCall}: what it throws passes through the session's
 * redaction, and what create, update and read return too ({@link operation}), so no secret
 * reaches the engine, the state or the host's output, whatever Graph or a library repeats. A
 * failure the provider reports on purpose reaches the user once, as the engine shows it, never
 * again with a stack on the host's stderr (`./hostErrorPrint.ts`). Loading this module inside the
 * host makes the host end once the engine or its stderr is gone, after the calls in flight
 * (`./hostLifetime.ts`).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isConfigError } from "../config/configError";
import { Settings, resolveSettings } from "../config/settings";
import { isGraphError } from "../graph/errors";
import { OperationStats } from "../graph/stats";
import { Redactor } from "../log/redaction";
import { diffSummary } from "../model/diff";
import { CheckedInputs, InputFailure, PROVIDER_KEY, appIdOf, checkInputs } from "../model/inputs";
import { createSummary, isPartialCreateError } from "../operations/create";
import { deleteSummary } from "../operations/delete";
import type { OperationContext } from "../operations/operationContext";
import { readSummary, readTarget } from "../operations/read";
import { isRestoreFailedError } from "../operations/restoreOnDestroy";
import { updateSummary } from "../operations/update";
import { isWriteNotAppliedError } from "../operations/writeVerification";
import { leaveToEngine } from "./hostErrorPrint";
import { inFlightWhile, watchHost } from "./hostLifetime";
import { ResourceInitFailedError } from "./resourceInitFailed";
import { Session, sessionFor } from "./session";

// Inside Pulumi's dynamic-provider host, end it once the engine or its stderr is gone.
watchHost();

let configured: { settings?: Settings; error?: Error } | undefined;

/**
 * Reads the `intune:*` stack config (with environment fallbacks). Invalid configuration is kept
 * and reported by every later operation, before any request is sent: by check as failures of each
 * resource, by the others as the error they throw.
 */
export async function configure(req: dynamic.ConfigureRequest): Promise<void> {
    try {
        configured = { settings: resolveSettings((key) => req.config.get(key), process.env, configuredKeys(req)) };
    } catch (error) {
        configured = { error: error as Error };
    }
}

/**
 * The keys of the stack config. The SDK's `Config` (3.139 to 3.248 at least) keeps the whole stack
 * config as `rawConfig` but has no method to list it; without it no key is checked.
 */
function configuredKeys(req: dynamic.ConfigureRequest): string[] {
    const raw = (req.config as { rawConfig?: unknown }).rawConfig;
    return raw !== null && typeof raw === "object" ? Object.keys(raw) : [];
}

function session(): Session {
    // Without a configure call (an engine older than 3.139, or direct use) the environment decides.
    configured ??= (() => {
        try {
            return { settings: resolveSettings(() => undefined, process.env, []) };
        } catch (error) {
            return { error: error as Error };
        }
    })();
    if (configured.error) {
        throw configured.error;
    }
    return sessionFor(configured.settings!);
}

/** Before any settings were resolved no secret is known, so there is nothing to hide. */
const NO_SECRETS = new Redactor();

/** The redaction of the session in effect. */
function redactor(): Redactor {
    return configured?.settings ? sessionFor(configured.settings).redactor : NO_SECRETS;
}

/** The failures this provider reports on purpose: a user's to act on, shown by their message. */
function isReportedFailure(error: unknown): error is Error {
    return isGraphError(error) || isConfigError(error) || isWriteNotAppliedError(error) || isRestoreFailedError(error);
}

/**
 * Runs one provider method as the host calls it: whatever it throws is redacted first, and, for
 * the methods whose errors the host prints with their stack (`printedByHost`: check, diff, read,
 * delete), a reported failure is left to the engine to show.
 */
async function hostCall<T>(printedByHost: boolean, body: () => Promise<T>): Promise<T> {
    try {
        return await inFlightWhile(body);
    } catch (error) {
        const redacted = redactor().error(error);
        if (printedByHost && isReportedFailure(redacted)) {
            leaveToEngine(redacted);
        }
        throw redacted;
    }
}

/**
 * Runs one operation that talks to Graph in its context (the session's client, logger and
 * verification settings, and its own request statistics), returns its result redacted, and
 * writes one line about it when anything noteworthy happened (retries, throttling, waiting), so a
 * slow deployment explains itself.
 */
async function operation<T>(name: string, mobileAppId: string, body: (ctx: OperationContext, s: Session) => Promise<T>): Promise<T> {
    const s = session();
    const stats = new OperationStats();
    const { writeVerification, verifyTimeoutMs, skipRestoreOnDestroy } = s.settings;
    const ctx: OperationContext = {
        client: s.client,
        stats,
        log: s.log,
        verify: { mode: writeVerification, timeoutMs: verifyTimeoutMs },
        skipRestoreOnDestroy,
    };
    try {
        return s.redactor.value(await body(ctx, s));
    } finally {
        if (stats.noteworthy) {
            s.log.log("info", `${name} ${mobileAppId}: ${stats.summary()}`);
        }
    }
}

/**
 * Validates inputs; never sends a request. Invalid provider configuration is reported here too,
 * as failures of every resource (one per problem, each naming its key), so that none proceeds.
 */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
    return hostCall(true, async () => {
        const { inputs, failures } = checkInputs(news);
        const all = [...configurationFailures(), ...failures];
        return all.length ? { inputs: news, failures: all } : { inputs };
    });
}

/**
 * The problems of the provider configuration as check failures of a resource. They name no
 * property (`property: ""`): the CLI then shows `… resource 'x' has a problem: <reason>`.
 */
function configurationFailures(): InputFailure[] {
    try {
        session();
        return [];
    } catch (error) {
        if (!isConfigError(error)) {
            throw error;
        }
        return error.problems.map((problem) => ({ property: "", reason: `Invalid intune provider configuration: ${problem}` }));
    }
}

/** Compares declared counters with the stored outputs; never sends a request. */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
    return hostCall(true, async () => {
        const result = diffSummary(olds, news as unknown as CheckedInputs);
        return { changes: result.changes, replaces: result.replaces, deleteBeforeReplace: false };
    });
}

/**
 * Adopts the app's install summary (`../operations/create.ts`). A create that must be recorded
 * although it failed is reported to the engine as a partially created resource, `__provider`
 * included (`./resourceInitFailed.ts`), so the next `pulumi up` converges; otherwise nothing is
 * recorded, and the next `pulumi up` sends the same absolute values again.
 */
export async function create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
    const news = inputs as unknown as CheckedInputs;
    return hostCall(false, () =>
        operation("create", news.mobileAppId, async (ctx, s) => {
            try {
                const { id, outputs } = await createSummary(news, ctx);
                return { id, outs: outputs };
            } catch (error) {
                if (isPartialCreateError(error)) {
                    throw new ResourceInitFailedError({
                        id: error.id,
                        outputs: error.outputs,
                        provider: inputs[PROVIDER_KEY],
                        reason: error.message,
                        redactor: s.redactor,
                    });
                }
                throw error;
            }
        }),
    );
}

/**
 * PATCHes the declared counters that differ from the stored outputs, then reads back
 * (`../operations/update.ts`). If it fails, Pulumi keeps the previous state and the next
 * `pulumi up` tries again.
 */
export async function update(id: string, olds: Record<string, unknown>, newInputs: Record<string, unknown>): Promise<dynamic.UpdateResult> {
    return hostCall(false, () =>
        operation("update", appIdOf(id), async (ctx) => ({ outs: await updateSummary(id, olds, newInputs as unknown as CheckedInputs, ctx) })),
    );
}

/**
 * Reads the live summary (`pulumi refresh`, `../operations/read.ts`): outputs, and as inputs the
 * declared counters at their live values so later previews show drift. An app that no longer
 * exists means the resource is gone (empty id).
 */
export async function read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult> {
    return hostCall(true, () =>
        operation("read", readTarget(id, props), async (ctx) => {
            const found = await readSummary(id, props, ctx);
            return found ? { id: found.id, props: found.outputs, inputs: found.inputs } : { id: "", props: {} };
        }),
    );
}

/**
 * The install summary cannot be deleted: by default nothing is sent and the tenant keeps its
 * values; with `restoreOnDestroy: true` the values seen before adoption are PATCHed back and
 * verified (`../operations/delete.ts`). If that fails, the resource stays in the stack, and
 * `intune:skipRestoreOnDestroy` destroys without it.
 */
async function delete_(id: string, props: Record<string, unknown>): Promise<void> {
    await hostCall(true, () => operation("delete", appIdOf(id), (ctx) => deleteSummary(id, props, ctx)));
}
export { delete_ as delete };
