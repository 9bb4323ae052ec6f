/** Small statistics over timings: percentiles of one run, the median of several runs. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: p95 of 500 samples is the 475th value, a value that was really measured.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: number[]): number => percentile(values, 50);

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const now = (): number => performance.now();

/** Runs `measure` `runs` times and takes the median of each figure it returns. */
export async function medianOf<T extends Record<string, number>>(runs: number, measure: (run: number) => Promise<T>): Promise<T & { runs: number }> {
  const all: T[] = [];
  for (let run = 0; run < runs; run++) all.push(await measure(run));
  const result: Record<string, number> = { runs };
  for (const key of Object.keys(all[0])) result[key] = median(all.map((r) => r[key]));
  return result as T & { runs: number };
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
