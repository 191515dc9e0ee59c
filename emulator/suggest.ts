import { distance } from "fastest-levenshtein";

/**
 * The candidate closest to `name` ignoring case (the first of equals), when it is at most
 * `maxEdits` edits away. The default, a third of the name's length and at least 1, lets
 * `installedDeviceCnt` find `installedDeviceCount` while an unrelated word finds nothing.
 */
export function closestMatch(name: string, candidates: readonly string[], maxEdits = Math.max(1, Math.floor(name.length / 3))): string | undefined {
    const wanted = name.toLowerCase();
    let best: { candidate: string; edits: number } | undefined;
    for (const candidate of candidates) {
        const edits = distance(wanted, candidate.toLowerCase());
        if (!best || edits < best.edits) {
            best = { candidate, edits };
        }
    }
    return best && best.edits <= maxEdits ? best.candidate : undefined;
}
