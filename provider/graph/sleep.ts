/** Resolves after `delayMs` (at once for 0 or less). */
export function sleep(delayMs: number): Promise<void> {
    if (delayMs <= 0) {
        return Promise.resolve();
    }
    return new Promise((resolve) => setTimeout(resolve, delayMs));
}
