// The QR encoder against the standard: a published Reed–Solomon vector, the format-information table,
// and a decoder written here from the spec (not from the encoder) that reads every version and mask
// back, checking each block's Reed–Solomon syndromes are zero.
import { MAX_VERSION, encodeQr, formatBits, rsRemainder } from '../../../src/components/qr-code/qr';

// GF(256) with 0x11D, built independently of the encoder.
const EXP: number[] = [];
const LOG: number[] = new Array(256).fill(0);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[(LOG[a] + LOG[b]) % 255]);

/** ISO/IEC 18004 Table 9, level M, versions 1–6: [EC codewords per block, blocks, data codewords per block]. */
const BLOCKS: Record<number, [number, number, number]> = { 1: [10, 1, 16], 2: [16, 1, 28], 3: [26, 1, 44], 4: [18, 2, 32], 5: [24, 2, 43], 6: [16, 4, 27] };
const ALIGN: Record<number, number> = { 2: 18, 3: 22, 4: 26, 5: 30, 6: 34 };
/** Table C.1 of the standard: format information for level M, masks 0–7. */
const FORMAT_M = ['101010000010010', '101000100100101', '101111001111100', '101101101001011', '100010111111001', '100000011001110', '100111110010111', '100101010100000'];
const MASK: Array<(i: number, j: number) => boolean> = [
  // i = row, j = column, as the standard writes them
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

function decode(m: boolean[][]): { text: string; mask: number; version: number } {
  const n = m.length;
  const version = (n - 17) / 4;
  // Finder patterns where the standard puts them.
  for (const [r0, c0] of [[0, 0], [0, n - 7], [n - 7, 0]]) {
    for (let r = 0; r < 7; r++) for (let c = 0; c < 7; c++) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      expect(m[r0 + r][c0 + c]).toBe(ring !== 2);
    }
  }
  // Format information, first copy: row 8 (columns 0–5, 7, 8) and column 8 (rows 7, 5–0), most significant bit first.
  const cells: Array<[number, number]> = [[8, 0], [8, 1], [8, 2], [8, 3], [8, 4], [8, 5], [8, 7], [8, 8], [7, 8], [5, 8], [4, 8], [3, 8], [2, 8], [1, 8], [0, 8]];
  const format = cells.map(([r, c]) => (m[r][c] ? '1' : '0')).join('');
  // Second copy: column 8 from the bottom (rows n-1 … n-7), then row 8 (columns n-8 … n-1).
  const second = [...Array.from({ length: 7 }, (_, k) => [n - 1 - k, 8]), ...Array.from({ length: 8 }, (_, k) => [8, n - 8 + k])].map(([r, c]) => (m[r][c] ? '1' : '0')).join('');
  expect(second).toBe(format);
  const mask = FORMAT_M.indexOf(format);
  expect(mask).toBeGreaterThanOrEqual(0);
  expect(m[n - 8][8]).toBe(true); // the dark module

  const reserved = (r: number, c: number) => {
    if ((r < 9 && c < 9) || (r < 9 && c >= n - 8) || (r >= n - 8 && c < 9)) return true; // finders, separators, format
    if (r === 6 || c === 6) return true; // timing
    const a = ALIGN[version];
    return !!a && Math.abs(r - a) <= 2 && Math.abs(c - a) <= 2;
  };
  const bits: number[] = [];
  for (let col = n - 1, up = true; col > 0; col -= 2, up = !up) {
    if (col === 6) col--;
    for (let k = 0; k < n; k++) {
      const r = up ? n - 1 - k : k;
      for (const c of [col, col - 1]) if (!reserved(r, c)) bits.push((m[r][c] ? 1 : 0) ^ (MASK[mask](r, c) ? 1 : 0));
    }
  }
  const [ec, blocks, data] = BLOCKS[version];
  const total = blocks * (data + ec);
  const codewords = Array.from({ length: total }, (_, i) => bits.slice(i * 8, i * 8 + 8).reduce((a, b) => (a << 1) | b, 0));
  // De-interleave and check every block is a Reed–Solomon codeword: C(α^i) = 0 for i < ec.
  const blockWords = Array.from({ length: blocks }, (_, b) => [
    ...Array.from({ length: data }, (_, i) => codewords[i * blocks + b]),
    ...Array.from({ length: ec }, (_, i) => codewords[data * blocks + i * blocks + b]),
  ]);
  for (const word of blockWords) {
    for (let i = 0; i < ec; i++) expect(word.reduce((acc, cw) => mul(acc, EXP[i]) ^ cw, 0)).toBe(0);
  }
  const stream = blockWords.flatMap((w) => w.slice(0, data)).flatMap((cw) => Array.from({ length: 8 }, (_, k) => (cw >> (7 - k)) & 1));
  const read = (at: number, len: number) => stream.slice(at, at + len).reduce((a, b) => (a << 1) | b, 0);
  expect(read(0, 4)).toBe(0b0100); // byte mode
  const count = read(4, 8);
  const bytes = Array.from({ length: count }, (_, i) => read(12 + i * 8, 8));
  return { text: Buffer.from(bytes).toString('utf8'), mask, version };
}

describe('Reed–Solomon', () => {
  it('gives the published EC codewords for HELLO WORLD at 1-M', () => {
    const data = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17];
    expect(rsRemainder(data, 10)).toEqual([196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
  });
});

describe('format information', () => {
  it('matches the standard’s table for level M and every mask', () => {
    for (let mask = 0; mask < 8; mask++) expect(formatBits(mask).toString(2).padStart(15, '0')).toBe(FORMAT_M[mask]);
  });
});

describe('encodeQr', () => {
  it('a redemption code fits version 1 (21×21) and reads back', () => {
    const qr = encodeQr('H8K2M4Q7R9T3');
    expect(qr).toMatchObject({ version: 1, size: 21 });
    expect(decode(qr.modules)).toMatchObject({ text: 'H8K2M4Q7R9T3', mask: qr.mask, version: 1 });
  });

  it('reads back with every mask', () => {
    for (let mask = 0; mask < 8; mask++) expect(decode(encodeQr('HELLO 友好街区', mask).modules)).toMatchObject({ text: 'HELLO 友好街区', mask });
  });

  it('grows to the smallest version that holds the text, up to version 6', () => {
    const capacity = [14, 26, 42, 62, 84, 106];
    capacity.forEach((bytes, i) => {
      for (const len of [bytes, bytes + 1]) {
        if (i + 1 === MAX_VERSION && len > bytes) continue;
        const text = 'A'.repeat(len - 3) + 'z9-';
        const qr = encodeQr(text);
        expect(qr.version).toBe(len > bytes ? i + 2 : i + 1);
        expect(decode(qr.modules).text).toBe(text);
      }
    });
    expect(() => encodeQr('x'.repeat(107))).toThrow(/too long/);
  });

  it('picks the mask with the lowest penalty, so the choice is not always mask 0', () => {
    const masks = new Set(['H8K2M4Q7R9T3', 'P3X7N2W8K5J4', 'ABCDEFGHJKMN', '0123456789AB', 'ZZZZZZZZZZZZ'].map((t) => encodeQr(t).mask));
    expect(masks.size).toBeGreaterThan(1);
  });
});
