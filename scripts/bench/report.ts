import type { LineChart } from "./chart";
import type { BenchResults } from "./runBench";
import type { CliUpdatesPoint } from "./scenarios/cliUpdates";
import { median, spread } from "./stats";

/**
 * The fewest Graph requests N creates and then N updates can take, with either provider: a create
 * reads first (the write it may save), then writes what differs; an update only writes.
 * `perWrite` is 1 when the PATCH answers 200, 2 when it answers 204 and the write is read back.
 */
function createUpdateMinimum(n: number, perWrite: number): number {
    return n * (1 + 2 * perWrite);
}

/** One figure of the bench: its value, what it is compared with, and its target if it has one. */
export interface Figure {
    scenario: string;
    figure: string;
    value: number;
    unit: "ms" | "requests" | "answers" | "B" | "%" | "yes/no";
    baseline?: { label: string; value: number };
    /** value / baseline (median of per-run ratios where runs pair up). */
    ratio?: number;
    target?: { text: string; holds: boolean };
    /** (max − min) / median over the runs: how noisy the figure is. */
    spread?: number;
    runs?: number[];
}

/** Every figure of `results`, in the order of the table; targets as the issue states them. */
export function figures(results: BenchResults): Figure[] {
    const out: Figure[] = [];
    const timed = (values: number[]) => ({ value: median(values), spread: spread(values), runs: values.map((v) => Math.round(v * 1000) / 1000) });

    const preview = results.noopPreview;
    if (preview) {
        const scenario = `no-op preview, N=${preview.n}`;
        const requests = Math.max(...preview.requests);
        out.push({ scenario, figure: "Graph requests sent", value: requests, unit: "requests", target: { text: "0", holds: requests === 0 } });
        const perDiff = timed(preview.perDiffMs);
        out.push({
            scenario,
            figure: "host time per diff (N diffs, engine's concurrency)",
            unit: "ms",
            ...perDiff,
            target: { text: "< 2 ms", holds: perDiff.value < 2 },
        });
        out.push({ scenario, figure: "one diff at a time (gRPC round trip)", unit: "ms", ...timed(preview.diffLatencyMs) });
        out.push({ scenario, figure: "wall time of the whole preview (check + diff)", unit: "ms", ...timed(preview.previewMs) });
    }

    const { updates } = results;
    if (updates?.length) {
        const headline = results.profile.updates.n;
        for (const point of updates.filter((p) => p.n === headline)) {
            const scenario = `updates, N=${point.n}, L=${point.latencyMs} ms, P=${point.parallel}, PATCH answers ${point.patchStatus}`;
            const wall = timed(point.providerMs);
            const ratio = median(point.ratios);
            out.push({
                scenario,
                figure: "wall time",
                unit: "ms",
                ...wall,
                baseline: { label: "bare cross-fetch loop", value: median(point.baselineMs) },
                ratio,
                target: { text: "≤ 1.3 × baseline", holds: ratio <= 1.3 },
            });
            const requests = median(point.providerRequests);
            const minimum = median(point.baselineRequests);
            out.push({
                scenario,
                figure: `Graph requests (${point.patchStatus === 200 ? "PATCH" : "PATCH + GET"} each)`,
                value: requests,
                unit: "requests",
                baseline: { label: "minimum", value: minimum },
                ratio: requests / minimum,
                target: { text: "= minimum", holds: requests === minimum },
            });
            const baseline = { label: "bare cross-fetch loop", value: median(point.baselineMs) };
            const direct = timed(point.directMs);
            out.push({
                scenario,
                figure: "provider module called directly (no engine, no gRPC)",
                unit: "ms",
                ...direct,
                baseline,
                ratio: direct.value / baseline.value,
            });
            const floor = timed(point.engineFloorMs);
            out.push({
                scenario,
                figure: "the same up with nothing to send to Graph (engine + host floor)",
                unit: "ms",
                ...floor,
                baseline,
                ratio: floor.value / baseline.value,
            });
            if (point.hostCpuMsPerUpdate.length && point.floorHostCpuMsPerUpdate.length) {
                out.push({
                    scenario,
                    figure: "CPU per update in Pulumi's provider host",
                    unit: "ms",
                    ...timed(point.hostCpuMsPerUpdate),
                    baseline: { label: "the host's own, nothing sent", value: median(point.floorHostCpuMsPerUpdate) },
                });
            }
            out.push({
                scenario,
                figure: "CPU per update in the engine stand-in (+ emulator)",
                unit: "ms",
                ...timed(point.engineCpuMsPerUpdate),
                baseline: { label: "cross-fetch loop + emulator", value: median(point.baselineCpuMsPerUpdate) },
            });
        }
    }

    for (const t of results.throttled ?? []) {
        const scenario = `throttled ${t.shape}, N=${t.n} creates${t.deployments > 1 ? ` in each of ${t.deployments} deployments` : ""}, P=${t.parallel}, default settings`;
        const failures = Math.max(...t.failures);
        out.push({ scenario, figure: "failed operations", value: failures, unit: "answers", target: { text: "0", holds: failures === 0 } });
        const share = (100 * median(t.throttled)) / median(t.requests);
        const noneAllowed = t.minimumMs === 0 && t.deployments === 1; // Intune's documented budget holds the whole deployment
        out.push({
            scenario,
            figure: `429 answers (${median(t.throttled)} of ${median(t.requests)} requests)`,
            value: share,
            unit: "%",
            target: noneAllowed ? { text: "0", holds: share === 0 } : { text: "≤ 10 %", holds: share <= 10 },
        });
        const wall = timed(t.wallMs);
        out.push({
            scenario,
            figure: "wall time",
            unit: "ms",
            ...wall,
            baseline: { label: "throttle minimum (⌈N/B⌉ − 1) × window", value: t.minimumMs },
            ...(t.maxRatio !== undefined && t.minimumMs > 0
                ? { ratio: wall.value / t.minimumMs, target: { text: `≤ ${t.maxRatio} × minimum`, holds: wall.value / t.minimumMs <= t.maxRatio } }
                : {}),
        });
        const peer = "the peer (Graph JS client, default RetryHandler)";
        out.push({ scenario, figure: `${peer}: failed operations`, value: Math.max(...t.peer.failures), unit: "answers" });
        out.push({
            scenario,
            figure: `${peer}: 429 answers (${median(t.peer.throttled)} of ${median(t.peer.requests)} requests)`,
            value: (100 * median(t.peer.throttled)) / median(t.peer.requests),
            unit: "%",
        });
        const peerWall = timed(t.peer.wallMs);
        out.push({
            scenario,
            figure: `${peer}: wall time`,
            unit: "ms",
            ...peerWall,
            baseline: { label: "throttle minimum", value: t.minimumMs },
            ...(t.minimumMs > 0 ? { ratio: peerWall.value / t.minimumMs } : {}),
        });
    }

    const adopt = results.adoptTenant;
    if (adopt) {
        const e = adopt.export;
        const scenario = `export, N=${e.n}, L=${e.latencyMs} ms, read budget ${e.readsPerWindow} / ${e.readWindowMs / 1000} s`;
        const failures = Math.max(...e.failures);
        out.push({ scenario, figure: "apps not exported", value: failures, unit: "answers", target: { text: "0", holds: failures === 0 } });
        const wall = timed(e.wallMs);
        const ratio = median(pairedRatios(e.wallMs, e.minimumMs));
        out.push({
            scenario,
            figure: `wall time (${median(e.reads)} reads, ${median(e.throttled)} answered 429)`,
            unit: "ms",
            ...wall,
            baseline: { label: "read-throttle minimum (⌈reads/B⌉ − 1) × window", value: median(e.minimumMs) },
            ratio,
            target: { text: "≤ 1.15 × minimum", holds: ratio <= 1.15 },
        });
        out.push({
            scenario,
            figure: "HTTP requests (a JSON batch is one)",
            value: median(e.wireRequests),
            unit: "requests",
            baseline: { label: "reads", value: median(e.reads) },
        });
        const a = adopt.adoption;
        const adoption = `adoption of the ${a.n} exported apps (the program export wrote), L=${a.latencyMs} ms`;
        out.push({ scenario: adoption, figure: "PATCH requests", value: a.patches, unit: "requests", target: { text: "0", holds: a.patches === 0 } });
        out.push({ scenario: adoption, figure: "GET requests (one read each)", value: a.gets, unit: "requests", baseline: { label: "apps", value: a.n } });
        const changes = Math.max(...a.previewChanges);
        const previewRequests = Math.max(...a.previewRequests);
        out.push({ scenario: adoption, figure: "preview right after: changes", value: changes, unit: "answers", target: { text: "0", holds: changes === 0 } });
        out.push({
            scenario: adoption,
            figure: "preview right after: Graph requests",
            value: previewRequests,
            unit: "requests",
            target: { text: "0", holds: previewRequests === 0 },
        });
        const r = adopt.refresh;
        const refresh = `refresh, N=${r.n}, L=${r.latencyMs} ms, batched reads (intune:batchReads)`;
        const requests = median(r.batchedRequests);
        const requestBound = Math.round((60 * r.n) / 1000);
        out.push({
            scenario: refresh,
            figure: "HTTP requests to Graph",
            value: requests,
            unit: "requests",
            baseline: { label: "batching off", value: median(r.singleRequests) },
            ratio: requests / median(r.singleRequests),
            target: { text: `≤ ${requestBound}`, holds: requests <= requestBound },
        });
        const refreshRatio = median(pairedRatios(r.batchedMs, r.singleMs));
        out.push({
            scenario: refresh,
            figure: "wall time",
            unit: "ms",
            ...timed(r.batchedMs),
            baseline: { label: "batching off", value: median(r.singleMs) },
            ratio: refreshRatio,
            target: { text: "≤ 0.5 × batching off", holds: refreshRatio <= 0.5 },
        });
    }

    const cold = results.coldStart;
    if (cold) {
        const scenario = `cold start, fresh provider host, L=${cold.latencyMs} ms`;
        out.push({ scenario, figure: "host start: spawn to port + Configure (Pulumi's own)", unit: "ms", ...timed(cold.hostStartMs) });
        out.push({
            scenario,
            figure: "first operation (check, diff, update: PATCH + GET)",
            unit: "ms",
            ...timed(cold.firstOperationMs),
            baseline: { label: "same operation warm", value: median(cold.warmOperationMs) },
            ratio: median(cold.firstOperationMs) / median(cold.warmOperationMs),
        });
        const overhead = timed(cold.overheadMs);
        out.push({
            scenario,
            figure: "start-up on top of the network time (first − warm)",
            unit: "ms",
            ...overhead,
            target: { text: "< 400 ms", holds: overhead.value < 400 },
        });
        out.push({ scenario, figure: "provider module load in a fresh node", unit: "ms", ...timed(cold.moduleLoadMs) });
        out.push({
            scenario,
            figure: "@azure/identity loaded with intune:accessToken",
            value: cold.identityLoadedWithAccessToken ? 1 : 0,
            unit: "yes/no",
            target: { text: "no", holds: !cold.identityLoadedWithAccessToken },
        });
    }

    out.push(...cliFigures(results));

    for (const b of results.bytes ?? []) {
        const scenario = `bytes, N=${b.n}`;
        out.push({
            scenario,
            figure: "__provider per resource",
            value: b.providerBytes,
            unit: "B",
            target: { text: "≤ 2,500 B", holds: b.providerBytes <= 2500 },
        });
        out.push({
            scenario,
            figure: "state per resource (inputs + outputs)",
            value: Math.round(b.stateBytesPerResource),
            unit: "B",
            target: { text: "≤ 6 KB", holds: b.stateBytesPerResource <= 6 * 1024 },
        });
        out.push({
            scenario,
            figure: "state per resource without the two __provider copies",
            value: Math.round(b.stateBytesPerResourceWithoutProvider),
            unit: "B",
        });
    }
    return out;
}

