import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./apps";

/** The page whose "Latest figures" `npm run bench -- --docs` rewrites. */
export const FIGURES_PAGE = path.join(REPO_ROOT, "docs", "performance.md");

export const TABLE_START = "<!-- bench:start -->";
export const TABLE_END = "<!-- bench:end -->";

/**
 * Replaces what stands between the bench markers of the Markdown page `pagePath` (FIGURES_PAGE,
 * its "Latest figures") with `table`, so the page shows the latest run verbatim
 * (`npm run bench -- --docs`). Throws if the markers are missing, and leaves the page as it was.
 */
export function updateFiguresTable(pagePath: string, table: string): void {
    const text = fs.readFileSync(pagePath, "utf8");
    const start = text.indexOf(TABLE_START);
    const end = text.indexOf(TABLE_END);
    if (start < 0 || end < start) {
        throw new Error(`${pagePath} has no ${TABLE_START} … ${TABLE_END} block to put the table in`);
    }
    fs.writeFileSync(pagePath, `${text.slice(0, start + TABLE_START.length)}\n${table.trim()}\n${text.slice(end)}`);
}
