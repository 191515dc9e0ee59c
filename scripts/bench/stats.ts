/** Summaries of repeated measurements. */

/** The median of `values` (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
    if (values.length === 0) {
        return Number.NaN;
    }
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Relative spread of repeated runs: (max − min) / median, so the report can say how noisy a figure is. */
export function spread(values: readonly number[]): number {
    if (values.length < 2) {
        return 0;
    }
    const m = median(values);
    return m > 0 ? (Math.max(...values) - Math.min(...values)) / m : 0;
}

/** Rounds to `digits` decimals (for JSON that stays readable). */
export function round(value: number, digits = 1): number {
    const scale = 10 ** digits;
    return Math.round(value * scale) / scale;
}