/** The issue's targets for updates through the real CLI: at most this × the minimal provider's time, by N. */
const CLI_UPDATE_TARGETS: Readonly<Record<number, number>> = { 100: 1.1, 400: 0.7 };
/** The plugin issue's targets: its update at most this × the dynamic provider's time, by N; its inputs and outputs per resource at most this many bytes. */
const PLUGIN_UPDATE_TARGETS: Readonly<Record<number, number>> = { 400: 0.7 };
const PLUGIN_STATE_TARGET_BYTES = 700;
/** The issue's target for a tarball install: state per resource (the resource's entry as exported). */
const CLI_STATE_TARGET_BYTES = 2500;

const BACKEND_LABELS: Readonly<Record<string, string>> = { file: "file backend", azblob: "DIY Azure Blob backend (Azurite)" };

/** value[i] / baseline[i] of the runs that pair up (both ran in the same round, one after the other). */
function pairedRatios(values: readonly number[], baseline: readonly number[]): number[] {
    return values.slice(0, baseline.length).map((v, i) => v / baseline[i]);
}

/** Graph requests of each run's create and update together. */
function sumRuns(point: CliUpdatesPoint): number[] {
    const total = (r: Record<string, number>) => Object.values(r).reduce((sum, count) => sum + count, 0);
    return point.createRequests.map((r, i) => total(r) + total(point.updateRequests[i] ?? {}));
}

