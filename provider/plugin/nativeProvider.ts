/**
 * The provider plugin's resource provider, on plain values: what each `ResourceProvider` call of
 * the engine does, over the same model, operations, configuration and session as the dynamic
 * provider (`../host/dynamicProvider.ts`). `./server.ts` speaks gRPC to the engine and calls this.
 *
 * One plugin process serves one provider resource (the engine starts a process per provider:
 * the default one from stack config, and each explicit `pulumi:providers:intune`), so one
 * configuration and one session per process.
 *
 * What each method throws, and what create, update and read return, passes through the session's
 * redaction: no secret reaches the engine, the state or the output.
 */
import { Settings } from "../config/settings";
import type { LogWrite } from "../log/log";
import { Redactor } from "../log/redaction";
import { COUNTER_NAMES } from "../model/fields";
import { diffSummary, PropertyChange } from "../model/diff";
import { CheckedInputs, InputFailure, PROVIDER_KEY, appIdOf, checkInputs } from "../model/inputs";
import type { SummaryOutputs } from "../model/state";
import type { AbortReason } from "../operations/abort";
import { PartialCreateError, createSummary, isPartialCreateError } from "../operations/create";
import { deleteSummary } from "../operations/delete";
import type { OperationContext } from "../operations/operationContext";
import { readSummary, readTarget } from "../operations/read";
import { updateSummary } from "../operations/update";
import { runOperation } from "../session/runOperation";
import { Session, sessionFor } from "../session/session";
import { checkProviderConfig, diffProviderConfig, settingsOf } from "./providerConfig";

/** What a diff of a resource or of the configuration says, per property. */
export interface PropertyDiffs {
    changes: boolean;
    /** Properties whose change replaces the resource. */
    replaces: string[];
    /** Each property that changes, and how; `inputDiff` when the change is of the declared inputs rather than of the values last read. */
    properties: Array<{ name: string; change: PropertyChange; inputDiff: boolean }>;
}

/** The operations a deadline (customTimeouts) applies to. */
type TimedOperation = "create" | "update" | "delete";

/** Before any settings were resolved no secret is known, so there is nothing to hide. */
const NO_SECRETS = new Redactor();

/** The plugin's resource provider: one configuration and one session per process; see the module's comment. */
export class NativeProvider {
    private settings: Settings | undefined;
    /** Aborted by `Cancel` (the user's Ctrl+C): every operation under way stops, and later ones do not start. */
    private readonly cancelled = new AbortController();

    /** `logWrite`: where the session's log lines go (`./engineLog.ts` in the plugin; stderr by default). */
    constructor(
        private readonly env: NodeJS.ProcessEnv = process.env,
        private readonly logWrite?: LogWrite,
    ) {}

    /** `CheckConfig`: see `./providerConfig.ts`. Never sends a request. */
    checkConfig(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: InputFailure[] } {
        return checkProviderConfig(news, this.env);
    }

    /** `DiffConfig`: which keys change; never a replacement. */
    diffConfig(olds: Record<string, unknown>, news: Record<string, unknown>): PropertyDiffs {
        const properties = diffProviderConfig(olds, news).map((p) => ({ ...p, inputDiff: true }));
        return { changes: properties.length > 0, replaces: [], properties };
    }

    /** `Configure`: resolves the settings once for this process; throws `ConfigError` (redacted) when they are invalid. */
    configure(inputs: Record<string, unknown>): void {
        try {
            this.settings = settingsOf(inputs, this.env);
        } catch (error) {
            // The settings did not resolve, so their secrets are not known by name: hide every value given.
            throw new Redactor(Object.values(inputs).filter((v): v is string => typeof v === "string")).error(error);
        }
    }

    /** `Check`: validates a resource's inputs; never sends a request. `inputs` is meaningful only without failures. */
    check(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: InputFailure[] } {
        const { inputs, failures } = checkInputs(news);
        return failures.length ? { inputs: news, failures } : { inputs, failures: [] };
    }

    /**
     * `Diff`: each declared counter whose value differs from the one last read, `mobileAppId`
     * (a replacement), `restoreOnDestroy`, and counters declared or no longer declared. Outputs of a
     * resource that moved here from the dynamic provider hold its serialized provider
     * (`__provider`): that is a change too, which the update drops without a request.
     */
    diff(olds: Record<string, unknown>, news: Record<string, unknown>): PropertyDiffs {
        const result = diffSummary(olds, news as unknown as CheckedInputs);
        // A counter's or the app id's update is against the value last read; what is declared (added, removed) and restoreOnDestroy against the inputs.
        const properties = result.properties.map((p) => ({ ...p, inputDiff: p.change !== "update" || p.name === "restoreOnDestroy" }));
        if (PROVIDER_KEY in olds) {
            properties.push({ name: PROVIDER_KEY, change: "delete", inputDiff: false });
        }
        return { changes: properties.length > 0, replaces: result.replaces, properties };
    }

