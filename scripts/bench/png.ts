import { deflateSync } from "node:zlib";

/**
 * Encodes an 8-bit RGB image as PNG: signature, IHDR, one IDAT (zlib deflate of the scanlines,
 * each prefixed by filter type 0), IEND; every chunk with its CRC-32. Enough for a chart, with
 * nothing but node:zlib.
 */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
    if (rgb.length !== width * height * 3) {
        throw new Error(`encodePng: expected ${width * height * 3} bytes of RGB, got ${rgb.length}`);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header[8] = 8; // bit depth
    header[9] = 2; // colour type: truecolour RGB
    header[10] = 0; // compression: deflate
    header[11] = 0; // filter method 0
    header[12] = 0; // no interlace
    const stride = width * 3;
    const scanlines = Buffer.alloc((stride + 1) * height);
    for (let y = 0; y < height; y++) {
        scanlines[y * (stride + 1)] = 0; // filter: none
        Buffer.from(rgb.buffer, rgb.byteOffset + y * stride, stride).copy(scanlines, y * (stride + 1) + 1);
    }
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk("IHDR", header),
        chunk("IDAT", deflateSync(scanlines, { level: 9 })),
        chunk("IEND", Buffer.alloc(0)),
    ]);
}

/** Width and height from a PNG's IHDR, or undefined when `data` is not a PNG. */
export function pngSize(data: Buffer): { width: number; height: number } | undefined {
    const signature = "89504e470d0a1a0a";
    if (data.length < 24 || data.subarray(0, 8).toString("hex") !== signature || data.subarray(12, 16).toString("latin1") !== "IHDR") {
        return undefined;
    }
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function chunk(type: string, data: Buffer): Buffer {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length, 0);
    const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData), 0);
    return Buffer.concat([length, typeAndData, crc]);
}

const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        }
        table[n] = c >>> 0;
    }
    return table;
})();

/** CRC-32 (ISO 3309, the one PNG uses). */
export function crc32(data: Uint8Array): number {
    let c = 0xffffffff;
    for (let i = 0; i < data.length; i++) {
        c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
}
