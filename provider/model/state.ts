import { COUNTER_NAMES, CounterName, CounterValues, isCounterName, pickCounters } from "./fields";
import { CheckedInputs, declaredCounters } from "./inputs";
import type { InstallSummary } from "./installSummary";

/**
 * The outputs of a resource, as stored in Pulumi state. Besides the contract's outputs
 * (`mobileAppId`, `summaryId`, every counter as read back) it keeps what later operations need
 * and that the engine does not pass them: which counters the inputs declared (so `read` can
 * return inputs), `restoreOnDestroy` when declared, and the values seen before adoption.
 * No property is ever `undefined`: the engine rejects it ("Unexpected struct type").
 */
export interface SummaryOutputs extends CounterValues {
    mobileAppId: string;
    summaryId?: string;
    declaredCounters: CounterName[];
    restoreOnDestroy?: boolean;
    valuesBeforeAdoption?: CounterValues;
}

/** Builds outputs from the live entity and the inputs that were applied. */
export function toOutputs(
    mobileAppId: string,
    entity: InstallSummary,
    applied: { declared: readonly CounterName[]; restoreOnDestroy?: boolean; valuesBeforeAdoption?: CounterValues },
): SummaryOutputs {
    const outputs: SummaryOutputs = { mobileAppId, ...pickCounters(entity), declaredCounters: [...applied.declared] };
    if (typeof entity.id === "string") {
        outputs.summaryId = entity.id;
    }
    if (applied.restoreOnDestroy !== undefined) {
        outputs.restoreOnDestroy = applied.restoreOnDestroy;
    }
    if (applied.restoreOnDestroy && applied.valuesBeforeAdoption) {
        outputs.valuesBeforeAdoption = { ...applied.valuesBeforeAdoption };
    }
    return outputs;
}

/** What `toOutputs` needs from checked inputs. */
export function appliedFrom(inputs: CheckedInputs, valuesBeforeAdoption?: CounterValues) {
    return { declared: declaredCounters(inputs), restoreOnDestroy: inputs.restoreOnDestroy, valuesBeforeAdoption };
}

/** Reads the bookkeeping back from stored outputs, tolerating state written by earlier versions. */
export function appliedFromOutputs(outputs: Readonly<Record<string, unknown>>) {
    const declared = Array.isArray(outputs.declaredCounters) ? outputs.declaredCounters.filter(isCounterName) : [];
    const stored = outputs.valuesBeforeAdoption;
    return {
        declared,
        restoreOnDestroy: typeof outputs.restoreOnDestroy === "boolean" ? outputs.restoreOnDestroy : undefined,
        valuesBeforeAdoption: stored && typeof stored === "object" ? pickCounters(stored as Record<string, unknown>) : undefined,
    };
}

/**
 * The inputs that reproduce `outputs`: the declared counters at their live values. `read` returns
 * them so that a later preview shows drift as a change of the declared value (live → declared).
 */
export function inputsFromOutputs(outputs: SummaryOutputs): Record<string, unknown> {
    const inputs: Record<string, unknown> = { mobileAppId: outputs.mobileAppId };
    for (const name of COUNTER_NAMES) {
        if (outputs.declaredCounters.includes(name) && outputs[name] !== undefined) {
            inputs[name] = outputs[name];
        }
    }
    if (outputs.restoreOnDestroy !== undefined) {
        inputs.restoreOnDestroy = outputs.restoreOnDestroy;
    }
    return inputs;
}