/** The figures of the real-CLI scenarios: this package beside the minimal inline provider, on each backend. */
function cliFigures(results: BenchResults): Figure[] {
    const out: Figure[] = [];
    const timed = (values: number[]) => ({ value: median(values), spread: spread(values), runs: values.map((v) => Math.round(v)) });
    const cli = results.cliUpdates;
    if (cli) {
        const perWrite = cli.patchStatus === 204 ? 2 : 1;
        const pair = (backend: string, n: number) => {
            const find = (provider: string) => cli.points.find((p) => p.backend === backend && p.n === n && p.provider === provider)!;
            return {
                mine: find("intune"),
                minimal: find("minimal"),
                plugin: cli.points.find((p) => p.backend === backend && p.n === n && p.provider === "plugin"),
            };
        };
        const backends = [...new Set(cli.points.map((p) => p.backend))];
        const sizes = [...new Set(cli.points.map((p) => p.n))];
        for (const backend of backends) {
            for (const n of sizes) {
                const { mine, minimal, plugin } = pair(backend, n);
                const scenario = `real CLI pulumi up, ${BACKEND_LABELS[backend]}, N=${n}, L=${cli.latencyMs} ms, default --parallel, PATCH answers ${cli.patchStatus}`;
                if (plugin?.updateMs.length) {
                    const dynamic = (values: number[]) => ({ label: "this package's dynamic provider", value: median(values) });
                    out.push({
                        scenario,
                        figure: "native plugin, create: wall time",
                        unit: "ms",
                        ...timed(plugin.createMs),
                        baseline: dynamic(mine.createMs),
                        ratio: median(pairedRatios(plugin.createMs, mine.createMs)),
                    });
                    const pluginRatio = median(pairedRatios(plugin.updateMs, mine.updateMs));
                    const pluginTarget = PLUGIN_UPDATE_TARGETS[n];
                    out.push({
                        scenario,
                        figure: "native plugin, update: wall time",
                        unit: "ms",
                        ...timed(plugin.updateMs),
                        baseline: dynamic(mine.updateMs),
                        ratio: pluginRatio,
                        ...(pluginTarget ? { target: { text: `≤ ${pluginTarget} × dynamic provider`, holds: pluginRatio <= pluginTarget } } : {}),
                    });
                    const pluginRequests = median(sumRuns(plugin));
                    const pluginMinimum = createUpdateMinimum(n, perWrite);
                    out.push({
                        scenario,
                        figure: "native plugin's Graph requests, create + update",
                        value: pluginRequests,
                        unit: "requests",
                        baseline: { label: "minimum", value: pluginMinimum },
                        target: { text: "= minimum", holds: pluginRequests === pluginMinimum },
                    });
                }
                const baseline = (values: number[]) => ({ label: "minimal inline provider", value: median(values) });
                const create = timed(mine.createMs);
                out.push({
                    scenario,
                    figure: "create: wall time",
                    unit: "ms",
                    ...create,
                    baseline: baseline(minimal.createMs),
                    ratio: median(pairedRatios(mine.createMs, minimal.createMs)),
                });
                const ratio = median(pairedRatios(mine.updateMs, minimal.updateMs));
                const target = CLI_UPDATE_TARGETS[n];
                out.push({
                    scenario,
                    figure: "update: wall time",
                    unit: "ms",
                    ...timed(mine.updateMs),
                    baseline: baseline(minimal.updateMs),
                    ratio,
                    ...(target ? { target: { text: `≤ ${target} × minimal`, holds: ratio <= target } } : {}),
                });
                const requests = median(sumRuns(mine));
                const minimum = createUpdateMinimum(n, perWrite);
                const write = perWrite === 2 ? "PATCH + GET" : "PATCH";
                out.push({
                    scenario,
                    figure: `Graph requests, create + update (a GET before the create, ${write} each write)`,
                    value: requests,
                    unit: "requests",
                    baseline: { label: "minimum", value: minimum },
                    ratio: requests / minimum,
                    target: { text: "= minimum", holds: requests === minimum },
                });
                const minimalRequests = median(sumRuns(minimal));
                out.push({
                    scenario,
                    figure: "minimal provider's Graph requests, create + update",
                    value: minimalRequests,
                    unit: "requests",
                    baseline: { label: "one PATCH per write", value: 2 * n },
                    target: { text: "= one PATCH per write", holds: minimalRequests === 2 * n },
                });
            }
        }
        const n = Math.max(...sizes);
        const stateScenario = `real CLI state per resource, tarball install, N=${n}`;
        const { mine, minimal } = pair(backends[0], n);
        if (mine.stateBytes && minimal.stateBytes) {
            const bytes = (figure: string, value: number, baselineValue: number, target?: Figure["target"]): Figure => ({
                scenario: stateScenario,
                figure,
                value: Math.round(value),
                unit: "B",
                baseline: { label: "minimal inline provider", value: Math.round(baselineValue) },
                ratio: value / baselineValue,
                ...(target ? { target } : {}),
            });
            out.push(
                bytes("the resource's entry in pulumi stack export (compact JSON)", mine.stateBytes.entry, minimal.stateBytes.entry, {
                    text: `≤ ${CLI_STATE_TARGET_BYTES.toLocaleString("en-US")} B`,
                    holds: mine.stateBytes.entry <= CLI_STATE_TARGET_BYTES,
                }),
            );
            out.push(bytes("its inputs + outputs (compact JSON)", mine.stateBytes.inputsOutputs, minimal.stateBytes.inputsOutputs));
            const plugin = pair(backends[0], n).plugin;
            if (plugin?.stateBytes) {
                out.push({
                    scenario: stateScenario,
                    figure: "native plugin: its inputs + outputs (compact JSON)",
                    value: Math.round(plugin.stateBytes.inputsOutputs),
                    unit: "B",
                    baseline: { label: "this package's dynamic provider", value: Math.round(mine.stateBytes.inputsOutputs) },
                    ratio: plugin.stateBytes.inputsOutputs / mine.stateBytes.inputsOutputs,
                    target: { text: `≤ ${PLUGIN_STATE_TARGET_BYTES} B`, holds: plugin.stateBytes.inputsOutputs <= PLUGIN_STATE_TARGET_BYTES },
                });
            }
            for (const backend of backends) {
                const p = pair(backend, n);
                if (p.mine.stateBytes && p.minimal.stateBytes) {
                    out.push(bytes(`${BACKEND_LABELS[backend]}: stack's state file / N`, p.mine.stateBytes.backendFile, p.minimal.stateBytes.backendFile));
                }
            }
        }
        for (const skip of cli.skipCheckpoints.filter((s) => s.provider === "intune")) {
            const minimalSkip = cli.skipCheckpoints.find((s) => s.provider === "minimal" && s.n === skip.n);
            out.push({
                scenario: `real CLI pulumi up, file backend, N=${skip.n}, PULUMI_SKIP_CHECKPOINTS=true (insight only, not a target figure)`,
                figure: "update: wall time",
                unit: "ms",
                ...timed(skip.updateMs),
                ...(minimalSkip
                    ? {
                          baseline: { label: "minimal inline provider", value: median(minimalSkip.updateMs) },
                          ratio: median(pairedRatios(skip.updateMs, minimalSkip.updateMs)),
                      }
                    : {}),
            });
        }
    }
    const preview = results.cliNoopPreview;
    if (preview) {
        const scenario = `real CLI no-op pulumi preview, N=${preview.n}, file backend`;
        const requests = Math.max(...preview.requests.intune);
        out.push({ scenario, figure: "Graph requests sent", value: requests, unit: "requests", target: { text: "0", holds: requests === 0 } });
        out.push({
            scenario,
            figure: "wall time of pulumi preview --expect-no-changes",
            unit: "ms",
            ...timed(preview.previewMs.intune),
            baseline: { label: "minimal inline provider", value: median(preview.previewMs.minimal) },
            ratio: median(pairedRatios(preview.previewMs.intune, preview.previewMs.minimal)),
        });
        if (preview.previewMs.plugin?.length) {
            const pluginRequests = Math.max(...preview.requests.plugin);
            out.push({
                scenario,
                figure: "native plugin: Graph requests sent",
                value: pluginRequests,
                unit: "requests",
                target: { text: "0", holds: pluginRequests === 0 },
            });
            out.push({
                scenario,
                figure: "native plugin: wall time of pulumi preview --expect-no-changes",
                unit: "ms",
                ...timed(preview.previewMs.plugin),
                baseline: { label: "this package's dynamic provider", value: median(preview.previewMs.intune) },
                ratio: median(pairedRatios(preview.previewMs.plugin, preview.previewMs.intune)),
            });
        }
    }
    return out;
}

