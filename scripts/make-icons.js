#!/usr/bin/env node
// Makes the packaged icons from resources/icon.svg: icon.png (512 px, Linux), icon.ico (Windows)
// and icon.icns (macOS). Chromium renders the SVG; .ico and .icns are containers that hold PNG
// data directly (Windows Vista+ and macOS 10.7+ read PNG entries), so no image library is needed.
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const svg = readFileSync('resources/icon.svg', 'utf8');

async function render(size) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  const png = await page.screenshot({ omitBackground: true });
  await browser.close();
  return png;
}

function ico(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)]);
}

function icns(entries) {
  const chunks = entries.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const sizes = [16, 32, 48, 256, 512, 1024];
const png = Object.fromEntries(await Promise.all(sizes.map(async (s) => [s, await render(s)])));
writeFileSync('resources/icon.png', png[512]);
writeFileSync(
  'resources/icon.ico',
  ico([16, 32, 48, 256].map((size) => ({ size, data: png[size] }))),
);
writeFileSync(
  'resources/icon.icns',
  icns([
    { type: 'icp4', data: png[16] },
    { type: 'icp5', data: png[32] },
    { type: 'ic08', data: png[256] },
    { type: 'ic09', data: png[512] },
    { type: 'ic10', data: png[1024] },
  ]),
);
console.log('resources/icon.png, icon.ico, icon.icns written');
