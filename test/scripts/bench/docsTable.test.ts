/**
 * `npm run bench -- --docs` puts the figures of a full run into docs/performance.md, between its
 * bench markers, and nowhere else; a page without the markers is refused and left as it was.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FIGURES_PAGE, TABLE_END, TABLE_START, updateFiguresTable } from "../../../scripts/bench/docsTable";
import { REPO_ROOT } from "../../support/fixtures";

describe("scripts/bench/docsTable (npm run bench -- --docs)", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-docs-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("replaces what stands between the markers with the table, and keeps the rest of the page", () => {
        const page = path.join(dir, "performance.md");
        fs.writeFileSync(page, `# Perf\n\nBefore.\n\n${TABLE_START}\nold table\nold line\n${TABLE_END}\n\nAfter.\n`);
        updateFiguresTable(page, "\n| new | table |\n\n");
        assert.equal(fs.readFileSync(page, "utf8"), `# Perf\n\nBefore.\n\n${TABLE_START}\n| new | table |\n${TABLE_END}\n\nAfter.\n`);
    });

    it("refuses a page without both markers in order, naming them, and leaves it as it was", () => {
        for (const text of ["# no markers\n", `${TABLE_START}\nonly the start\n`, `${TABLE_END}\nreversed\n${TABLE_START}\n`]) {
            const page = path.join(dir, "page.md");
            fs.writeFileSync(page, text);
            assert.throws(() => updateFiguresTable(page, "| t |"), /has no <!-- bench:start --> … <!-- bench:end --> block/);
            assert.equal(fs.readFileSync(page, "utf8"), text);
        }
    });

    it("--docs writes docs/performance.md, which holds the markers once, around a full run's table; README.md holds none", () => {
        assert.equal(path.relative(REPO_ROOT, FIGURES_PAGE), path.join("docs", "performance.md"));
        const performance = fs.readFileSync(FIGURES_PAGE, "utf8");
        assert.equal(performance.split(TABLE_START).length, 2);
        assert.equal(performance.split(TABLE_END).length, 2);
        const table = performance.slice(performance.indexOf(TABLE_START), performance.indexOf(TABLE_END));
        assert.match(table, /\nProfile full: medians of \d+ runs/);
        assert.match(table, /\n\| scenario \| figure \| measured \|/);
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        assert.ok(!readme.includes(TABLE_START) && !readme.includes(TABLE_END));
    });

    it("--docs takes the full bench only: with --quick, --only, --sizes or --backends it fails before running anything", () => {
        for (const args of [
            ["--quick", "--docs"],
            ["--only", "bytes", "--docs"],
            ["--docs", "--sizes", "100"],
            ["--backends", "file", "--docs"],
        ]) {
            const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join("scripts", "bench.ts"), ...args], {
                cwd: REPO_ROOT,
                encoding: "utf8",
                timeout: 60_000,
            });
            assert.equal(run.status, 1, run.stderr);
            assert.match(
                run.stderr,
                /--docs takes the full bench only \(no --quick, --only, --sizes or --backends\): docs\/performance\.md shows every figure of one run/,
            );
        }
    });
});
