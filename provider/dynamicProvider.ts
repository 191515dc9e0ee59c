/**
 * The provider that runs inside Pulumi's dynamic-provider host. The serialized provider stored in
 * state (`./serializedProvider.ts`) requires this module by the package subpath
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
import { CounterValues, pickCounters } from "./fields";
import type { InstallSummary } from "./graph/client";
import { isGraphError } from "./graph/errors";
import { OperationStats } from "./graph/stats";
import { Redactor } from "./redaction";
import { leaveToEngine } from "./hostErrorPrint";
import { inFlightWhile, watchHost } from "./hostLifetime";
import { CheckedInputs, InputFailure, PROVIDER_KEY, appIdOf, checkInputs, declaredCounters } from "./inputs";
import { diffSummary } from "./diff";
import { isRestoreFailedError, restoreValuesBeforeAdoption } from "./restoreOnDestroy";
import { Session, sessionFor } from "./session";
import { Settings, isConfigError, resolveSettings } from "./settings";
import { SummaryOutputs, appliedFrom, appliedFromOutputs, inputsFromOutputs, toOutputs } from "./state";
import { isWriteNotAppliedError, verifyOptions, writeAndVerify, writeWasAccepted } from "./writeVerification";

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
            return { settings: resolveSettings(() => undefined) };
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
 * Runs one operation that talks to Graph with its request statistics, returns its result
 * redacted, and writes one line about it when anything noteworthy happened (retries, throttling,
 * waiting), so a slow deployment explains itself.
 */
