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
import { CLOUDS, CLOUD_NAMES, graphScope } from "../../provider/clouds";
import { CONFIG_KEYS } from "../../provider/settings";
import { REPO_ROOT } from "../support/fixtures";

const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

/** The lines of the `## <title>` section, up to the next `## ` heading. */
export function section(markdown: string, title: string): string[] {
    const lines = markdown.split("\n");
    const start = lines.findIndex((l) => l === `## ${title}`);
    assert.ok(start >= 0, `README has no "## ${title}" section`);
    const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
    return lines.slice(start + 1, end < 0 ? undefined : end);
}

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
        const byKey = new Map(rows.map((cells) => [codes(cells[0])[0]?.replace(/^intune:/, ""), cells]));

        it("has one row per key of CONFIG_KEYS, in the same order, and no other", () => {
            assert.deepEqual(
                rows.map((cells) => codes(cells[0])[0]),
                CONFIG_KEYS.map((k) => `intune:${k.key}`),
            );
        });

        for (const entry of CONFIG_KEYS) {
            it(`intune:${entry.key}: environment fallbacks, default, secret marker and meaning`, () => {
                const cells = byKey.get(entry.key);
                assert.ok(cells, `README's configuration table has no row for intune:${entry.key}`);
                const [keyCell, envCell, defaultCell, meaning] = cells;
                assert.deepEqual(codes(envCell), [...entry.env], `environment fallbacks of intune:${entry.key}`);
                if (entry.default !== undefined) {
                    assert.deepEqual(codes(defaultCell), [entry.default], `default of intune:${entry.key}`);
                } else {
                    assert.deepEqual(codes(defaultCell), [], `intune:${entry.key} has no default in the code; the README must not show a literal one`);
                }
                assert.equal(/\(secret\)/.test(keyCell), entry.secret, `secret marker of intune:${entry.key}`);
                assert.ok(meaning.length >= 10, `intune:${entry.key} has no meaning`);
            });
        }

        it("a key added to CONFIG_KEYS without a row fails (the check above is not vacuous)", () => {
            const keys = new Set(rows.map((cells) => codes(cells[0])[0]));
            assert.equal(keys.has("intune:notDocumented"), false);
            assert.ok(CONFIG_KEYS.length >= 20 && rows.length === CONFIG_KEYS.length);
        });
    });

    it("every intune: key mentioned anywhere is in CONFIG_KEYS", () => {
        const known = new Set(CONFIG_KEYS.map((k) => k.key));
        // Not the type token pulumi-nodejs:dynamic/intune:MobileAppInstallSummary.
        const mentioned = [...README.matchAll(/(?<!dynamic\/)\bintune:([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1]);
        assert.ok(mentioned.length > 30);
        const unknown = [...new Set(mentioned.filter((key) => !known.has(key)))];
        assert.deepEqual(unknown, [], `README mentions keys the provider does not read: ${unknown.map((k) => `intune:${k}`).join(", ")}`);
    });

    it("every INTUNE_*, AZURE_* and ARM_* variable mentioned is read by the provider, or is one it documents as read by others", () => {
        const read = new Set(CONFIG_KEYS.flatMap((k) => k.env));
        // Read by @azure/identity itself, or set by a CI system for it, or another tool's.
        const others = new Set(["AZURE_LOG_LEVEL", "AZURE_TENANT_ID", "AZURE_CLIENT_ID"]);
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
