// @ts-check
/**
 * Icon containers written from PNG images, no tools needed: Windows .ico (PNG entries, Vista and
 * later) and macOS .icns (PNG entries, 10.7 and later). Pure functions: make-icons.mjs renders the
 * PNGs, these pack them; icon-formats.test.ts reads the results back.
 */

/** Sizes a Windows .ico carries (taskbar, Explorer views, installer). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

/** macOS .icns entry types and their pixel sizes (the @2x types reuse the larger renderings). */
export const ICNS_TYPES = /** @type {const} */ ([
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
]);

/** Width and height from a PNG's IHDR chunk. @param {Uint8Array} png */
export function pngSize(png) {
  const b = Buffer.from(png);
  if (
    b.length < 24 ||
    b.toString('latin1', 1, 4) !== 'PNG' ||
    b.toString('latin1', 12, 16) !== 'IHDR'
  )
    throw new Error('not a PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * ICONDIR + one ICONDIRENTRY per image + the PNG data.
 * @param {Map<number, Uint8Array>} pngs size → PNG
 */
export function buildIco(pngs) {
  const sizes = [...pngs.keys()].sort((a, b) => a - b);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  const images = sizes.map((size, i) => {
    const png = Buffer.from(/** @type {Uint8Array} */ (pngs.get(size)));
    const { width, height } = pngSize(png);
    if (width !== size || height !== size)
      throw new Error(`ico: ${size}px entry is ${width}x${height}`);
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2); // palette colours
    header.writeUInt8(0, at + 3); // reserved
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
    return png;
  });
  return Buffer.concat([header, ...images]);
}

/**
 * 'icns' + total length, then per entry: type, length (with its 8-byte header), PNG data.
 * @param {Map<number, Uint8Array>} pngs size → PNG
 */
export function buildIcns(pngs) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = pngs.get(size);
    if (!png) throw new Error(`icns: no ${size}px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, Buffer.from(png)]);
  });
  const body = Buffer.concat(entries);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([head, body]);
}
