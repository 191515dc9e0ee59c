/**
 * `npm run bench` must not rot: its quick variant runs here end to end (stack-config example, provider
 * hosts, emulator, baseline, and the real CLI on both backends beside the minimal provider) and
 * must produce every figure, the table, the JSON and the SVG chart. No time is asserted: timings
 * belong to the bench's report, not to a test on a shared machine. Without a CLI the real-CLI
 * part says so in one line, or fails under CI=true.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LineChart, lineChartSpec, renderLineChart } from "../../scripts/bench/chart";
import { updatesChart, type Figure } from "../../scripts/bench/report";
import type { BenchResults } from "../../scripts/bench/runBench";
import { median, spread } from "../../scripts/bench/stats";
import { getPulumiCli, isPulumiCli } from "../../scripts/pulumiCli";
import { REPO_ROOT } from "../support/fixtures";

/** Runs `scripts/bench.ts` with `args` (no build, no type check); resolves with its exit code and output. */
function runBenchScript(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join("scripts", "bench.ts"), ...args],
            { cwd: REPO_ROOT, env: options.env ?? process.env, timeout: options.timeoutMs, maxBuffer: 16 * 1024 * 1024 },
            (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
    });
}

/** Asserts `svg` is one SVG document of at least 400 × 300 that draws `chart`: its title, axis titles and a line per series. */
function assertChartSvg(svg: string, chart: LineChart): void {
    const root = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
    assert.ok(root, svg.slice(0, 200));
    assert.ok(Number(root[1]) >= 400 && Number(root[2]) >= 300, root[0]);
    assert.equal(svg.trimEnd().split("</svg>").length, 2, "one document, ending with </svg>");
    const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, "&"));
    for (const text of [chart.title, chart.xLabel, chart.yLabel, ...chart.series.map((s) => s.label)]) {
        assert.ok(texts.includes(text), `the chart shows "${text}"`);
    }
    const lines = [...svg.matchAll(/<path [^>]*aria-roledescription="line mark"[^>]*>/g)].map((m) => m[0]);
    assert.equal(lines.length, chart.series.length, "one line per series");
    chart.series.forEach((series, i) => {
        // A solid line has no dash array, or "1,0" (a dash of 1 and no gap).
        const dashed = (l: string) => !["1,0", undefined].includes(/stroke-dasharray="([^"]*)"/.exec(l)?.[1]);
        const line = lines.find((l) => l.includes(`stroke="rgb(${series.colour.join(",")})"`) && dashed(l) === !!series.dashed);
        assert.ok(line, `series ${i} (${series.label}) is a ${series.dashed ? "dashed" : "solid"} line in its colour`);
        const vertices = /\bd="([^"]*)"/.exec(line)![1].match(/[ML]/g)?.length;
        assert.equal(vertices, series.points.length, `series ${i} (${series.label}) passes through each of its points`);
    });
}

describe("scripts/bench helpers", () => {
    it("median and spread summarize repeated runs", () => {
        assert.equal(median([5, 1, 3]), 3);
        assert.equal(median([4, 1, 3, 2]), 2.5);
        assert.ok(Number.isNaN(median([])));
        assert.equal(spread([90, 100, 110]), 0.2);
        assert.equal(spread([7]), 0);
    });

    const chart: LineChart = {
        title: "Wall time & N",
        xLabel: "N",
        yLabel: "ms",
        series: [
            {
                label: "measured",
                colour: [10, 20, 30],
                points: [
                    [1, 2],
                    [3, 4],
                ],
            },
            {
                label: "baseline",
                colour: [200, 100, 0],
                dashed: true,
                points: [
                    [1, 1],
                    [3, 2],
                ],
            },
        ],
    };

    it("the chart's spec: each series its colour and dash, axes from 0 on nice values, an x tick at 0 and at each x of the data", () => {
        const spec = lineChartSpec(chart) as unknown as {
            encoding: Record<string, { scale: { domain?: unknown; range?: unknown; zero?: boolean; nice?: boolean }; axis?: { values: number[] } }>;
        };
        assert.deepEqual(spec.encoding.color.scale, { domain: ["measured", "baseline"], range: ["rgb(10,20,30)", "rgb(200,100,0)"] });
        assert.deepEqual(spec.encoding.strokeDash.scale, {
            domain: ["measured", "baseline"],
            range: [
                [1, 0],
                [6, 4],
            ],
        });
        for (const axis of ["x", "y"]) {
            assert.deepEqual(spec.encoding[axis].scale, { zero: true, nice: true }, axis);
        }
        assert.deepEqual(spec.encoding.x.axis?.values, [0, 1, 3]);
    });

    it("a chart renders as an SVG document with its texts and a line per series", async () => {
        assertChartSvg(await renderLineChart(chart), chart);
    });

    it("docs/bench.svg is what --chart-only draws from docs/bench.json", async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "intune-bench-chart-"));
        try {
            fs.copyFileSync(path.join(REPO_ROOT, "docs", "bench.json"), path.join(out, "bench.json"));
            const { code, stderr } = await runBenchScript(["--chart-only", "--out", out], { timeoutMs: 60_000 });
            assert.equal(code, 0, stderr);
            const drawn = fs.readFileSync(path.join(out, "bench.svg"), "utf8");
            assert.equal(drawn, fs.readFileSync(path.join(REPO_ROOT, "docs", "bench.svg"), "utf8"), "run npm run bench -- --chart-only");
            assertChartSvg(drawn, updatesChart(JSON.parse(fs.readFileSync(path.join(out, "bench.json"), "utf8")) as BenchResults)!);
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
});

