import { diffSummary } from "../model/diff";
import { CounterValues, pickCounters } from "../model/fields";
import { CheckedInputs, appIdOf, declaredCounters, declaredValues } from "../model/inputs";
import type { InstallSummary } from "../model/installSummary";
import { SummaryOutputs, appliedFrom, appliedFromOutputs, toOutputs } from "../model/state";
import type { OperationContext } from "./operationContext";
import { isWriteError } from "./writeError";
import { writeAndVerify } from "./writeVerification";

/**
 * The values before adoption, extended by counters declared for the first time now: their stored
 * value is the one Graph had before this provider ever wrote them. Counters that were written
 * before `restoreOnDestroy` was turned on have no recorded earlier value and are not restored.
 */
function recordNewlyAdopted(olds: Readonly<Record<string, unknown>>, news: CheckedInputs): CounterValues {
    const previous = appliedFromOutputs(olds);
    const recorded: CounterValues = { ...(previous.restoreOnDestroy ? previous.valuesBeforeAdoption : {}) };
    const newlyDeclared = declaredCounters(news).filter((name) => !previous.declared.includes(name));
    // A value recorded earlier wins: a counter declared, dropped and declared again was first written long ago.
    return { ...pickCounters(olds, newlyDeclared), ...recorded };
}

/**
 * PATCHes only the declared counters whose value differs from the stored outputs `olds`, then
 * reads back; returns the new outputs. A change of bookkeeping only (`restoreOnDestroy`, which
 * counters are declared) sends nothing. `engineId` is the resource id as the engine gives it.
 *
 * @throws what failed, whether the write landed or not: the engine keeps the previous state, the
 *   next diff compares with it, and the next `pulumi up` sends the same absolute values again.
 */
export async function updateSummary(
    engineId: string,
    olds: Readonly<Record<string, unknown>>,
    news: CheckedInputs,
    ctx: OperationContext,
): Promise<SummaryOutputs> {
    const id = appIdOf(engineId);
    const { changedCounters } = diffSummary(olds, news);
    const valuesBeforeAdoption = news.restoreOnDestroy ? recordNewlyAdopted(olds, news) : undefined;
    let entity: InstallSummary;
    if (changedCounters.length === 0) {
        entity = { ...olds, id: olds.summaryId } as InstallSummary;
    } else {
        try {
            entity = await writeAndVerify({ ...ctx, mobileAppId: id, values: declaredValues(news, changedCounters) });
        } catch (error) {
            throw isWriteError(error) ? error.cause : error;
        }
    }
    return toOutputs(id, entity, appliedFrom(news, valuesBeforeAdoption));
}
