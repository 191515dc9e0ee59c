/**
 * `npm run bench` must not rot: its quick variant runs here end to end (stack-config example, provider
 * hosts, emulator, baseline) and must produce every figure, the table, the JSON and a valid PNG.
 * No time is asserted: timings belong to the bench's report, not to a test on a shared machine.
 */
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inflateSync } from "node:zlib";
import { niceCeiling, renderLineChart } from "../../scripts/bench/chart";
import { crc32, encodePng, pngSize } from "../../scripts/bench/png";
import type { Figure } from "../../scripts/bench/report";
import { median, spread } from "../../scripts/bench/stats";
import { REPO_ROOT } from "../support/fixtures";

/** Chunks of a PNG, each checked against its CRC. */
function pngChunks(data: Buffer): Array<{ type: string; data: Buffer }> {
    const chunks: Array<{ type: string; data: Buffer }> = [];
    for (let offset = 8; offset < data.length && chunks.length < 1000;) {
        const length = data.readUInt32BE(offset);
        const type = data.subarray(offset + 4, offset + 8).toString("latin1");
        const body = data.subarray(offset + 8, offset + 8 + length);
        assert.equal(data.readUInt32BE(offset + 8 + length), crc32(data.subarray(offset + 4, offset + 8 + length)), `CRC of ${type}`);
        chunks.push({ type, data: body });
        offset += 12 + length;
    }
    return chunks;
}

/** Asserts `data` is a PNG whose image data inflates to `height` scanlines of RGB; returns the size. */
function assertValidPng(data: Buffer): { width: number; height: number } {
    const size = pngSize(data);
    assert.ok(size, "starts with the PNG signature and IHDR");
    const chunks = pngChunks(data);
    assert.deepEqual(
        chunks.map((c) => c.type),
        ["IHDR", "IDAT", "IEND"],
    );
    const pixels = inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
    assert.equal(pixels.length, (size.width * 3 + 1) * size.height, "one filter byte and width × RGB per scanline");
    return size;
}

describe("scripts/bench helpers", () => {
    it("median and spread summarize repeated runs", () => {
        assert.equal(median([5, 1, 3]), 3);
        assert.equal(median([4, 1, 3, 2]), 2.5);
        assert.ok(Number.isNaN(median([])));
        assert.equal(spread([90, 100, 110]), 0.2);
        assert.equal(spread([7]), 0);
    });

    it("CRC-32 matches the standard check value, and encodePng writes a decodable image", () => {
        assert.equal(crc32(Buffer.from("123456789")), 0xcbf43926);
        const rgb = new Uint8Array(3 * 2 * 3).map((_, i) => i * 10);
        const png = encodePng(3, 2, rgb);
        assert.deepEqual(assertValidPng(png), { width: 3, height: 2 });
        const scanlines = inflateSync(pngChunks(png)[1].data);
        assert.deepEqual([...scanlines.subarray(1, 10)], [...rgb.subarray(0, 9)], "first row after its filter byte");
    });

    it("chart axes end on a nice value, and a chart renders as a PNG of the asked size", () => {
        assert.deepEqual([0.7, 1, 3, 240, 1001].map(niceCeiling), [1, 1, 5, 250, 2000]);
        const png = renderLineChart({
            title: "t",
            xLabel: "x",
            yLabel: "y",
            width: 200,
            height: 120,
            series: [
                {
                    label: "a",
                    colour: [0, 0, 0],
                    points: [
                        [1, 2],
                        [3, 4],
                    ],
                },
            ],
        });
        assert.deepEqual(assertValidPng(png), { width: 200, height: 120 });
    });
});

describe("scripts/bench --quick (npm run bench)", function () {
    this.timeout(120_000);
    let outDir: string;
    let stdout = "";
    let stderr = "";
    let exitCode: number | null = null;

    before(async () => {
        outDir = fs.mkdtempSync(path.join(os.tmpdir(), "intune-bench-test-"));
        await new Promise<void>((resolve) => {
            execFile(
                process.execPath,
                ["-r", "ts-node/register/transpile-only", path.join("scripts", "bench.ts"), "--quick", "--out", outDir],
                { cwd: REPO_ROOT, timeout: 110_000, maxBuffer: 16 * 1024 * 1024 },
                (error, out, err) => {
                    stdout = out;
                    stderr = err;
                    exitCode = error ? ((error as { code?: number }).code ?? 1) : 0;
                    resolve();
                },
            );
        });
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
            [/throttled, .*pacing = budget/, /failed operations/],
            [/throttled, .*pacing = budget/, /429 answers/],
            [/throttled, .*pacing = budget/, /wall time/],
            [/throttled, .*pacing off/, /failed operations/],
            [/throttled, .*pacing off/, /wall time/],
            [/cold start/, /host start/],
            [/cold start/, /first operation/],
            [/cold start/, /start-up on top of the network time/],
            [/cold start/, /@azure\/identity loaded/],
            [/bytes, N=1 /, /__provider per resource/],
            [/bytes, N=1 /, /state per resource \(inputs \+ outputs\)/],
            [/bytes, N=\d\d+/, /state per resource \(inputs \+ outputs\)/],
        ];
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
        assert.equal(value(/throttled.*pacing = budget/, /failed operations/), 0);
        assert.equal(value(/throttled.*pacing off/, /failed operations/), 0);
        assert.equal(value(/cold start/, /@azure\/identity loaded/), 0);
        const requests = results.figures.filter((f) => /^Graph requests \(/.test(f.figure));
        assert.equal(requests.length, 2);
        requests.forEach((f) => assert.equal(f.value, f.baseline?.value, `${f.scenario}: the provider sends the minimum requests`));
    });

    it("writes bench.png, a chart of wall time against N", () => {
        const size = assertValidPng(fs.readFileSync(path.join(outDir, "bench.png")));
        assert.ok(size.width >= 400 && size.height >= 300, JSON.stringify(size));
    });
});