async function operation<T>(name: string, mobileAppId: string, body: (s: Session, stats: OperationStats) => Promise<T>): Promise<T> {
    const s = session();
    const stats = new OperationStats();
    try {
        return s.redactor.value(await body(s, stats));
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

/** The declared counter values of `inputs`. */
function declaredValues(inputs: CheckedInputs, names = declaredCounters(inputs)): CounterValues {
    const values: CounterValues = {};
    for (const name of names) {
        values[name] = inputs[name];
    }
    return values;
}

/** True when a failed PATCH may still have been applied (no answer, or a server-side failure). */
function mayHaveLanded(error: unknown): boolean {
    return isGraphError(error) && (error.kind === "network" || error.kind === "timeout" || (error.kind === "http" && (error.status ?? 0) >= 500));
}

/**
 * Adopts the app's install summary: it exists as long as the app does, so "create" writes the
 * declared counters and reads back. Reads first only when the old values are needed
 * (`restoreOnDestroy`) or nothing is declared. If it fails after Graph accepted the write (or,
 * with `restoreOnDestroy`, may have applied it), the error carries the resource id and what is
 * known, so Pulumi records a partially created resource and the next `pulumi up` converges;
 * otherwise nothing is recorded, and the next `pulumi up` sends the same absolute values again.
 */
export async function create(inputs: Record<string, unknown>): Promise<dynamic.CreateResult> {
    const news = inputs as unknown as CheckedInputs;
    const appId = news.mobileAppId;
    const declared = declaredCounters(news);
    return hostCall(false, () =>
        operation("create", appId, async (s, stats) => {
            const before = news.restoreOnDestroy || declared.length === 0 ? (await s.client.getInstallSummary(appId, stats)).body! : undefined;
            const valuesBeforeAdoption = news.restoreOnDestroy ? pickCounters(before!, declared) : undefined;
            if (declared.length === 0) {
                return { id: appId, outs: toOutputs(appId, before!, appliedFrom(news, valuesBeforeAdoption)) };
            }
            try {
                const entity = await writeAndVerify(s.client, appId, declaredValues(news, declared), verifyOptions(s.settings), stats, s.log);
                return { id: appId, outs: toOutputs(appId, entity, appliedFrom(news, valuesBeforeAdoption)) };
            } catch (error) {
                // Recorded as a partial resource when the write was accepted (what Graph showed, else the values
                // before it, else no counters: the next diff then sees every declared counter as changed), and
                // when it may have landed and the values before adoption must be kept for restoreOnDestroy.
                // Otherwise nothing is recorded: the next up PATCHes the same absolute values again.
                const known = isWriteNotAppliedError(error)
                    ? error.actual
                    : writeWasAccepted(error)
                      ? (before ?? {})
                      : mayHaveLanded(error)
                        ? before
                        : undefined;
                if (known) {
                    throw partiallyCreated(error as Error, appId, toOutputs(appId, known, appliedFrom(news, valuesBeforeAdoption)), inputs, s.redactor);
                }
                throw error;
            }
        }),
    );
}

/**
 * Makes `error` the host's report of a partially created resource (`ErrorResourceInitFailed`): the
 * engine records `id` with `properties` as its outputs. The host adds the serialized provider
 * (`__provider`) to the outputs of successful operations only, and needs it for every later
 * operation on the resource (refresh, update, destroy), so it is carried over from the inputs here.
 */
function partiallyCreated(error: Error, id: string, outputs: SummaryOutputs, inputs: Record<string, unknown>, redactor: Redactor): Error {
    // Redacted here, where outputs and provider are apart: the provider's code is not text to search.
    const properties = { ...redactor.value(outputs), [PROVIDER_KEY]: inputs[PROVIDER_KEY] };
    return Object.assign(error, { id, properties, reasons: [redactor.text(error.message)] });
}

/**
 * PATCHes only the declared counters whose value differs from the stored outputs, then reads
 * back. A change of bookkeeping only (`restoreOnDestroy`, which counters are declared) sends
 * nothing. If it fails, Pulumi keeps the previous state and the next `pulumi up` tries again.
 */
export async function update(engineId: string, olds: Record<string, unknown>, newInputs: Record<string, unknown>): Promise<dynamic.UpdateResult> {
    const id = appIdOf(engineId);
    const news = newInputs as unknown as CheckedInputs;
    const { changedCounters } = diffSummary(olds, news);
    const previous = appliedFromOutputs(olds);
    const valuesBeforeAdoption = news.restoreOnDestroy ? recordNewlyAdopted(olds, news, previous) : undefined;
    return hostCall(false, () =>
        operation("update", id, async (s, stats) => {
            const entity = changedCounters.length
                ? await writeAndVerify(s.client, id, declaredValues(news, changedCounters), verifyOptions(s.settings), stats, s.log)
                : ({ ...olds, id: olds.summaryId } as InstallSummary);
            return { outs: toOutputs(id, entity, appliedFrom(news, valuesBeforeAdoption)) };
        }),
    );
}

/**
 * The values before adoption, extended by counters declared for the first time now: their stored
 * value is the one Graph had before this provider ever wrote them. Counters that were written
 * before `restoreOnDestroy` was turned on have no recorded earlier value and are not restored.
 */
function recordNewlyAdopted(olds: Record<string, unknown>, news: CheckedInputs, previous: ReturnType<typeof appliedFromOutputs>): CounterValues {
    const recorded: CounterValues = { ...(previous.restoreOnDestroy ? previous.valuesBeforeAdoption : {}) };
    const newlyDeclared = declaredCounters(news).filter((name) => !previous.declared.includes(name));
    // A value recorded earlier wins: a counter declared, dropped and declared again was first written long ago.
    return { ...pickCounters(olds, newlyDeclared), ...recorded };
}

/**
 * Reads the live summary (`pulumi refresh`). Returns it as outputs, and as inputs the declared
 * counters at their live values so later previews show drift. An app that no longer exists
 * means the resource is gone (empty id).
 */
export async function read(id: string, props: Record<string, unknown>): Promise<dynamic.ReadResult> {
    const appId = appIdOf(id || props.mobileAppId);
    return hostCall(true, () =>
        operation("read", appId, async (s, stats) => {
            try {
                const entity = (await s.client.getInstallSummary(appId, stats)).body!;
                const outputs: SummaryOutputs = toOutputs(appId, entity, appliedFromOutputs(props));
                return { id: appId, props: outputs, inputs: inputsFromOutputs(outputs) };
            } catch (error) {
                if (isGraphError(error) && error.kind === "appNotFound") {
                    s.log.log("info", `read ${appId}: the app no longer exists in the tenant; the resource is removed from the stack.`);
                    return { id: "", props: {} };
                }
                throw error;
            }
        }),
    );
}

/**
 * The install summary cannot be deleted: it exists as long as its app. By default nothing is
 * sent and the tenant keeps its values (said in the output). With `restoreOnDestroy: true` the
 * values seen before adoption are PATCHed back and verified (`./restoreOnDestroy.ts`); if that
 * fails, the resource stays in the stack, and `intune:skipRestoreOnDestroy` destroys without it.
 */
async function delete_(engineId: string, props: Record<string, unknown>): Promise<void> {
    const id = appIdOf(engineId);
    const { restoreOnDestroy, valuesBeforeAdoption } = appliedFromOutputs(props);
    await hostCall(true, () =>
        operation("delete", id, async (s, stats) => {
            if (!restoreOnDestroy || !valuesBeforeAdoption || Object.keys(valuesBeforeAdoption).length === 0) {
                s.log.log("info", `delete ${id}: removed from the stack only; the tenant's install summary is left as it is (restoreOnDestroy is not set).`);
                return;
            }
            await restoreValuesBeforeAdoption(s, id, valuesBeforeAdoption, stats);
        }),
    );
}
export { delete_ as delete };
