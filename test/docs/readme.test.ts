/**
 * The README against the code: its configuration table against CONFIG_KEYS (a key added to the
 * code without a row, or a row whose environment variables or default differ, fails), every
 * `intune:` key and configuration environment variable it mentions against CONFIG_KEYS, the
 * national clouds table against CLOUDS, and its links to its own sections.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { CLOUDS, CLOUD_NAMES, graphScope } from "../../provider/config/clouds";
import { CONFIG_KEYS, ConfigKey } from "../../provider/config/configKeys";
import { CACHE_ENV } from "../../scripts/pulumiCli";
import { REPO_ROOT } from "../support/fixtures";
import { section } from "../support/markdown";

const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

/** Rows of the first Markdown table in `lines` under a header row whose first cell is `firstHeader`, as cells. */
function table(lines: readonly string[], firstHeader: string): string[][] {
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

/** The `code` spans of a cell. */
const codes = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

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

/** GitHub's anchor for a heading. */
function anchor(heading: string): string {
    return heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
}

describe("README", () => {
    describe("configuration table", () => {
        const rows = table(section(README, "Configuration"), "key");

        it("has one row per key of CONFIG_KEYS, in the same order, each with the code's environment fallbacks, default, secret marker, and a meaning", () => {
            assert.ok(CONFIG_KEYS.length >= 20);
            assert.deepEqual(configTableProblems(rows, CONFIG_KEYS), []);
        });

        it("the check reports a key without a row, a row without a key, a reordering and each wrong cell (it is not vacuous)", () => {
            const added: ConfigKey = {
                key: "notDocumented",
                env: ["INTUNE_NOT_DOCUMENTED"],
                secret: false,
                description: "A key the README lacks.",
                type: "string",
            };
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

    it("every intune: key mentioned anywhere is in CONFIG_KEYS", () => {
        const known = new Set(CONFIG_KEYS.map((k) => k.key));
        // Not the type tokens pulumi-nodejs:dynamic/intune:MobileAppInstallSummary and intune:index:MobileAppInstallSummary.
        const mentioned = [...README.matchAll(/(?<!dynamic\/)\bintune:(?!index:)([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1]);
        assert.ok(mentioned.length > 30);
        const unknown = [...new Set(mentioned.filter((key) => !known.has(key)))];
        assert.deepEqual(unknown, [], `README mentions keys the provider does not read: ${unknown.map((k) => `intune:${k}`).join(", ")}`);
    });

    it("every INTUNE_*, AZURE_* and ARM_* variable mentioned is read by the provider, or is one it documents as read by others", () => {
        const read = new Set(CONFIG_KEYS.flatMap((k) => k.env));
        // Read by @azure/identity itself, or set by a CI system for it, or another tool's (the CLI build script's cache).
        const others = new Set(["AZURE_LOG_LEVEL", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", CACHE_ENV]);
        const mentioned = [...new Set([...README.matchAll(/\b(?:INTUNE|AZURE|ARM)_[A-Z_]+\b/g)].map((m) => m[0]))];
        const unknown = mentioned.filter((name) => !read.has(name) && !others.has(name));
        assert.deepEqual(unknown, [], `README mentions variables the provider does not read: ${unknown.join(", ")}`);
        for (const name of read) {
            assert.ok(README.includes(name), `the configuration reads ${name}, the README does not name it`);
        }
    });

    it("the national clouds table matches CLOUDS: Graph host, sign-in host and token scope", () => {
        const rows = table(section(README, "Authentication"), "`intune:cloud`");
        assert.deepEqual(
            rows.map((cells) => [codes(cells[0])[0], codes(cells[1])[0], codes(cells[2])[0], codes(cells[3])[0]]),
            CLOUD_NAMES.map((name) => [name, CLOUDS[name].graphUrl, CLOUDS[name].authorityHost, graphScope(name)]),
        );
    });

    it("every link to a section of the README leads to a heading", () => {
        const anchors = new Set(
            README.split("\n")
                .filter((l) => /^#{1,6} /.test(l))
                .map((l) => anchor(l.replace(/^#+ /, ""))),
        );
        const links = [...README.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
        assert.ok(links.length > 5);
        const broken = [...new Set(links.filter((l) => !anchors.has(l)))];
        assert.deepEqual(broken, [], `links to missing sections: ${broken.join(", ")}`);
    });

    it("every YAML block parses, and the GitHub Actions workflow grants id-token: write and sets ARM_USE_OIDC", () => {
        const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)\n```/g)].map((m) => yaml.load(m[1]) as Record<string, unknown>);
        assert.ok(blocks.length >= 3);
        const workflow = blocks.find((b) => "jobs" in b) as { permissions: Record<string, string>; jobs: Record<string, { env: Record<string, string> }> };
        assert.ok(workflow, "README has a GitHub Actions workflow");
        assert.equal(workflow.permissions["id-token"], "write");
        const env = Object.values(workflow.jobs)[0].env;
        assert.equal(env.ARM_USE_OIDC, "true");
        assert.ok(env.ARM_CLIENT_ID && env.ARM_TENANT_ID);
    });

    it("every file the README links to exists", () => {
        const targets = [...README.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g)].map((m) => m[1].split("#")[0]);
        const missing = targets.filter((t) => !fs.existsSync(path.join(REPO_ROOT, t)));
        assert.deepEqual(missing, []);
    });
});
