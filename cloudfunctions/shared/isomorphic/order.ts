/**
 * The order people expect of numbered names: 荷城一网格, 荷城二网格, 荷城三网格 … 荷城十网格, and
 * 第9网格 before 第10网格. A plain localeCompare sorts Chinese numerals by their pinyin (二 èr before
 * 三 sān before 一 yī) and digits as text (10 before 9); here a run of numerals, Chinese or Arabic,
 * compares by its value and the rest of the name as Chinese text.
 */

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const NUMERAL_RUN = /[0-9]+|[零〇一二两三四五六七八九十百千]+/;

/** 十二 → 12, 二十 → 20, 一百零五 → 105, 三 → 3; digits as written (〇五 → 5). */
function chineseValue(run: string): number {
  if (![...run].some((c) => c in UNITS)) return Number([...run].map((c) => DIGITS[c]).join(''));
  let total = 0;
  let digit = 0;
  for (const c of run) {
    if (c in UNITS) {
      total += (digit || 1) * UNITS[c];
      digit = 0;
    } else digit = DIGITS[c];
  }
  return total + digit;
}

type Part = string | number;

function parts(name: string): Part[] {
  const out: Part[] = [];
  const run = new RegExp(NUMERAL_RUN.source, 'g');
  let last = 0;
  // exec rather than matchAll: older phones' mini-program runtimes lack it.
  for (let m = run.exec(name); m; m = run.exec(name)) {
    if (m.index > last) out.push(name.slice(last, m.index));
    out.push(/[0-9]/.test(m[0]) ? Number(m[0]) : chineseValue(m[0]));
    last = m.index + m[0].length;
  }
  if (last < name.length) out.push(name.slice(last));
  return out;
}

/** Compares two names part by part: numbers by value, text as Chinese; a number comes before text. */
export function naturalCompare(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y;
    } else if (typeof x === 'number' || typeof y === 'number') {
      return typeof x === 'number' ? -1 : 1;
    } else {
      const c = x.localeCompare(y, 'zh');
      if (c !== 0) return c;
    }
  }
  return pa.length - pb.length || a.localeCompare(b, 'zh');
}