function format(value: number, unit: Figure["unit"]): string {
    switch (unit) {
        case "ms":
            return `${value < 10 ? value.toFixed(value < 1 ? 3 : 2) : Math.round(value).toLocaleString("en-US")} ms`;
        case "%":
            return `${value.toFixed(1)} %`;
        case "B":
            return `${Math.round(value).toLocaleString("en-US")} B`;
        case "yes/no":
            return value ? "yes" : "no";
        default:
            return Math.round(value).toLocaleString("en-US");
    }
}

/** The figures as a Markdown table (what `npm run bench` prints and docs/performance.md shows). */
export function renderTable(all: readonly Figure[]): string {
    const rows = [
        "| scenario | figure | measured | baseline | ratio | target | holds | spread |",
        "|---|---|--:|--:|--:|---|---|--:|",
        ...all
            .map((f) =>
                [
                    f.scenario,
                    f.figure,
                    format(f.value, f.unit),
                    f.baseline ? `${format(f.baseline.value, f.unit)} (${f.baseline.label})` : "",
                    f.ratio === undefined ? "" : `${f.ratio.toFixed(2)} ×`,
                    f.target?.text ?? "",
                    f.target ? (f.target.holds ? "yes" : "**no**") : "",
                    f.spread === undefined || f.runs === undefined || f.runs.length < 2 ? "" : `${Math.round(f.spread * 100)} %`,
                ].join(" | "),
            )
            .map((row) => `| ${row} |`),
    ];
    return rows.join("\n");
}

