// Shared by the benchmarks: percentiles and a timed call loop through the gateway.

/** The p-th percentile (nearest rank) of the values; sorts a copy. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;

/** Milliseconds `fn` took. */
export async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const out = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, out];
}

/** The rows of the summary table `npm run bench` prints at the end (issue figures, one line each). */
export const summary: Array<{ figure: string; measured: string }> = [];
export function row(figure: string, measured: string): void {
  summary.push({ figure, measured });
}

/** What the figures were measured on. */
export function machine(): string {
  const os = require('node:os') as typeof import('node:os');
  const cpus = os.cpus();
  const model = cpus[0]?.model?.trim() ?? 'unknown CPU';
  return `${model}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}
