/** Timing and memory of a measured run; Strapi runs in this process, so its RSS is ours. */

export const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/** Runs `work`, sampling RSS every 50 ms (and at the end) for the peak. */
export async function measured<T>(work: () => Promise<T>) {
  let peak = rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    return { result, seconds, peakRssMb: Math.max(peak, rssMb()) };
  } finally {
    clearInterval(timer);
  }
}

/** The value below which `fraction` of the samples lie (nearest rank). */
export function percentile(samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1];
}

export const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Prints the result: the last stdout line starting with `{` is what tools read. A result that
 * states its targets and misses one (`pass: false`) makes the run exit non-zero.
 */
export const report = (result: Record<string, unknown>) => {
  console.log(JSON.stringify(result));
  if (result.pass === false) process.exitCode = 1;
};

export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