/** Wall time of updates against N, provider and raw-HTTP limit, in both response modes. */
export function updatesChart(results: BenchResults): LineChart | undefined {
    const points = results.updates;
    if (!points?.length) {
        return undefined;
    }
    const { latencyMs, parallel } = results.profile.updates;
    const sizes = [...new Set(points.map((p) => p.n))];
    const floor = {
        label: "engine + host floor, no requests",
        colour: [150, 150, 150] as const,
        points: sizes.map((n) => [n, median(points.filter((p) => p.n === n).flatMap((p) => p.engineFloorMs))] as const),
    };
    const series = ([200, 204] as const).flatMap((status) => {
        const mine = points.filter((p) => p.patchStatus === status);
        const colour = status === 200 ? ([31, 119, 180] as const) : ([230, 110, 20] as const);
        return [
            { label: `provider, PATCH ${status}`, colour, points: mine.map((p) => [p.n, median(p.providerMs)] as const) },
            { label: `cross-fetch limit, PATCH ${status}`, colour, dashed: true, points: mine.map((p) => [p.n, median(p.baselineMs)] as const) },
        ];
    });
    return {
        title: `Updates: wall time against N (L = ${latencyMs} ms, P = ${parallel})`,
        xLabel: "N (resources updated in one pulumi up)",
        yLabel: "wall time (ms), median of runs",
        series: [...series, floor],
    };
}

