import * as fs from "node:fs";

export const TABLE_START = "<!-- bench:start -->";
export const TABLE_END = "<!-- bench:end -->";

/**
 * Replaces what stands between the bench markers of the README with `table`, so the README shows
 * the latest run verbatim (`npm run bench -- --readme`). Throws if the markers are missing.
 */
export function updateReadme(readmePath: string, table: string): void {
    const text = fs.readFileSync(readmePath, "utf8");
    const start = text.indexOf(TABLE_START);
    const end = text.indexOf(TABLE_END);
    if (start < 0 || end < start) {
        throw new Error(`${readmePath} has no ${TABLE_START} … ${TABLE_END} block to put the table in`);
    }
    fs.writeFileSync(readmePath, `${text.slice(0, start + TABLE_START.length)}\n${table.trim()}\n${text.slice(end)}`);
}
