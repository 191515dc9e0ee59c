/**
 * `npm run bench`: drives the provider through Pulumi's own dynamic-provider host, as the engine
 * does, against the Graph emulator, next to the raw-HTTP and throttle limits; then runs the real
 * `pulumi` CLI on programs installed from the package's tarball, beside a minimal inline dynamic
 * provider, on the file backend and on a DIY Azure Blob backend (Azurite); and prints a table
 * of every figure with its baseline, ratio and target. Writes bench.json and bench.svg (wall time
 * of updates against N) to docs/ (docs/performance.md shows them), or to .bench/ with --quick.
 *
 *   npm run bench                     full profile, medians of several runs (a few minutes)
 *   npm run bench -- --quick          small sizes, one run: proves the bench works (npm test runs it)
 *   options: --runs N  --out DIR  --only noopPreview,updates,throttled,coldStart,bytes,adoptTenant,cliUpdates,cliNoopPreview
 *            --sizes 100,400  --backends file,azblob   (cliUpdates: other stack sizes, or one backend)
 *            --docs     also put the table into docs/performance.md (between its bench markers)
 *   npm run bench -- --chart-only     no bench: redraw bench.svg from the bench.json in docs/ (or --out DIR, or .bench/ with --quick)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./bench/apps";
import { renderLineChart } from "./bench/chart";
import { FULL_PROFILE, QUICK_PROFILE } from "./bench/profile";
import { FIGURES_PAGE, updateFiguresTable } from "./bench/docsTable";
import { figures, renderCliCurve, renderTable, updatesChart } from "./bench/report";
import { BenchResults, SCENARIOS, ScenarioName, runBench } from "./bench/runBench";

interface Args {
    quick: boolean;
    runs?: number;
    out?: string;
    only: ScenarioName[];
    /** cliUpdates' stack sizes and backends instead of the profile's. */
    sizes?: number[];
    backends?: Array<"file" | "azblob">;
    docs: boolean;
    chartOnly: boolean;
}

function parseArgs(argv: readonly string[]): Args {
    const args: Args = { quick: false, only: [...SCENARIOS], docs: false, chartOnly: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            const next = argv[++i];
            if (next === undefined) {
                throw new Error(`${arg} needs a value`);
            }
            return next;
        };
        if (arg === "--quick") {
            args.quick = true;
        } else if (arg === "--runs") {
            args.runs = Number(value());
            if (!Number.isInteger(args.runs) || args.runs < 1 || args.runs > 50) {
                throw new Error("--runs must be a whole number from 1 to 50");
            }
        } else if (arg === "--docs") {
            args.docs = true;
        } else if (arg === "--chart-only") {
            args.chartOnly = true;
        } else if (arg === "--out") {
            args.out = value();
        } else if (arg === "--only") {
            const names = value().split(",");
            const unknown = names.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
            if (unknown.length) {
                throw new Error(`--only: unknown scenario ${unknown.join(", ")}; use ${SCENARIOS.join(", ")}`);
            }
            args.only = names as ScenarioName[];
        } else if (arg === "--sizes") {
            args.sizes = value().split(",").map(Number);
            if (args.sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 2000)) {
                throw new Error("--sizes takes whole numbers from 1 to 2000, separated by commas");
            }
        } else if (arg === "--backends") {
            const names = value().split(",");
            if (names.some((name) => name !== "file" && name !== "azblob")) {
                throw new Error("--backends takes file, azblob or both, separated by commas");
            }
            args.backends = names as Array<"file" | "azblob">;
        } else {
            throw new Error(`unknown argument ${arg}; use --quick, --runs N, --out DIR, --only a,b, --sizes a,b, --backends a,b, --docs, --chart-only`);
        }
    }
    return args;
}

