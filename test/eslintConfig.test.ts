/**
 * `eslint.config.mjs` lints with type information: the promise rules, which only work with it,
 * report what they exist for. Each case is linted as if it were the text of a source file of the
 * package, through ESLint's own API with the repository's config.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { ESLint } from "eslint";
import { REPO_ROOT } from "./support/fixtures";

const PRELUDE = "export async function later(): Promise<number> {\n    return 1;\n}\n";

const CASES: Array<{ name: string; body: string; rules: string[] }> = [
    { name: "a promise nobody awaits", body: "export function run(): void {\n    later();\n}\n", rules: ["@typescript-eslint/no-floating-promises"] },
    {
        name: "an async callback where the result is ignored",
        body: "export function run(): void {\n    [1].forEach(async () => {\n        await later();\n    });\n}\n",
        rules: ["@typescript-eslint/no-misused-promises"],
    },
    {
        name: "awaiting what is not a promise",
        body: "export async function run(): Promise<void> {\n    await 1;\n}\n",
        rules: ["@typescript-eslint/await-thenable"],
    },
    { name: "a promise ignored on purpose", body: "export function run(): void {\n    void later();\n}\n", rules: [] },
];

describe("eslint.config.mjs: typed linting", function () {
    this.timeout(60_000);
    const eslint = new ESLint({ cwd: REPO_ROOT });

    for (const c of CASES) {
        it(`${c.name}: ${c.rules.join(", ") || "no finding"}`, async () => {
            const [result] = await eslint.lintText(PRELUDE + c.body, { filePath: path.join(REPO_ROOT, "provider", "host", "dynamicProvider.ts") });
            assert.deepEqual(
                result.messages.map((m) => m.ruleId ?? m.message),
                c.rules,
            );
        });
    }
});
