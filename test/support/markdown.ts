import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./fixtures";

/** A page of the documentation: its path from the repository's root, and its text. */
export interface Page {
    file: string;
    text: string;
}

/** The documentation: README.md and every docs/*.md, in that order. */
export function docPages(): Page[] {
    const docs = fs
        .readdirSync(path.join(REPO_ROOT, "docs"))
        .filter((name) => name.endsWith(".md"))
        .sort()
        .map((name) => `docs/${name}`);
    return ["README.md", ...docs].map((file) => ({ file, text: fs.readFileSync(path.join(REPO_ROOT, file), "utf8") }));
}

/** The lines of the `## <title>` section of `markdown`, up to the next `## ` heading. */
export function section(markdown: string, title: string): string[] {
    const lines = markdown.split("\n");
    const start = lines.findIndex((l) => l === `## ${title}`);
    assert.ok(start >= 0, `no "## ${title}" section`);
    const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
    return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Rows of the first Markdown table in `lines` under a header row whose first cell is `firstHeader`, as cells. */
export function table(lines: readonly string[], firstHeader: string): string[][] {
    const header = lines.findIndex((l) => l.startsWith(`| ${firstHeader} |`));
    assert.ok(header >= 0, `no table with first column "${firstHeader}"`);
    const rows: string[][] = [];
    for (const line of lines.slice(header + 2)) {
        if (!line.startsWith("|")) {
            break;
        }
        rows.push(
            line
                .split(/(?<!\\)\|/)
                .slice(1, -1)
                .map((cell) => cell.trim()),
        );
    }
    return rows;
}

/** The `code` spans of a table cell. */
export const codes = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** The fenced code blocks of `lines` in `language` (```sh, ```ts), each as its text. */
export function codeBlocks(lines: readonly string[], language: string): string[] {
    const blocks = [...lines.join("\n").matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)\\n```", "g"))].map((m) => m[1]);
    assert.ok(blocks.length > 0, `no \`\`\`${language} block`);
    return blocks;
}

/** The shell commands of a block: one per line, without `# …` comments and blank lines. */
export function commands(block: string): string[] {
    return block
        .split("\n")
        .map((line) => line.replace(/\s+#.*$/, "").trim())
        .filter(Boolean);
}