/** Writes bench.svg, the chart of updates against N, when the results have updates; says whether it did. */
async function writeChart(outDir: string, results: BenchResults): Promise<boolean> {
    const chart = updatesChart(results);
    if (chart) {
        fs.writeFileSync(path.join(outDir, "bench.svg"), await renderLineChart(chart));
    }
    return chart !== undefined;
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const outDir = path.resolve(args.out ?? path.join(REPO_ROOT, args.quick ? ".bench" : "docs"));
    const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
    if (args.chartOnly) {
        if (args.docs || args.runs !== undefined || args.only.length < SCENARIOS.length) {
            throw new Error("--chart-only runs no bench: it takes --out DIR or --quick (for .bench/) only");
        }
        const results = JSON.parse(fs.readFileSync(path.join(outDir, "bench.json"), "utf8")) as BenchResults;
        if (!(await writeChart(outDir, results))) {
            throw new Error(`${path.join(outDir, "bench.json")} has no updates to chart`);
        }
        log(`wrote ${path.join(outDir, "bench.svg")} from ${path.join(outDir, "bench.json")}`);
        return;
    }
    if (args.docs && (args.quick || args.only.length < SCENARIOS.length || args.sizes || args.backends)) {
        throw new Error("--docs takes the full bench only (no --quick, --only, --sizes or --backends): docs/performance.md shows every figure of one run");
    }
    const base = args.quick ? QUICK_PROFILE : FULL_PROFILE;
    const profile = {
        ...base,
        runs: args.runs ?? base.runs,
        throttled: { ...base.throttled, runs: args.runs ?? base.throttled.runs },
        cliUpdates: {
            ...base.cliUpdates,
            runs: args.runs ?? base.cliUpdates.runs,
            sizes: args.sizes ?? base.cliUpdates.sizes,
            backends: args.backends ?? base.cliUpdates.backends,
        },
        cliNoopPreview: { ...base.cliNoopPreview, runs: args.runs ?? base.cliNoopPreview.runs },
    };
    log(`profile ${profile.name}, ${profile.runs} run(s) per figure, output to ${outDir}`);

    const results = await runBench(profile, args.only, log);
    const table = figures(results);
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, "bench.json"), `${JSON.stringify({ ...results, figures: table }, null, 2)}\n`);
    const chart = await writeChart(outDir, results);
    const { machine } = results;
    const header =
        `Profile ${profile.name}: medians of ${profile.runs} runs (throttled ${profile.throttled.runs}, cold start ${profile.coldStart.hosts} hosts); ` +
        `${machine.cpus} × ${machine.cpuModel}, load average ${machine.loadAverage1m.toFixed(1)} at the start and ` +
        `${(machine.loadAverage1mAtEnd ?? Number.NaN).toFixed(1)} at the end; Node.js ${machine.node}; ${results.startedAt.slice(0, 16).replace("T", " ")} UTC.`;
    const cli = results.cliUpdates;
    const curve = renderCliCurve(results);
    const cliLine = results.cliMissing
        ? `Real-CLI scenarios not run: no Pulumi CLI (${results.cliMissing}).`
        : cli
          ? `Real CLI: pulumi ${cli.cli.version} (${cli.cli.source === "path" ? "on PATH" : "built from Go modules"}), ${profile.cliUpdates.runs} runs per point, each on a fresh stack; no-op preview ${profile.cliNoopPreview.runs} runs.`
          : "";
    const report = [header, cliLine, renderTable(table), curve ? `Real-CLI curve (medians):\n\n${curve}` : ""].filter(Boolean).join("\n\n");
    process.stdout.write(`${report}\n`);
    if (args.docs) {
        updateFiguresTable(FIGURES_PAGE, report);
        log("put the table into docs/performance.md");
    }
    log(`done in ${(results.durationMs / 1000).toFixed(1)} s; wrote ${path.join(outDir, "bench.json")}${chart ? " and bench.svg" : ""}`);
}

main().then(
    () => process.exit(0),
    (error: unknown) => {
        process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exit(1);
    },
);