    /** `Create`: adopts the app's summary (`../operations/create.ts`). Throws `PartialCreateError` (outputs redacted) when the resource must be recorded although it failed. */
    async create(inputs: Record<string, unknown>, timeoutSeconds: number): Promise<{ id: string; outputs: SummaryOutputs }> {
        const news = inputs as unknown as CheckedInputs;
        return this.operation("create", news.mobileAppId, timeoutSeconds, async (ctx, s) => {
            try {
                return await createSummary(news, ctx);
            } catch (error) {
                throw isPartialCreateError(error)
                    ? new PartialCreateError({ id: error.id, outputs: s.redactor.value(error.outputs), cause: error.cause })
                    : error;
            }
        });
    }

    /**
     * `Read`: refresh (`../operations/read.ts`), and `pulumi import` or `get`, whose read carries no
     * properties: the app's summary is then read as if every counter were declared, and the inputs
     * returned declare each at its live value, so the imported resource shows no change and its
     * first `pulumi up` sends nothing. Undefined when the app no longer exists.
     */
    async read(id: string, props: Record<string, unknown>): Promise<{ id: string; outputs: SummaryOutputs; inputs: Record<string, unknown> } | undefined> {
        const imported = props.mobileAppId === undefined;
        const known = imported ? { mobileAppId: appIdOf(id), declaredCounters: [...COUNTER_NAMES] } : props;
        return this.operation("read", readTarget(id, known), 0, (ctx) => readSummary(id, known, ctx));
    }

    /** `Update`: PATCHes the declared counters that differ, then reads back (`../operations/update.ts`). */
    async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>, timeoutSeconds: number): Promise<SummaryOutputs> {
        return this.operation("update", appIdOf(id), timeoutSeconds, (ctx) => updateSummary(id, olds, news as unknown as CheckedInputs, ctx));
    }

    /** `Delete`: nothing to send, or the values before adoption restored (`../operations/delete.ts`). */
    async delete(id: string, props: Record<string, unknown>, timeoutSeconds: number): Promise<void> {
        await this.operation("delete", appIdOf(id), timeoutSeconds, (ctx) => deleteSummary(id, props, ctx));
    }

    /** `Cancel`: stops every operation under way and every later one (`../operations/abort.ts`). */
    cancel(): void {
        this.cancelled.abort({ kind: "cancel", message: "Stopped: the deployment was cancelled (Ctrl+C). Run it again to finish." } satisfies AbortReason);
    }

    /** Hides the secrets of the settings in effect (none before `Configure`). */
    get redactor(): Redactor {
        return this.settings ? this.session().redactor : NO_SECRETS;
    }

    private session(): Session {
        if (!this.settings) {
            throw new Error("The intune provider plugin was asked to operate before it was configured (no Configure call).");
        }
        return sessionFor(this.settings, "pulumi-resource-intune", this.logWrite);
    }

    /**
     * Runs one operation in the session, stopped by a cancel and, when `timeoutSeconds` is more
     * than 0 (the resource's `customTimeouts`), by its deadline.
     */
    private async operation<T>(name: string, mobileAppId: string, timeoutSeconds: number, body: (ctx: OperationContext, s: Session) => Promise<T>): Promise<T> {
        const s = this.session();
        const deadline = new AbortController();
        const timer =
            timeoutSeconds > 0
                ? setTimeout(
                      () =>
                          deadline.abort({
                              kind: "timeout",
                              message:
                                  `${name} of app ${mobileAppId} did not finish within customTimeouts.${name as TimedOperation} (${timeoutSeconds} s) ` +
                                  `and was stopped. Run the deployment again, or give it more time in customTimeouts.`,
                          } satisfies AbortReason),
                      timeoutSeconds * 1000,
                  )
                : undefined;
        const signal = AbortSignal.any([this.cancelled.signal, deadline.signal]);
        try {
            return await runOperation(s, name, mobileAppId, (ctx) => body(ctx, s), signal);
        } finally {
            clearTimeout(timer);
        }
    }
}
