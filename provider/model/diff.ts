import { CounterName } from "./fields";
import { CheckedInputs, appIdOf, declaredCounters } from "./inputs";
import { appliedFromOutputs } from "./state";

/** What changes between the stored outputs and new inputs. */
export interface SummaryDiff {
    /** True when `update` (or a replacement) has anything to do. */
    changes: boolean;
    /** `["mobileAppId"]` when the resource points at another app: a different object, so a replacement. */
    replaces: string[];
    /** Declared counters whose new value differs from the stored (last read) value, or is not known yet. */
    changedCounters: CounterName[];
}

/**
 * Compares new inputs with the previous outputs. Only counters the inputs declare are compared,
 * against the values last read from Graph, so drift found by a refresh shows as a change and
 * counters the program does not manage never do. Besides counters, a change of `restoreOnDestroy`
 * or of which counters are declared is a change (of state only: no request is sent for it).
 * Anything else in the inputs, the serialized provider included, is not a change.
 */
export function diffSummary(olds: Readonly<Record<string, unknown>>, news: CheckedInputs): SummaryDiff {
    // A value not known yet (UNKNOWN, a sentinel string) differs from every stored one: it counts as changed.
    const replaces = appIdOf(olds.mobileAppId) !== news.mobileAppId ? ["mobileAppId"] : [];
    const declared = declaredCounters(news);
    const changedCounters = declared.filter((name) => news[name] !== olds[name]);
    const before = appliedFromOutputs(olds);
    const declarationChanged =
        Array.isArray(olds.declaredCounters) && (before.declared.length !== declared.length || declared.some((name) => !before.declared.includes(name)));
    const restoreChanged = (before.restoreOnDestroy ?? false) !== (news.restoreOnDestroy ?? false);
    return {
        changes: replaces.length > 0 || changedCounters.length > 0 || declarationChanged || restoreChanged,
        replaces,
        changedCounters,
    };
}
