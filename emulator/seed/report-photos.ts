// Demo photos for seeded 随手拍 reports, drawn in code (no binary assets in the repository): simple
// street scenes — a pothole, a missing manhole cover with a cone, a dark street lamp, a garbage pile,
// blocked fire exit boxes, a faded crossing — and their "after" counterparts. Small PNGs, made once.
import { deflateSync } from 'node:zlib';

type RGB = [number, number, number];
const W = 360;
const H = 270;

class Canvas {
  readonly px = new Uint8Array(W * H * 3);
  private seed = 1;

  set(x: number, y: number, c: RGB): void {
    if (x < 0 || y < 0 || x >= W || y >= H) return;
    const i = (y * W + x) * 3;
    this.px[i] = c[0];
    this.px[i + 1] = c[1];
    this.px[i + 2] = c[2];
  }

  gradient(top: RGB, bottom: RGB, y0 = 0, y1 = H): this {
    for (let y = y0; y < y1; y++) {
      const t = (y - y0) / Math.max(1, y1 - y0 - 1);
      const c: RGB = [0, 1, 2].map((k) => Math.round(top[k] + (bottom[k] - top[k]) * t)) as RGB;
      for (let x = 0; x < W; x++) this.set(x, y, c);
    }
    return this;
  }

  rect(x0: number, y0: number, w: number, h: number, c: RGB): this {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(H, y0 + h); y++) for (let x = Math.max(0, Math.floor(x0)); x < Math.min(W, x0 + w); x++) this.set(x, y, c);
    return this;
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, c: RGB): this {
    for (let y = Math.floor(cy - ry); y <= cy + ry; y++) {
      for (let x = Math.floor(cx - rx); x <= cx + rx; x++) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1) this.set(x, y, c);
      }
    }
    return this;
  }

  /** A triangle with its apex up: cones, roofs. */
  cone(cx: number, top: number, bottom: number, half: number, c: RGB): this {
    for (let y = top; y < bottom; y++) {
      const w = (half * (y - top)) / (bottom - top);
      for (let x = Math.floor(cx - w); x <= cx + w; x++) this.set(x, y, c);
    }
    return this;
  }

  /** Low-amplitude grain so flat areas read as asphalt or concrete (deterministic). */
  grain(amount: number, y0 = 0, y1 = H): this {
    for (let y = y0; y < y1; y++) {
      for (let x = 0; x < W; x++) {
        this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
        const d = ((this.seed >> 16) % (amount * 2 + 1)) - amount;
        const i = (y * W + x) * 3;
        for (let k = 0; k < 3; k++) this.px[i + k] = Math.max(0, Math.min(255, this.px[i + k] + d));
      }
    }
    return this;
  }

  png(): Buffer {
    const raw = Buffer.alloc((W * 3 + 1) * H);
    for (let y = 0; y < H; y++) {
      raw[y * (W * 3 + 1)] = 0;
      Buffer.from(this.px.buffer, y * W * 3, W * 3).copy(raw, y * (W * 3 + 1) + 1);
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(W, 0);
    ihdr.writeUInt32BE(H, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // RGB
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

const ASPHALT: RGB = [92, 96, 104];
const SIDEWALK: RGB = [176, 170, 160];
const SKY: RGB = [150, 190, 230];

function street(c: Canvas): Canvas {
  c.gradient(SKY, [205, 225, 240], 0, 70);
  c.rect(0, 40, W, 30, [120, 140, 120]); // distant trees
  c.rect(0, 70, W, 40, SIDEWALK).grain(6, 70, 110);
  c.rect(0, 110, W, H - 110, ASPHALT).grain(8, 110, H);
  return c;
}

const SCENES: Record<string, () => Canvas> = {
  road_damage: () => {
    const c = street(new Canvas());
    for (let x = 10; x < W; x += 80) c.rect(x, 180, 45, 8, [230, 190, 40]);
    c.ellipse(190, 215, 78, 34, [70, 66, 60]).ellipse(190, 218, 62, 24, [40, 38, 36]).ellipse(175, 222, 20, 7, [90, 110, 130]);
    return c;
  },
  road_damage_fixed: () => {
    const c = street(new Canvas());
    for (let x = 10; x < W; x += 80) c.rect(x, 180, 45, 8, [230, 190, 40]);
    c.rect(105, 185, 170, 62, [45, 47, 52]).grain(4, 185, 247);
    return c;
  },
  manhole: () => {
    const c = street(new Canvas());
    c.ellipse(170, 200, 55, 24, [25, 25, 28]).ellipse(170, 196, 45, 17, [10, 10, 12]);
    c.cone(280, 130, 235, 32, [240, 110, 20]).rect(262, 170, 36, 10, [250, 250, 250]).rect(256, 200, 48, 10, [250, 250, 250]).rect(245, 232, 70, 8, [40, 40, 40]);
    return c;
  },
  manhole_fixed: () => {
    const c = street(new Canvas());
    c.ellipse(170, 200, 55, 24, [70, 72, 78]).ellipse(170, 200, 48, 19, [110, 112, 118]);
    for (let k = -40; k <= 40; k += 10) c.rect(170 + k, 184, 3, 33, [80, 82, 88]);
    return c;
  },
  streetlight: () => {
    const c = new Canvas().gradient([20, 30, 70], [200, 110, 60], 0, 170);
    c.rect(0, 170, W, H - 170, [60, 62, 70]).grain(6, 170, H);
    c.rect(120, 50, 12, 200, [50, 52, 58]).rect(120, 50, 90, 10, [50, 52, 58]).ellipse(205, 66, 22, 9, [90, 92, 96]);
    return c;
  },
  streetlight_fixed: () => {
    const c = new Canvas().gradient([20, 30, 70], [60, 60, 110], 0, 170);
    c.rect(0, 170, W, H - 170, [60, 62, 70]).grain(6, 170, H);
    c.ellipse(205, 130, 70, 40, [120, 110, 70]);
    c.rect(120, 50, 12, 200, [50, 52, 58]).rect(120, 50, 90, 10, [50, 52, 58]).ellipse(205, 66, 22, 9, [255, 240, 170]);
    return c;
  },
  occupation: () => {
    const c = street(new Canvas());
    c.rect(60, 60, 160, 22, [200, 40, 40]).rect(70, 82, 6, 70, [80, 80, 80]).rect(204, 82, 6, 70, [80, 80, 80]).rect(60, 110, 160, 40, [150, 110, 70]);
    c.ellipse(100, 105, 14, 8, [240, 200, 60]).ellipse(140, 105, 14, 8, [100, 180, 80]).ellipse(180, 105, 14, 8, [230, 120, 60]);
    c.rect(230, 150, 100, 45, [30, 90, 160]).rect(240, 130, 70, 25, [30, 90, 160]).ellipse(250, 198, 12, 12, [20, 20, 20]).ellipse(315, 198, 12, 12, [20, 20, 20]);
    return c;
  },
  garbage: () => {
    const c = new Canvas().gradient([200, 196, 188], [170, 166, 158], 0, 150).grain(5, 0, 150);
    c.rect(0, 150, W, H - 150, SIDEWALK).grain(7, 150, H);
    c.ellipse(110, 190, 50, 38, [30, 30, 34]).ellipse(170, 200, 44, 34, [40, 120, 60]).ellipse(230, 185, 48, 40, [230, 230, 225]).ellipse(150, 160, 36, 28, [35, 35, 40]).ellipse(270, 215, 30, 20, [160, 110, 60]);
    return c;
  },
  garbage_fixed: () => new Canvas().gradient([200, 196, 188], [170, 166, 158], 0, 150).grain(5, 0, 150).rect(0, 150, W, H - 150, SIDEWALK).grain(7, 150, H),
  fire_hazard: () => {
    const c = new Canvas().gradient([225, 215, 190], [205, 195, 170], 0, 200);
    c.rect(0, 200, W, H - 200, [150, 140, 125]);
    c.rect(150, 40, 60, 26, [30, 150, 70]).rect(160, 48, 40, 10, [240, 250, 240]);
    for (const [x, y, w, h] of [[40, 140, 90, 60], [60, 90, 70, 50], [140, 150, 100, 70], [240, 120, 80, 90], [250, 70, 60, 50]]) c.rect(x, y, w, h, [170, 120, 70]).rect(x, y + h / 2 - 3, w, 6, [200, 160, 100]);
    return c;
  },
  fire_hazard_fixed: () => {
    const c = new Canvas().gradient([225, 215, 190], [205, 195, 170], 0, 200);
    c.rect(0, 200, W, H - 200, [150, 140, 125]).rect(150, 40, 60, 26, [30, 150, 70]).rect(160, 48, 40, 10, [240, 250, 240]);
    return c;
  },
  traffic_hazard: () => {
    const c = street(new Canvas());
    for (let x = 20; x < W; x += 55) c.rect(x, 130, 30, H - 130, [150, 152, 150]);
    return c;
  },
  traffic_hazard_fixed: () => {
    const c = street(new Canvas());
    for (let x = 20; x < W; x += 55) c.rect(x, 130, 30, H - 130, [245, 245, 240]);
    return c;
  },
  facility: () => {
    const c = new Canvas().gradient(SKY, [210, 230, 240], 0, 120);
    c.rect(0, 120, W, H - 120, SIDEWALK).grain(6, 120, H);
    c.rect(60, 60, 8, 150, [80, 80, 90]).rect(290, 60, 8, 150, [80, 80, 90]).rect(55, 55, 250, 12, [40, 110, 170]);
    c.rect(90, 170, 80, 12, [140, 90, 50]).rect(200, 180, 80, 12, [140, 90, 50]).rect(185, 195, 30, 8, [110, 70, 40]);
    return c;
  },
  facility_fixed: () => {
    const c = new Canvas().gradient(SKY, [210, 230, 240], 0, 120);
    c.rect(0, 120, W, H - 120, SIDEWALK).grain(6, 120, H);
    c.rect(60, 60, 8, 150, [80, 80, 90]).rect(290, 60, 8, 150, [80, 80, 90]).rect(55, 55, 250, 12, [40, 110, 170]).rect(90, 170, 190, 12, [160, 105, 60]);
    return c;
  },
  volunteer: () => {
    const c = street(new Canvas());
    c.ellipse(180, 80, 18, 20, [230, 190, 160]).rect(158, 100, 44, 70, [250, 200, 30]).rect(158, 128, 44, 8, [220, 220, 220]).rect(162, 170, 14, 60, [40, 50, 80]).rect(184, 170, 14, 60, [40, 50, 80]);
    c.rect(202, 110, 40, 8, [250, 200, 30]).rect(236, 96, 6, 40, [200, 40, 40]);
    return c;
  },
  place_feedback: () => {
    const c = street(new Canvas());
    c.rect(40, 20, 280, 100, [230, 225, 215]).rect(40, 20, 280, 24, [190, 40, 40]).rect(70, 60, 80, 60, [120, 160, 200]).rect(210, 60, 80, 60, [120, 160, 200]);
    return c;
  },
};

const cache = new Map<string, Buffer>();

/** The PNG for a scene (`road_damage`, `road_damage_fixed`, …); falls back to a plain street. */
export function scenePng(scene: string): Buffer {
  const hit = cache.get(scene);
  if (hit) return hit;
  const png = (SCENES[scene] ?? (() => street(new Canvas())))().png();
  cache.set(scene, png);
  return png;
}

export const SCENE_NAMES = Object.keys(SCENES);
