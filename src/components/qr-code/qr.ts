/**
 * A small QR Code encoder (ISO/IEC 18004): byte mode, error correction level M, versions 1–6
 * (up to 106 bytes — a redemption code is 12), with the mask chosen by the standard penalty rules.
 * Pure TypeScript with no dependencies, so it runs the same on weapp and H5. The structure follows
 * Project Nayuki's reference implementation (MIT), cut down to what the app needs.
 */

/** Per version (index 0 = version 1), level M: EC codewords per block, number of blocks, data codewords per block. */
const M_BLOCKS: ReadonlyArray<{ ec: number; blocks: number; data: number }> = [
  { ec: 10, blocks: 1, data: 16 },
  { ec: 16, blocks: 1, data: 28 },
  { ec: 26, blocks: 1, data: 44 },
  { ec: 18, blocks: 2, data: 32 },
  { ec: 24, blocks: 2, data: 43 },
  { ec: 16, blocks: 4, data: 27 },
];
export const MAX_VERSION = M_BLOCKS.length;
/** Alignment pattern centre (row and column) for versions 2–6; version 1 has none. */
const ALIGN = [0, 18, 22, 26, 30, 34];

export interface QrMatrix {
  version: number;
  size: number;
  mask: number;
  /** modules[y][x]: true = dark. */
  modules: boolean[][];
}

/** UTF-8 bytes without TextEncoder (not on every mini-program runtime). */
export function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

// ---- Reed–Solomon over GF(2^8) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 ----

export function gfMultiply(x: number, y: number): number {
  let z = 0;
  for (let i = 7; i >= 0; i--) {
    z = (z << 1) ^ ((z >>> 7) * 0x11d);
    z ^= ((y >>> i) & 1) * x;
  }
  return z & 0xff;
}

/** Coefficients of the generator polynomial of the given degree, highest first, leading 1 dropped. */
function rsDivisor(degree: number): number[] {
  const result: number[] = new Array(degree - 1).fill(0);
  result.push(1);
  let root = 1;
  for (let i = 0; i < degree; i++) {
    for (let j = 0; j < result.length; j++) {
      result[j] = gfMultiply(result[j], root);
      if (j + 1 < result.length) result[j] ^= result[j + 1];
    }
    root = gfMultiply(root, 0x02);
  }
  return result;
}

/** The error-correction codewords for one block of data codewords. */
export function rsRemainder(data: readonly number[], degree: number): number[] {
  const divisor = rsDivisor(degree);
  const result: number[] = divisor.map(() => 0);
  for (const b of data) {
    const factor = b ^ (result.shift() as number);
    result.push(0);
    divisor.forEach((coef, i) => {
      result[i] ^= gfMultiply(coef, factor);
    });
  }
  return result;
}

// ---- Format information ----

/** The 15 format bits for level M (bits 00) and a mask, BCH-protected and XOR-masked as the standard says. */
export function formatBits(mask: number): number {
  const data = (0b00 << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

// ---- Data codewords ----

function dataCodewords(bytes: number[], version: number): number[] {
  const { blocks, data } = M_BLOCKS[version - 1];
  const capacityBits = blocks * data * 8;
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4); // byte mode
  put(bytes.length, 8); // character count: 8 bits for versions 1–9
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacityBits - bits.length)); // terminator
  put(0, (8 - (bits.length % 8)) % 8);
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; out.length < blocks * data; pad ^= 0xec ^ 0x11) out.push(pad);
  return out;
}

/** Splits into blocks, adds each block's EC codewords, and interleaves them as the symbol stores them. */
function interleave(codewords: number[], version: number): number[] {
  const { ec, blocks, data } = M_BLOCKS[version - 1];
  const parts: Array<{ data: number[]; ec: number[] }> = [];
  for (let b = 0; b < blocks; b++) {
    const d = codewords.slice(b * data, (b + 1) * data);
    parts.push({ data: d, ec: rsRemainder(d, ec) });
  }
  const out: number[] = [];
  for (let i = 0; i < data; i++) for (const p of parts) out.push(p.data[i]);
  for (let i = 0; i < ec; i++) for (const p of parts) out.push(p.ec[i]);
  return out;
}

// ---- The matrix ----

