import { pickCounters } from "../model/fields";
import { CheckedInputs, declaredCounters, declaredValues } from "../model/inputs";
import type { InstallSummary } from "../model/installSummary";
import { SummaryOutputs, appliedFrom, toOutputs } from "../model/state";
import type { OperationContext } from "./operationContext";
import { WriteError, isWriteError } from "./writeError";
import { writeAndVerify } from "./writeVerification";

/** The facts of a partial create; the message is the cause's. */
export interface PartialCreateDetails {
    /** The resource id: the app id. */
    id: string;
    /** The outputs to record for the resource. */
    outputs: SummaryOutputs;
    /** Why the create failed. */
    cause: unknown;
}

/**
 * A create that failed after its write landed (or, with `restoreOnDestroy`, may have): the
 * resource must be recorded with `outputs`, so that the next `pulumi up` converges and refresh and
 * destroy work on it. Its host reports it to the engine as a partially created resource.
 */
export class PartialCreateError extends Error implements PartialCreateDetails {
    override readonly name = "PartialCreateError";
    readonly id: string;
    readonly outputs: SummaryOutputs;
    override readonly cause: unknown;

    constructor(details: PartialCreateDetails) {
        super(details.cause instanceof Error ? details.cause.message : String(details.cause), { cause: details.cause });
        this.id = details.id;
        this.outputs = details.outputs;
        this.cause = details.cause;
    }
}

/** Type guard for {@link PartialCreateError}. */
export function isPartialCreateError(e: unknown): e is PartialCreateError {
    return e instanceof Error && e.name === "PartialCreateError" && typeof (e as PartialCreateError).id === "string";
}

/**
 * What a create records after its write failed, by how far the write got (`failure.landed`);
 * undefined: nothing, and the next `pulumi up` PATCHes the same absolute values again.
 * `before` is the summary read before the write, given only with `restoreOnDestroy` (whose values before adoption it keeps).
 * - `yes`: the entity verification last read, else `before`, else no counters (the next diff then
 *   sees every declared counter as changed);
 * - `maybe`: `before`, so that the values before adoption are kept for destroy to restore;
 * - `no`: nothing.
 */
export function recordedAfter(failure: WriteError, before: InstallSummary | undefined): InstallSummary | undefined {
    switch (failure.landed) {
        case "yes":
            return failure.readBack ?? before ?? {};
        case "maybe":
            return before;
        case "no":
            return undefined;
    }
}

/**
 * Adopts the app's install summary: it exists as long as the app does, so "create" reads it and
 * writes only the declared counters that differ, then reads back. Reading first costs one GET (a
 * tenth of a write in Intune's budgets) and saves the PATCH whenever the tenant already holds the
 * declared values, as it does for what `export` wrote: adopting those sends no write at all. The
 * read also gives `restoreOnDestroy` the values before adoption. Returns the resource id (the app
 * id) and outputs.
 *
 * Requests: 1 GET when nothing differs (or nothing is declared); else GET, PATCH, and a GET to
 * read back unless the PATCH's answer carried the entity (plus re-reads while verification waits).
 *
 * @throws PartialCreateError when the write failed but the resource must be recorded
 *   ({@link recordedAfter}); otherwise what failed, and nothing is recorded (the next `pulumi up`
 *   reads again and writes what still differs).
 */
export async function createSummary(inputs: CheckedInputs, ctx: OperationContext): Promise<{ id: string; outputs: SummaryOutputs }> {
    const id = inputs.mobileAppId;
    const declared = declaredCounters(inputs);
    const before = (await ctx.client.getInstallSummary(id, ctx.stats)).body!;
    const valuesBeforeAdoption = inputs.restoreOnDestroy ? pickCounters(before, declared) : undefined;
    const outputsOf = (entity: InstallSummary) => toOutputs(id, entity, appliedFrom(inputs, valuesBeforeAdoption));
    const differing = declared.filter((name) => before[name] !== inputs[name]);
    if (differing.length === 0) {
        return { id, outputs: outputsOf(before) };
    }
    try {
        return { id, outputs: outputsOf(await writeAndVerify({ ...ctx, mobileAppId: id, values: declaredValues(inputs, differing) })) };
    } catch (error) {
        if (!isWriteError(error)) {
            throw error;
        }
        // Without restoreOnDestroy nothing needs keeping from before: recording nothing lets the next up read again and write only what still differs.
        const recorded = recordedAfter(error, inputs.restoreOnDestroy ? before : undefined);
        throw recorded ? new PartialCreateError({ id, outputs: outputsOf(recorded), cause: error.cause }) : error.cause;
    }
}
