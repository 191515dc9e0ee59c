import * as fs from "node:fs";
import * as path from "node:path";

/** Every file below `dir`, with its text. */
export function filesBelow(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) {
            const file = path.join(entry.parentPath, entry.name);
            out[file] = fs.readFileSync(file, "latin1");
        }
    }
    return out;
}

/** Where any of `secrets` occurs in `places` (place name → text), as `<first 6 characters>… in <place>`. */
export function leaks(places: Record<string, string>, secrets: readonly string[]): string[] {
    return Object.entries(places).flatMap(([where, text]) => secrets.filter((s) => text.includes(s)).map((s) => `${s.slice(0, 6)}… in ${where}`));
}
