import { appIdOf } from "../model/inputs";
import { appliedFromOutputs } from "../model/state";
import type { OperationContext } from "./operationContext";
import { restoreValuesBeforeAdoption } from "./restoreOnDestroy";

/**
 * Destroys the resource `engineId` with stored outputs `props`. The install summary cannot be
 * deleted: it exists as long as its app. By default nothing is sent and the tenant keeps its values
 * (said in the log). With `restoreOnDestroy` the values seen before adoption are PATCHed back and
 * verified (`./restoreOnDestroy.ts`).
 *
 * @throws RestoreFailedError when they cannot be put back: the resource stays in the stack.
 */
export async function deleteSummary(engineId: string, props: Readonly<Record<string, unknown>>, ctx: OperationContext): Promise<void> {
    const id = appIdOf(engineId);
    const { restoreOnDestroy, valuesBeforeAdoption } = appliedFromOutputs(props);
    if (!restoreOnDestroy || !valuesBeforeAdoption || Object.keys(valuesBeforeAdoption).length === 0) {
        ctx.log.log("info", `delete ${id}: removed from the stack only; the tenant's install summary is left as it is (restoreOnDestroy is not set).`);
        return;
    }
    await restoreValuesBeforeAdoption(ctx, id, valuesBeforeAdoption);
}
