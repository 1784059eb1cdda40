/** Timing and memory of a measured run; Strapi runs in this process, so its RSS is ours. */
import { readFileSync, writeFileSync } from 'node:fs';

export const rssMb = () => process.memoryUsage().rss / 2 ** 20;

/**
 * The kernel's high-water mark of this process's RSS, in MB, reset by `resetHighWaterMark`; null
 * where /proc does not offer it (not Linux).
 */
function highWaterMarkMb(): number | null {
  try {
    const line = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB$/m);
    return line ? Number(line[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Sets the high-water mark to the current RSS (Linux: `5` into clear_refs); false if it cannot. */
function resetHighWaterMark(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `work` and reports its peak RSS: the kernel's high-water mark over the run where Linux
 * keeps one, since a sampler cannot run while a synchronous call holds the event loop (one SQLite
 * statement merging a million rows); elsewhere RSS sampled every 50 ms and at the end.
 */
export async function measured<T>(work: () => Promise<T>) {
  const kernelPeak = resetHighWaterMark();
  let peak = rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    const sampled = Math.max(peak, rssMb());
    const peakRssMb = kernelPeak ? Math.max(sampled, highWaterMarkMb() ?? 0) : sampled;
    return { result, seconds, peakRssMb };
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
