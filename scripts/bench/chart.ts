import { pathToFileURL } from "node:url";
// vega-lite declares its types under `exports` only, which this project's `moduleResolution: node10` does not read.
import type { TopLevelSpec } from "vega-lite/build/index";

/** An RGB colour. */
export type Rgb = readonly [number, number, number];

/** One line of the chart. */
export interface Series {
    label: string;
    colour: Rgb;
    /** Dashed line and hollow points: a baseline. */
    dashed?: boolean;
    points: ReadonlyArray<readonly [number, number]>;
}

export interface LineChart {
    title: string;
    xLabel: string;
    yLabel: string;
    series: readonly Series[];
    /** Of the plot area, in pixels (axes, title and legend come on top). Default 720 × 400. */
    width?: number;
    height?: number;
}

/** Dash and gap of a baseline's line, in pixels. */
const BASELINE_DASH = [6, 4];
const FONT = "DejaVu Sans, Verdana, Arial, sans-serif";

/**
 * The Vega-Lite spec of a line chart: one line with points per series, in its colour, dashed
 * with hollow points for a baseline; both axes from 0 and ending on a nice value; x ticks at 0
 * and at each x of the data; the legend in the upper left corner of the plot, where wall times
 * against N leave room.
 */
export function lineChartSpec(chart: LineChart): TopLevelSpec {
    const labels = chart.series.map((s) => s.label);
    const colours = chart.series.map((s) => `rgb(${s.colour.join(",")})`);
    const values = chart.series.flatMap((s) => s.points.map(([x, y]) => ({ series: s.label, dashed: s.dashed === true, x, y })));
    const xs = [...new Set([0, ...values.map((v) => v.x)])].sort((a, b) => a - b);
    // The points of solid or of dashed series, in the series' colour; their outline is never dashed.
    const points = (dashed: boolean) => ({
        transform: [{ filter: `${dashed ? "" : "!"}datum.dashed` }],
        mark: { type: "point" as const, size: 40, strokeWidth: 1.5, opacity: 1, filled: !dashed, ...(dashed ? { fill: "white" } : {}) },
        encoding: { strokeDash: { value: [1, 0] } },
    });
    return {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: { text: chart.title, fontSize: 16 },
        width: chart.width ?? 720,
        height: chart.height ?? 400,
        background: "white",
        padding: 12,
        config: { font: FONT, view: { stroke: null }, axis: { labelFontSize: 12, titleFontSize: 13, gridColor: "#e4e4e4" } },
        data: { values },
        encoding: {
            x: { field: "x", type: "quantitative", title: chart.xLabel, scale: { zero: true, nice: true }, axis: { values: xs, grid: false } },
            y: { field: "y", type: "quantitative", title: chart.yLabel, scale: { zero: true, nice: true } },
            color: {
                field: "series",
                type: "nominal",
                title: null,
                sort: labels,
                scale: { domain: labels, range: colours },
                legend: {
                    orient: "top-left",
                    labelFontSize: 12,
                    labelLimit: 0,
                    symbolType: "stroke",
                    symbolSize: 400,
                    symbolStrokeWidth: 2,
                    fillColor: "white",
                    strokeColor: "#e4e4e4",
                    padding: 8,
                },
            },
            strokeDash: {
                field: "series",
                type: "nominal",
                sort: labels,
                scale: { domain: labels, range: chart.series.map((s) => (s.dashed ? BASELINE_DASH : [1, 0])) },
            },
        },
        layer: [{ mark: { type: "line", strokeWidth: 2 } }, points(false), points(true)],
    };
}

/**
 * Vega and Vega-Lite are ES modules only, with a top-level await inside (vega-canvas), which
 * Node.js 20 cannot `require()`; and TypeScript turns `import()` into `require()` under this
 * project's `"module": "commonjs"`. A function built at run time keeps a real `import()`.
 */
const importModule = new Function("url", "return import(url)") as (url: string) => Promise<unknown>;

async function load<T>(name: string): Promise<T> {
    return (await importModule(pathToFileURL(require.resolve(name)).href)) as T;
}

/**
 * Vega writes the whole document on one line. One element a line (never inside a `<text>`, where
 * a line break would show as a space) lets a new run's chart diff line by line.
 */
function oneElementPerLine(svg: string): string {
    return `${svg.replace(/>(?=<(?:\/?g|path|rect|line|text|\/svg)\b)/g, ">\n")}\n`;
}

/** Renders the chart as an SVG document (Vega's own SVG renderer, headless: no browser, no canvas). */
export async function renderLineChart(chart: LineChart): Promise<string> {
    const vegaLite = await load<typeof import("vega-lite/build/index")>("vega-lite");
    const vega = await load<typeof import("vega")>("vega");
    const view = new vega.View(vega.parse(vegaLite.compile(lineChartSpec(chart)).spec), { renderer: "none" });
    try {
        return oneElementPerLine(await view.toSVG());
    } finally {
        view.finalize();
    }
}
