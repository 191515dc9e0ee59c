import { GLYPH_HEIGHT, drawText, textWidth } from "./font";
import { encodePng } from "./png";
import { Raster, Rgb } from "./raster";

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
    width?: number;
    height?: number;
}

const INK: Rgb = [40, 40, 40];
const GRID: Rgb = [225, 225, 225];
const MARGIN = { left: 80, right: 24, top: 64, bottom: 56 };

/** A "nice" axis maximum at or above `value`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceCeiling(value: number): number {
    if (!(value > 0)) {
        return 1;
    }
    const power = 10 ** Math.floor(Math.log10(value));
    for (const step of [1, 2, 2.5, 5, 10]) {
        if (step * power >= value) {
            return step * power;
        }
    }
    return 10 * power;
}

/**
 * Renders a line chart (both axes from 0, y ticks at fifths of a nice maximum, x ticks at each
 * x value of the data) with a title and a legend, as PNG bytes.
 */
export function renderLineChart(chart: LineChart): Buffer {
    const width = chart.width ?? 880;
    const height = chart.height ?? 520;
    const raster = new Raster(width, height);
    const plot = { x: MARGIN.left, y: MARGIN.top, w: width - MARGIN.left - MARGIN.right, h: height - MARGIN.top - MARGIN.bottom };
    const all = chart.series.flatMap((s) => s.points);
    const xMax = niceCeiling(Math.max(1, ...all.map((p) => p[0])));
    const yMax = niceCeiling(Math.max(1, ...all.map((p) => p[1])));
    const px = (x: number) => plot.x + (x / xMax) * plot.w;
    const py = (y: number) => plot.y + plot.h - (y / yMax) * plot.h;

    drawText(raster, chart.title, Math.max(4, (width - textWidth(chart.title, 2)) / 2), 12, INK, 2);
    drawText(raster, chart.yLabel, 8, MARGIN.top - 24, INK);
    drawText(raster, chart.xLabel, plot.x + (plot.w - textWidth(chart.xLabel)) / 2, height - 20, INK);

    for (let i = 0; i <= 5; i++) {
        const value = (yMax * i) / 5;
        const y = py(value);
        raster.line(plot.x, y, plot.x + plot.w, y, GRID);
        raster.line(plot.x - 5, y, plot.x, y, INK);
        const label = formatTick(value);
        drawText(raster, label, plot.x - 9 - textWidth(label), y - GLYPH_HEIGHT / 2, INK);
    }
    for (const x of [...new Set(all.map((p) => p[0]))]) {
        raster.line(px(x), plot.y + plot.h, px(x), plot.y + plot.h + 5, INK);
        const label = formatTick(x);
        drawText(raster, label, px(x) - textWidth(label) / 2, plot.y + plot.h + 9, INK);
    }
    raster.line(plot.x, plot.y, plot.x, plot.y + plot.h, INK, 2);
    raster.line(plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, INK, 2);

    for (const s of chart.series) {
        const points = [...s.points].sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < points.length; i++) {
            raster.line(px(points[i - 1][0]), py(points[i - 1][1]), px(points[i][0]), py(points[i][1]), s.colour, 2, s.dashed ? 6 : 0);
        }
        for (const [x, y] of points) {
            marker(raster, px(x), py(y), s.colour, !s.dashed);
        }
    }

    const legendW = Math.max(...chart.series.map((s) => textWidth(s.label))) + 44;
    const legend = { x: plot.x + 12, y: plot.y + 8, w: legendW, h: chart.series.length * 16 + 8 };
    raster.fillRect(legend.x, legend.y, legend.w, legend.h, [255, 255, 255]);
    raster.strokeRect(legend.x, legend.y, legend.w, legend.h, GRID);
    chart.series.forEach((s, i) => {
        const y = legend.y + 12 + i * 16;
        raster.line(legend.x + 6, y, legend.x + 30, y, s.colour, 2, s.dashed ? 6 : 0);
        marker(raster, legend.x + 18, y, s.colour, !s.dashed);
        drawText(raster, s.label, legend.x + 38, y - 3, INK);
    });
    return encodePng(width, height, raster.pixels);
}

function marker(raster: Raster, x: number, y: number, colour: Rgb, filled: boolean): void {
    if (filled) {
        raster.fillRect(Math.round(x) - 3, Math.round(y) - 3, 7, 7, colour);
    } else {
        raster.fillRect(Math.round(x) - 3, Math.round(y) - 3, 7, 7, [255, 255, 255]);
        raster.strokeRect(Math.round(x) - 3, Math.round(y) - 3, 6, 6, colour);
    }
}

function formatTick(value: number): string {
    return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