describe("scripts/bench arguments", function () {
    this.timeout(120_000);
    const refused: Array<[string[], RegExp]> = [
        [["--sizes", "0"], /--sizes takes whole numbers from 1 to 2000, separated by commas/],
        [["--sizes", "100,x"], /--sizes takes whole numbers/],
        [["--backends", "s3"], /--backends takes file, azblob or both/],
        [["--runs", "0"], /--runs must be a whole number from 1 to 50/],
        [["--bogus"], /unknown argument --bogus; use --quick, --runs N, --out DIR, --only a,b, --sizes a,b, --backends a,b/],
    ];
    for (const [args, message] of refused) {
        it(`refuses ${args.join(" ")} before running anything`, async () => {
            const { code, stderr } = await runBenchScript(args, { timeoutMs: 60_000 });
            assert.notEqual(code, 0);
            assert.match(stderr, message);
        });
    }
});

describe("scripts/bench --quick (npm run bench)", function () {
    this.timeout(330_000);
    let outDir: string;
    let stdout = "";
    let stderr = "";
    let exitCode: number | null = null;
    /** Whether the real-CLI part can run here (the quick bench never builds the CLI). */
    let hasCli = false;

    before(async () => {
        hasCli = isPulumiCli(await getPulumiCli({ build: false }));
        outDir = fs.mkdtempSync(path.join(os.tmpdir(), "intune-bench-test-"));
        ({ code: exitCode, stdout, stderr } = await runBenchScript(["--quick", "--out", outDir], { timeoutMs: 320_000 }));
    });
    after(() => fs.rmSync(outDir, { recursive: true, force: true }));

    it("is the npm script `bench`", () => {
        const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
        assert.match(manifest.scripts.bench ?? "", /scripts\/bench\.ts/);
    });

    it("exits 0 and prints the table with every scenario and figure", () => {
        assert.equal(exitCode, 0, stderr);
        const rows = stdout.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| scenario"));
        const expected: Array<[RegExp, RegExp]> = [
            [/no-op preview, N=\d+/, /Graph requests sent/],
            [/no-op preview/, /host time per diff/],
            [/no-op preview/, /wall time of the whole preview/],
            [/updates, .*PATCH answers 200/, /wall time/],
            [/updates, .*PATCH answers 200/, /Graph requests/],
            [/updates, .*PATCH answers 204/, /wall time/],
            [/updates, .*PATCH answers 204/, /Graph requests/],
            [/updates/, /provider module called directly/],
            [/updates/, /engine \+ host floor/],
            [/throttled \(b\) .*default settings/, /failed operations/],
            [/throttled \(b\) .*default settings/, /429 answers/],
            [/throttled \(b\) .*default settings/, /wall time/],
            [/throttled two deployments.*in each of 2 deployments/, /failed operations/],
            [/throttled two deployments.*in each of 2 deployments/, /429 answers/],
            [/throttled two deployments.*in each of 2 deployments/, /wall time/],
            [/throttled \(b\) .*default settings/, /the peer \(Graph JS client, default RetryHandler\): failed operations/],
            [/throttled \(b\) .*default settings/, /the peer .*: 429 answers/],
            [/throttled two deployments/, /the peer .*: wall time/],
            [/cold start/, /host start/],
            [/cold start/, /first operation/],
            [/cold start/, /start-up on top of the network time/],
            [/cold start/, /@azure\/identity loaded/],
            [/bytes, N=1 /, /__provider per resource/],
            [/bytes, N=1 /, /state per resource \(inputs \+ outputs\)/],
            [/bytes, N=\d\d+/, /state per resource \(inputs \+ outputs\)/],
            [/export, N=\d+, .*read budget/, /apps not exported/],
            [/export, N=\d+, .*read budget/, /wall time/],
            [/adoption of the \d+ exported apps/, /PATCH requests/],
            [/adoption of the \d+ exported apps/, /preview right after: changes/],
            [/adoption of the \d+ exported apps/, /preview right after: Graph requests/],
            [/refresh, N=\d+, .*batched reads/, /HTTP requests to Graph/],
            [/refresh, N=\d+, .*batched reads/, /wall time/],
        ];
        const cliRows: Array<[RegExp, RegExp]> = ["file backend", "DIY Azure Blob backend"].flatMap((backend): Array<[RegExp, RegExp]> => [
            [new RegExp(`real CLI pulumi up, ${backend}[^|]*, N=\\d+`), /create: wall time/],
            [new RegExp(`real CLI pulumi up, ${backend}[^|]*, N=\\d+`), /update: wall time/],
            [new RegExp(`real CLI pulumi up, ${backend}[^|]*, N=\\d+`), /Graph requests, create \+ update/],
            [new RegExp(`real CLI pulumi up, ${backend}[^|]*, N=\\d+`), /minimal provider's Graph requests/],
            [new RegExp(`real CLI pulumi up, ${backend}[^|]*, N=\\d+`), /native plugin, create: wall time/],
            [new RegExp(`real CLI pulumi up, ${backend}[^|]*, N=\\d+`), /native plugin, update: wall time/],
            [new RegExp(`real CLI pulumi up, ${backend}[^|]*, N=\\d+`), /native plugin's Graph requests/],
            [/real CLI state per resource/, new RegExp(`${backend}.*: stack's state file / N`)],
        ]);
        cliRows.push(
            [/real CLI state per resource/, /entry in pulumi stack export/],
            [/real CLI state per resource/, /inputs \+ outputs/],
            [/PULUMI_SKIP_CHECKPOINTS=true/, /update: wall time/],
            [/real CLI no-op pulumi preview/, /Graph requests sent/],
            [/real CLI no-op pulumi preview/, /wall time of pulumi preview/],
            [/real CLI state per resource/, /native plugin: its inputs \+ outputs/],
            [/real CLI no-op pulumi preview/, /native plugin: Graph requests sent/],
            [/real CLI no-op pulumi preview/, /native plugin: wall time of pulumi preview/],
        );
        if (hasCli) {
            expected.push(...cliRows);
            assert.match(stdout, /Real-CLI curve \(medians\):\n\n\| backend \| N \|/);
        } else {
            assert.match(stderr, /^bench: skipped cliUpdates, cliNoopPreview: no Pulumi CLI: .+$/m);
        }
        for (const [scenario, figure] of expected) {
            assert.ok(
                rows.some((row) => scenario.test(row) && figure.test(row)),
                `a row for ${scenario} / ${figure} in:\n${rows.join("\n")}`,
            );
        }
        for (const row of rows.filter((r) => / (wall time|Graph requests sent|Graph requests \()/.test(r))) {
            assert.doesNotMatch(row, /NaN|undefined|Infinity/, row);
        }
    });

    it("writes bench.json with a finite value for every figure, and the correctness figures hold", () => {
        const results = JSON.parse(fs.readFileSync(path.join(outDir, "bench.json"), "utf8")) as { figures: Figure[]; profile: { name: string } };
        assert.equal(results.profile.name, "quick");
        assert.ok(results.figures.length >= 25, `${results.figures.length} figures`);
        for (const f of results.figures) {
            assert.ok(Number.isFinite(f.value), `${f.scenario} / ${f.figure}: ${f.value}`);
            if (f.baseline) {
                assert.ok(Number.isFinite(f.baseline.value) && f.baseline.value >= 0, `${f.scenario} / ${f.figure}: baseline`);
            }
        }
        // Not timings: these are facts of the protocol and the code, the same on any machine.
        const value = (scenario: RegExp, figure: RegExp) => results.figures.find((f) => scenario.test(f.scenario) && figure.test(f.figure))?.value;
        assert.equal(value(/no-op preview/, /Graph requests sent/), 0, "a no-op preview sends nothing");
        assert.equal(value(/throttled \(b\)/, /failed operations/), 0);
        assert.equal(value(/throttled two deployments/, /failed operations/), 0);
        assert.equal(value(/cold start/, /@azure\/identity loaded/), 0);
        assert.equal(value(/export, N=/, /apps not exported/), 0, "export reads every app under the read budget");
        assert.equal(value(/adoption of the/, /PATCH requests/), 0, "adopting what export wrote sends no PATCH");
        assert.equal(value(/adoption of the/, /preview right after: changes/), 0);
        assert.equal(value(/adoption of the/, /preview right after: Graph requests/), 0);
        const requests = results.figures.filter((f) => /^Graph requests \(/.test(f.figure));
        assert.equal(requests.length, 2);
        requests.forEach((f) => assert.equal(f.value, f.baseline?.value, `${f.scenario}: the provider sends the minimum requests`));
        if (hasCli) {
            assert.equal(value(/real CLI no-op pulumi preview/, /Graph requests sent/), 0, "a no-op preview through the real CLI sends nothing");
            const cliRequests = results.figures.filter((f) => /Graph requests, create \+ update|minimal provider's Graph requests/.test(f.figure));
            assert.equal(cliRequests.length, 6, "the three providers on both backends");
            cliRequests.forEach((f) => assert.equal(f.value, f.baseline?.value, `${f.scenario} / ${f.figure}`));
            const entry = results.figures.find((f) => /entry in pulumi stack export/.test(f.figure))!;
            assert.ok(entry.target?.holds, `a tarball install stores at most 2.5 KB per resource: ${entry.value} B`);
            const pluginBytes = results.figures.find((f) => /native plugin: its inputs \+ outputs/.test(f.figure))!;
            assert.ok(pluginBytes.target?.holds, `the plugin stores at most 700 B of inputs and outputs per resource: ${pluginBytes.value} B`);
            assert.equal(value(/real CLI no-op pulumi preview/, /native plugin: Graph requests sent/), 0, "a no-op preview through the plugin sends nothing");
        }
    });

    it("writes bench.svg, the chart of wall time against N from the results it wrote", () => {
        const results = JSON.parse(fs.readFileSync(path.join(outDir, "bench.json"), "utf8")) as BenchResults;
        assertChartSvg(fs.readFileSync(path.join(outDir, "bench.svg"), "utf8"), updatesChart(results)!);
    });
});

describe("scripts/bench: the real-CLI scenarios on a machine without a Pulumi CLI", function () {
    this.timeout(60_000);
    let cache: string;
    /** PATH without any pulumi, and an empty CLI cache: what a fresh machine without Go has for the quick bench. */
    let env: NodeJS.ProcessEnv;

    before(() => {
        cache = fs.mkdtempSync(path.join(os.tmpdir(), "intune-bench-nocli-"));
        env = { ...process.env, PATH: [path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter), INTUNE_PULUMI_CACHE: cache, CI: "" };
    });
    after(() => fs.rmSync(cache, { recursive: true, force: true }));

    it("says in one line what is missing, and still exits 0, outside CI", async () => {
        const { code, stderr } = await runBenchScript(["--quick", "--only", "cliNoopPreview", "--out", cache], { env, timeoutMs: 50_000 });
        assert.equal(code, 0, stderr);
        const lines = stderr.split("\n").filter((line) => /no Pulumi CLI/.test(line));
        assert.equal(lines.length, 1, stderr);
        assert.match(lines[0], /^bench: skipped cliNoopPreview: no Pulumi CLI: no pulumi >= v\d+\.\d+\.\d+ on PATH and no build in /);
    });

    it("fails under CI=true", async () => {
        const { code, stderr } = await runBenchScript(["--quick", "--only", "cliNoopPreview", "--out", cache], {
            env: { ...env, CI: "true" },
            timeoutMs: 50_000,
        });
        assert.equal(code, 1);
        assert.match(stderr, /CI=true and no Pulumi CLI for the real-CLI scenarios: no pulumi >= /);
    });
});