export const MASKS: ReadonlyArray<(x: number, y: number) => boolean> = [
  (x, y) => (x + y) % 2 === 0,
  (_x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

class Builder {
  readonly size: number;
  readonly modules: boolean[][];
  readonly isFunction: boolean[][];

  constructor(readonly version: number) {
    this.size = version * 4 + 17;
    this.modules = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
    this.isFunction = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
    this.drawFunctionPatterns();
  }

  private set(x: number, y: number, dark: boolean): void {
    this.modules[y][x] = dark;
    this.isFunction[y][x] = true;
  }

  private drawFunctionPatterns(): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    this.drawFinder(3, 3);
    this.drawFinder(n - 4, 3);
    this.drawFinder(3, n - 4);
    if (this.version > 1) {
      const c = ALIGN[this.version - 1];
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) this.set(c + dx, c + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }
    // Reserve the format areas (drawn for real once the mask is known).
    this.drawFormat(0);
  }

  /** A finder pattern centred at (cx, cy), with its light separator ring, clipped to the symbol. */
  private drawFinder(cx: number, cy: number): void {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || x >= this.size || y < 0 || y >= this.size) continue;
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        this.set(x, y, d !== 2 && d !== 4);
      }
    }
  }

  drawFormat(mask: number): void {
    const bits = formatBits(mask);
    const bit = (i: number) => ((bits >>> i) & 1) === 1;
    const n = this.size;
    for (let i = 0; i <= 5; i++) this.set(8, i, bit(i));
    this.set(8, 7, bit(6));
    this.set(8, 8, bit(7));
    this.set(7, 8, bit(8));
    for (let i = 9; i < 15; i++) this.set(14 - i, 8, bit(i));
    for (let i = 0; i < 8; i++) this.set(n - 1 - i, 8, bit(i));
    for (let i = 8; i < 15; i++) this.set(8, n - 15 + i, bit(i));
    this.set(8, n - 8, true); // the dark module
  }

  /** Codeword bits in the zigzag of two-module columns, right to left, skipping function modules. */
  drawCodewords(data: number[]): void {
    let i = 0;
    const n = this.size;
    for (let right = n - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5; // the vertical timing pattern
      for (let vert = 0; vert < n; vert++) {
        for (let j = 0; j < 2; j++) {
          const x = right - j;
          const upward = ((right + 1) & 2) === 0;
          const y = upward ? n - 1 - vert : vert;
          if (!this.isFunction[y][x] && i < data.length * 8) {
            this.modules[y][x] = ((data[i >>> 3] >>> (7 - (i & 7))) & 1) === 1;
            i++;
          }
          // Remainder bits stay light (false).
        }
      }
    }
  }

  applyMask(mask: number): void {
    const f = MASKS[mask];
    for (let y = 0; y < this.size; y++) for (let x = 0; x < this.size; x++) if (!this.isFunction[y][x] && f(x, y)) this.modules[y][x] = !this.modules[y][x];
  }
}

/** The standard's four penalty rules; the mask with the lowest score is used. */
export function penalty(m: boolean[][]): number {
  const n = m.length;
  let score = 0;
  const line = (get: (i: number, j: number) => boolean) => {
    for (let i = 0; i < n; i++) {
      let run = 1;
      for (let j = 1; j <= n; j++) {
        if (j < n && get(i, j) === get(i, j - 1)) run++;
        else {
          if (run >= 5) score += 3 + (run - 5);
          run = 1;
        }
      }
      // 1:1:3:1:1 finder look-alikes with four light modules on one side.
      for (let j = 0; j + 10 < n; j++) {
        const seq = Array.from({ length: 11 }, (_, k) => get(i, j + k));
        const a = [true, false, true, true, true, false, true, false, false, false, false];
        const b = [false, false, false, false, true, false, true, true, true, false, true];
        if (seq.every((v, k) => v === a[k]) || seq.every((v, k) => v === b[k])) score += 40;
      }
    }
  };
  line((i, j) => m[i][j]);
  line((i, j) => m[j][i]);
  for (let y = 0; y + 1 < n; y++) for (let x = 0; x + 1 < n; x++) if (m[y][x] === m[y][x + 1] && m[y][x] === m[y + 1][x] && m[y][x] === m[y + 1][x + 1]) score += 3;
  const dark = m.reduce((s, row) => s + row.filter(Boolean).length, 0);
  const total = n * n;
  score += 10 * (Math.ceil(Math.abs(dark * 20 - total * 10) / total) - 1);
  return score;
}

/** The smallest version (1–6) that holds the text at level M, with the best mask (or the one asked for). */
export function encodeQr(text: string, forceMask?: number): QrMatrix {
  const bytes = utf8(text);
  let version = 1;
  while (version <= MAX_VERSION && 12 + bytes.length * 8 > M_BLOCKS[version - 1].blocks * M_BLOCKS[version - 1].data * 8) version++;
  if (version > MAX_VERSION) throw new Error(`text too long for a version ${MAX_VERSION} QR code: ${bytes.length} bytes`);
  const codewords = interleave(dataCodewords(bytes, version), version);

  let best: QrMatrix | null = null;
  let bestScore = Infinity;
  for (let mask = 0; mask < MASKS.length; mask++) {
    if (forceMask !== undefined && mask !== forceMask) continue;
    const b = new Builder(version);
    b.drawCodewords(codewords);
    b.applyMask(mask);
    b.drawFormat(mask);
    const score = forceMask !== undefined ? 0 : penalty(b.modules);
    if (score < bestScore) {
      bestScore = score;
      best = { version, size: b.size, mask, modules: b.modules };
    }
  }
  return best!;
}
