#!/usr/bin/env node
// @ts-check
/**
 * `npm run icons`: every app icon from assets/icon.svg, rendered by Chromium headless (Debian's
 * /usr/bin/chromium, or OPSDECK_CHROMIUM; Playwright drives it). Writes, for electron-builder:
 *   assets/icon.png            1024×1024 (macOS/Linux source, docs)
 *   assets/icon-512.png        512×512
 *   assets/icons/<n>x<n>.png   the Linux icon set (16…1024)
 *   assets/icon.ico            Windows (16…256, PNG entries)
 *   assets/icon.icns           macOS (16…1024, PNG entries)
 * Small sizes (≤ 48 px) are drawn with less margin, so the mark stays legible in a taskbar.
 * The outputs are committed; run this again after editing the SVG.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { buildIcns, buildIco, ICNS_TYPES, ICO_SIZES } from './icon-formats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const assets = path.join(root, 'assets');
const svg = readFileSync(path.join(assets, 'icon.svg'), 'utf8');
const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const sizes = [...new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])].sort(
  (a, b) => a - b,
);

/** The SVG for a size: small icons crop most of the margin around the rounded square. */
const svgFor = (size) =>
  size <= 48 ? svg.replace('viewBox="0 0 1024 1024"', 'viewBox="40 40 944 944"') : svg;

const browser = await chromium.launch({
  executablePath: process.env.OPSDECK_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
/** @type {Map<number, Buffer>} */
const pngs = new Map();
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    const data = Buffer.from(svgFor(size)).toString('base64');
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${data}" width="${size}" height="${size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img) => /** @type {HTMLImageElement} */ (img).decode());
    pngs.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
  }
} finally {
  await browser.close();
}

const write = (name, data) => {
  writeFileSync(path.join(assets, name), data);
  console.log(`assets/${name} (${data.length} bytes)`);
};
mkdirSync(path.join(assets, 'icons'), { recursive: true });
write('icon.png', /** @type {Buffer} */ (pngs.get(1024)));
write('icon-512.png', /** @type {Buffer} */ (pngs.get(512)));
for (const size of LINUX_SIZES)
  write(`icons/${size}x${size}.png`, /** @type {Buffer} */ (pngs.get(size)));
write(
  'icon.ico',
  buildIco(new Map(ICO_SIZES.map((s) => [s, /** @type {Buffer} */ (pngs.get(s))]))),
);
write('icon.icns', buildIcns(pngs));
