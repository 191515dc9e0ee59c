import type { CounterValues } from "./fields";

/**
 * The `mobileAppInstallSummary` entity as Graph holds it: its `id`, the counters, and whatever else
 * Graph adds (annotations, fields this package does not know), which the model leaves alone.
 */
export interface InstallSummary extends CounterValues {
    id?: string;
    [field: string]: unknown;
}
