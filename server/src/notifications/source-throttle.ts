/**
 * Which sources (client IPs) to answer 429: those that sent at least `limit` notification POSTs
 * matching no subscription within the last `windowMs` (a sliding window: the timestamps of the
 * latest `limit` such POSTs are kept per source, so memory stays bounded however long a flood
 * lasts). Only the sources most recently heard from are remembered (`maxSources`), so a flood
 * from many addresses cannot grow it either.
 *
 * Whether a throttled source's POST is refused is the caller's decision: one carrying an entry that
 * matches a subscription is accepted all the same.
 */
export function createSourceThrottle({
  limit,
  windowMs,
  maxSources,
  now = Date.now,
}: {
  limit: number;
  windowMs: number;
  maxSources: number;
  now?: () => number;
}) {
  /** Per source, the times of its latest unmatched POSTs, oldest first (at most `limit`). */
  const recent = new Map<string, number[]>();

  const withinWindow = (source: string) => {
    const since = now() - windowMs;
    const times = (recent.get(source) ?? []).filter((time) => time > since);
    return times;
  };

  return {
    isThrottled(source: string): boolean {
      return withinWindow(source).length >= limit;
    },

    /** Seconds until the source falls under the limit again (a Retry-After). */
    retryAfterSeconds(source: string): number {
      const [oldest] = withinWindow(source);
      return oldest === undefined ? 0 : Math.max(1, Math.ceil((oldest + windowMs - now()) / 1000));
    },

    /** The source sent a POST in which no entry matched. */
    recordUnmatched(source: string) {
      const times = withinWindow(source);
      times.push(now());
      // Re-inserted, so the map's order is least recently heard from first.
      recent.delete(source);
      recent.set(source, times.slice(-limit));
      if (recent.size > maxSources) recent.delete(recent.keys().next().value!);
    },

    stats: () => ({ sources: recent.size }),
  };
}

export type SourceThrottle = ReturnType<typeof createSourceThrottle>;
