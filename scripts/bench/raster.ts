/** An RGB colour. */
export type Rgb = readonly [number, number, number];

/**
 * A white RGB canvas with the few primitives a chart needs: pixels, filled rectangles, and
 * straight lines of a given thickness, optionally dashed. Out-of-range pixels are ignored.
 */
export class Raster {
    readonly pixels: Uint8Array;

    constructor(
        readonly width: number,
        readonly height: number,
    ) {
        this.pixels = new Uint8Array(width * height * 3).fill(255);
    }

    set(x: number, y: number, colour: Rgb): void {
        const px = Math.round(x);
        const py = Math.round(y);
        if (px < 0 || py < 0 || px >= this.width || py >= this.height) {
            return;
        }
        const i = (py * this.width + px) * 3;
        this.pixels[i] = colour[0];
        this.pixels[i + 1] = colour[1];
        this.pixels[i + 2] = colour[2];
    }

    fillRect(x: number, y: number, w: number, h: number, colour: Rgb): void {
        for (let dy = 0; dy < h; dy++) {
            for (let dx = 0; dx < w; dx++) {
                this.set(x + dx, y + dy, colour);
            }
        }
    }

    strokeRect(x: number, y: number, w: number, h: number, colour: Rgb): void {
        this.line(x, y, x + w, y, colour);
        this.line(x, y + h, x + w, y + h, colour);
        this.line(x, y, x, y + h, colour);
        this.line(x + w, y, x + w, y + h, colour);
    }

    /** A line from (x0, y0) to (x1, y1), `thickness` pixels wide; with `dashPx`, dashes and gaps of that length. */
    line(x0: number, y0: number, x1: number, y1: number, colour: Rgb, thickness = 1, dashPx = 0): void {
        const length = Math.hypot(x1 - x0, y1 - y0);
        const steps = Math.max(1, Math.ceil(length * 2));
        const offset = Math.floor((thickness - 1) / 2);
        for (let s = 0; s <= steps; s++) {
            const along = (s / steps) * length;
            if (dashPx > 0 && Math.floor(along / dashPx) % 2 === 1) {
                continue;
            }
            const x = x0 + ((x1 - x0) * s) / steps;
            const y = y0 + ((y1 - y0) * s) / steps;
            this.fillRect(Math.round(x) - offset, Math.round(y) - offset, thickness, thickness, colour);
        }
    }
}
