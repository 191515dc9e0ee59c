/** Bounded concurrency and deadlines for the bench's async work: nothing may run unbounded. */

/** Runs `work` on every item with at most `parallel` in flight; results keep the items' order. */
export async function inPool<T, R>(items: readonly T[], parallel: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.max(1, Math.min(parallel, items.length)) }, async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await work(items[index], index);
        }
    });
    await Promise.all(workers);
    return results;
}

/** Resolves as `promise` does, or rejects naming `what` once `timeoutMs` have passed. */
export async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`bench: ${what} did not finish within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
        return await Promise.race([promise, deadline]);
    } finally {
        clearTimeout(timer);
    }
}

/** Resolves after `delayMs`. */
export function pause(delayMs: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, delayMs));
}
