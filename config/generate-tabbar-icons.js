// Generates the tab bar icons (81×81 PNG, grey and selected blue) into src/assets/tabbar/.
// Run by hand after changing a glyph: `node config/generate-tabbar-icons.js`. No dependencies: shapes are
// drawn as signed-distance functions, 4×4 supersampled, and written as PNG with node's zlib.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const SIZE = 81;
const OUT = path.join(__dirname, '..', 'src', 'assets', 'tabbar');
const COLORS = { normal: [61, 70, 84], active: [11, 92, 173] };

// Shape helpers in a 0..1 box; each returns true when the point is ink.
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const tri = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = s(ax, ay, bx, by), d2 = s(bx, by, cx, cy), d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const union = (...fs) => (x, y) => fs.some((f) => f(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);

const GLYPHS = {
  // house: roof + body with a door
  home: minus(union(tri(0.5, 0.12, 0.1, 0.48, 0.9, 0.48), rect(0.2, 0.45, 0.8, 0.86)), rect(0.42, 0.6, 0.58, 0.86)),
  // map pin
  map: minus(union(circle(0.5, 0.38, 0.28), tri(0.26, 0.5, 0.74, 0.5, 0.5, 0.92)), circle(0.5, 0.38, 0.11)),
  // camera
  snapshot: minus(union(rect(0.1, 0.3, 0.9, 0.82), rect(0.34, 0.18, 0.66, 0.32)), ring(0.5, 0.56, 0.15, 0.07)),
  // gift box: lid and body split by the ribbon (negative space), a bow of two loops on top
  points: minus(
    union(rect(0.17, 0.44, 0.83, 0.88), rect(0.1, 0.3, 0.9, 0.44), ring(0.38, 0.2, 0.09, 0.06), ring(0.62, 0.2, 0.09, 0.06)),
    union(rect(0.46, 0.3, 0.54, 0.88), rect(0.1, 0.44, 0.9, 0.49)),
  ),
  // person
  me: union(circle(0.5, 0.32, 0.17), minus(circle(0.5, 0.95, 0.4), rect(0, 0.93, 1, 1))),
};

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(shape, [r, g, b]) {
  const rows = [];
  const N = 4;
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4);
    for (let x = 0; x < SIZE; x++) {
      let hit = 0;
      for (let sy = 0; sy < N; sy++)
        for (let sx = 0; sx < N; sx++) if (shape((x + (sx + 0.5) / N) / SIZE, (y + (sy + 0.5) / N) / SIZE)) hit++;
      row.set([r, g, b, Math.round((255 * hit) / (N * N))], 1 + x * 4);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(GLYPHS)) {
  fs.writeFileSync(path.join(OUT, `${name}.png`), png(shape, COLORS.normal));
  fs.writeFileSync(path.join(OUT, `${name}-active.png`), png(shape, COLORS.active));
}
console.log(`wrote ${Object.keys(GLYPHS).length * 2} icons to ${path.relative(process.cwd(), OUT)}`);
