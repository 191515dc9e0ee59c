import { COUNTER_NAMES, CounterName } from "./fields";
import { CheckedInputs, appIdOf, declaredCounters } from "./inputs";
import { appliedFromOutputs } from "./state";

/**
 * How one input property changes: it is declared now and was not (`add`), its value differs
 * (`update`), or it was declared and is not any more (`delete`).
 */
export type PropertyChange = "add" | "update" | "delete";

/** What changes between the stored outputs and new inputs. */
export interface SummaryDiff {
    /** True when `update` (or a replacement) has anything to do. */
    changes: boolean;
    /** `["mobileAppId"]` when the resource points at another app: a different object, so a replacement. */
    replaces: string[];
    /** Declared counters whose new value differs from the stored (last read) value, or is not known yet. */
    changedCounters: CounterName[];
    /**
     * Every input property that changes, and how, in the order of the docs: what a per-property
     * diff shows. A counter newly declared at the value it already has is an `add` (it becomes
     * managed), one no longer declared a `delete` (it stops being managed; Graph keeps its value).
     */
    properties: Array<{ name: string; change: PropertyChange }>;
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
    // State written before the outputs recorded the declared counters tells nothing about them.
    const knowsDeclared = Array.isArray(olds.declaredCounters);
    const added = knowsDeclared ? declared.filter((name) => !before.declared.includes(name)) : [];
    const removed = knowsDeclared ? before.declared.filter((name) => !declared.includes(name)) : [];
    const restoreChanged = (before.restoreOnDestroy ?? false) !== (news.restoreOnDestroy ?? false);

    const properties: SummaryDiff["properties"] = replaces.length ? [{ name: "mobileAppId", change: "update" }] : [];
    for (const name of [...declared, ...removed].sort((a, b) => counterOrder(a) - counterOrder(b))) {
        const change: PropertyChange | undefined = added.includes(name)
            ? "add"
            : removed.includes(name)
              ? "delete"
              : changedCounters.includes(name)
                ? "update"
                : undefined;
        if (change) {
            properties.push({ name, change });
        }
    }
    if (restoreChanged) {
        properties.push({
            name: "restoreOnDestroy",
            change: before.restoreOnDestroy === undefined ? "add" : news.restoreOnDestroy === undefined ? "delete" : "update",
        });
    }
    return { changes: properties.length > 0, replaces, changedCounters, properties };
}

/** The position of a counter in the field table, for the order of the properties of a diff. */
function counterOrder(name: CounterName): number {
    return COUNTER_NAMES.indexOf(name);
}
