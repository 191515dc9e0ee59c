/**
 * The README's configuration table against the code: one row per key of CONFIG_KEYS, in the same
 * order, each with the code's environment variables, default and secret marker (a key added to
 * the code without a row, or a row whose cells differ from the code, fails).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_KEYS, ConfigKey } from "../../provider/config/configKeys";
import { REPO_ROOT } from "../support/fixtures";
import { codes, section, table } from "../support/markdown";

const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

/** What a configuration table row says wrongly about `entry`: environment fallbacks, default, secret marker, meaning. */
function rowProblems(cells: readonly string[], entry: ConfigKey): string[] {
    const [keyCell, envCell, defaultCell, meaning] = cells;
    const problems: string[] = [];
    if (JSON.stringify(codes(envCell)) !== JSON.stringify(entry.env)) {
        problems.push(`intune:${entry.key}: environment fallbacks ${codes(envCell).join(", ")}, the code reads ${entry.env.join(", ")}`);
    }
    const shownDefault = codes(defaultCell);
    if (JSON.stringify(shownDefault) !== JSON.stringify(entry.default === undefined ? [] : [entry.default])) {
        problems.push(`intune:${entry.key}: default ${shownDefault.join(", ") || "(none)"}, the code has ${entry.default ?? "none"}`);
    }
    if (/\(secret\)/.test(keyCell) !== entry.secret) {
        problems.push(`intune:${entry.key}: the (secret) marker is ${entry.secret ? "missing" : "wrong"}`);
    }
    if ((meaning ?? "").length < 10) {
        problems.push(`intune:${entry.key}: no meaning`);
    }
    return problems;
}

/** Everything the configuration table gets wrong about `keys`: missing, extra or reordered rows, and each row's problems. */
function configTableProblems(rows: readonly string[][], keys: readonly ConfigKey[]): string[] {
    const documented = rows.map((cells) => codes(cells[0])[0]);
    const wanted = keys.map((k) => `intune:${k.key}`);
    const problems = [
        ...wanted.filter((key) => !documented.includes(key)).map((key) => `${key}: no row`),
        ...documented.filter((key) => !wanted.includes(key)).map((key) => `${key}: a row, but the code has no such key`),
    ];
    if (problems.length === 0 && JSON.stringify(documented) !== JSON.stringify(wanted)) {
        problems.push(`rows in another order than CONFIG_KEYS: ${documented.join(", ")}`);
    }
    for (const entry of keys) {
        const cells = rows.find((row) => codes(row[0])[0] === `intune:${entry.key}`);
        problems.push(...(cells ? rowProblems(cells, entry) : []));
    }
    return problems;
}

describe("README", () => {
    describe("configuration table", () => {
        const rows = table(section(README, "Configuration"), "key");

        it("has one row per key of CONFIG_KEYS, in the same order, each with the code's environment fallbacks, default, secret marker, and a meaning", () => {
            assert.ok(CONFIG_KEYS.length >= 20);
            assert.deepEqual(configTableProblems(rows, CONFIG_KEYS), []);
        });

        it("the check reports a key without a row, a row without a key, a reordering and each wrong cell (it is not vacuous)", () => {
            const added: ConfigKey = { key: "notDocumented", env: ["INTUNE_NOT_DOCUMENTED"], secret: false, description: "A key the README lacks." };
            assert.deepEqual(configTableProblems(rows, [...CONFIG_KEYS, added]), ["intune:notDocumented: no row"]);
            assert.deepEqual(configTableProblems(rows, CONFIG_KEYS.slice(1)), [`intune:${CONFIG_KEYS[0].key}: a row, but the code has no such key`]);
            assert.match(configTableProblems(rows, [...CONFIG_KEYS].reverse()).join("\n"), /^rows in another order than CONFIG_KEYS: /);
            const changed = CONFIG_KEYS.map((k) =>
                k.key === "maxRetries" ? { ...k, default: "7" } : k.key === "apiVersion" ? { ...k, env: ["INTUNE_VERSION"], secret: true } : k,
            );
            assert.deepEqual(configTableProblems(rows, changed), [
                "intune:apiVersion: environment fallbacks INTUNE_API_VERSION, the code reads INTUNE_VERSION",
                "intune:apiVersion: the (secret) marker is missing",
                "intune:maxRetries: default 6, the code has 7",
            ]);
        });
    });
});
