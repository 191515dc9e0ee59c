import { strict as assert } from "node:assert";

/** The lines of the `## <title>` section of `markdown`, up to the next `## ` heading. */
export function section(markdown: string, title: string): string[] {
    const lines = markdown.split("\n");
    const start = lines.findIndex((l) => l === `## ${title}`);
    assert.ok(start >= 0, `no "## ${title}" section`);
    const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
    return lines.slice(start + 1, end < 0 ? undefined : end);
}

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