/**
 * The real-CLI curve as a Markdown table (the bench draws no chart of it): medians of create and
 * update wall time against N on each backend, for this package, the minimal provider and the
 * native plugin, and the update time per resource, which grows with N when every step rewrites the whole state.
 */
export function renderCliCurve(results: BenchResults): string | undefined {
    const cli = results.cliUpdates;
    if (!cli?.points.length) {
        return undefined;
    }
    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const rows = [
        "| backend | N | create: this package | create: minimal | update: this package | update: minimal | update ratio | update per resource: this package / minimal | create: plugin | update: plugin | update: plugin / this package |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ];
    for (const backend of [...new Set(cli.points.map((p) => p.backend))]) {
        for (const n of [...new Set(cli.points.map((p) => p.n))]) {
            const find = (provider: string) => cli.points.find((p) => p.backend === backend && p.n === n && p.provider === provider)!;
            const [mine, minimal, plugin] = [find("intune"), find("minimal"), find("plugin") as CliUpdatesPoint | undefined];
            const [update, minimalUpdate] = [median(mine.updateMs), median(minimal.updateMs)];
            const pluginCells = plugin?.updateMs.length
                ? `${s(median(plugin.createMs))} | ${s(median(plugin.updateMs))} | ${median(pairedRatios(plugin.updateMs, mine.updateMs)).toFixed(2)} ×`
                : "– | – | –";
            rows.push(
                `| ${BACKEND_LABELS[backend]} | ${n} | ${s(median(mine.createMs))} | ${s(median(minimal.createMs))} | ${s(update)} | ${s(minimalUpdate)} | ` +
                    `${median(pairedRatios(mine.updateMs, minimal.updateMs)).toFixed(2)} × | ${(update / n).toFixed(0)} / ${(minimalUpdate / n).toFixed(0)} ms | ${pluginCells} |`,
            );
        }
    }
    return rows.join("\n");
}
