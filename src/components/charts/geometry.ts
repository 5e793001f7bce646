// Pure layout of the CSS charts: where dots, segments and bars go, as percentages of a plot box of
// known proportions. No canvas and no chart library: Views positioned absolutely work the same on
// weapp and H5 and cost a few hundred bytes.

/** The line chart's plot box in design px (750 wide); index.css gives .yh-line__plot the same size. */
export const PLOT_W = 560;
export const PLOT_H = 240;

/** A "nice" axis maximum ≥ the data max: 1, 2, 2.5 or 5 × a power of ten (never 0). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

export interface Dot {
  /** Percent of the plot width from the left. */
  x: number;
  /** Percent of the plot height from the top. */
  y: number;
  value: number;
}

export interface Segment {
  /** Start, in percent of the plot box. */
  x: number;
  y: number;
  /** Length as a percent of the plot width (the View's width). */
  length: number;
  /** Rotation in degrees, clockwise (CSS), about the segment's left end. */
  angle: number;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Dots of one series across the plot: the first value at the left edge, the last at the right (a
 * single value sits in the middle); 0 at the bottom, `max` at the top.
 */
export function lineDots(values: number[], max: number): Dot[] {
  const n = values.length;
  return values.map((value, i) => ({
    x: round(n === 1 ? 50 : (i / (n - 1)) * 100),
    y: round(100 - (Math.min(Math.max(value, 0), max) / max) * 100),
    value,
  }));
}

/**
 * The segments joining consecutive dots. Percentages of a non-square box are not isotropic, so
 * length and angle are worked out in design px and the length given back relative to the width.
 */
export function lineSegments(dots: Dot[], w = PLOT_W, h = PLOT_H): Segment[] {
  const out: Segment[] = [];
  for (let i = 1; i < dots.length; i++) {
    const a = dots[i - 1];
    const b = dots[i];
    const dx = ((b.x - a.x) / 100) * w;
    const dy = ((b.y - a.y) / 100) * h;
    out.push({ x: a.x, y: a.y, length: round((Math.hypot(dx, dy) / w) * 100), angle: round((Math.atan2(dy, dx) * 180) / Math.PI) });
  }
  return out;
}

/** Bar widths in percent of the longest possible bar; a non-zero value always shows a sliver. */
export function barWidths(values: number[], max = Math.max(0, ...values)): number[] {
  if (!(max > 0)) return values.map(() => 0);
  return values.map((v) => (v > 0 ? Math.max(round((Math.min(v, max) / max) * 100), 1) : 0));
}

/** Which x labels to print so they never overlap: about `room` of them, always the last one. */
export function labelEvery(n: number, room = 6): number {
  return Math.max(1, Math.ceil(n / room));
}
