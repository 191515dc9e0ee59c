import { isGraphError } from "../graph/errors";
import { appIdOf } from "../model/inputs";
import { SummaryOutputs, appliedFromOutputs, inputsFromOutputs, toOutputs } from "../model/state";
import type { OperationContext } from "./operationContext";

/** What a read found: the live summary as outputs, and the inputs that reproduce them. */
export interface ReadSummary {
    id: string;
    outputs: SummaryOutputs;
    /** The declared counters at their live values, so that a later preview shows drift as a change. */
    inputs: Record<string, unknown>;
}

/** The app a read of resource `engineId` with stored outputs `props` reads: its id, else the stored `mobileAppId`. */
export function readTarget(engineId: string, props: Readonly<Record<string, unknown>>): string {
    return appIdOf(engineId || props.mobileAppId);
}

/**
 * Reads the live summary (`pulumi refresh`) of the resource `engineId` (the id as the engine gives
 * it) with stored outputs `props`, at {@link readTarget}.
 * Returns undefined when the app no longer exists: the resource is gone.
 */
export async function readSummary(engineId: string, props: Readonly<Record<string, unknown>>, ctx: OperationContext): Promise<ReadSummary | undefined> {
    const id = readTarget(engineId, props);
    try {
        const entity = (await ctx.client.getInstallSummary(id, ctx.stats)).body!;
        const outputs = toOutputs(id, entity, appliedFromOutputs(props));
        return { id, outputs, inputs: inputsFromOutputs(outputs) };
    } catch (error) {
        if (isGraphError(error) && error.kind === "appNotFound") {
            ctx.log.log("info", `read ${id}: the app no longer exists in the tenant; the resource is removed from the stack.`);
            return undefined;
        }
        throw error;
    }
}
