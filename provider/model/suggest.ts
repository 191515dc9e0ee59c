/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
            current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * The candidate closest to `name` ignoring case, when it is close enough to be a typo: at most a
 * third of the name's length in edits (so `installedDeviceCnt` finds `installedDeviceCount`, while
 * an unrelated word finds nothing).
 */
export function closestMatch(name: string, candidates: readonly string[]): string | undefined {
    const wanted = name.toLowerCase();
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(wanted, candidate.toLowerCase());
        if (!best || distance < best.distance) {
            best = { candidate, distance };
        }
    }
    const limit = Math.max(1, Math.floor(wanted.length / 3));
    return best && best.distance <= limit ? best.candidate : undefined;
}
