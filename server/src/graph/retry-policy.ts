/**
 * The one place that decides which failed Graph requests are tried again, and when.
 *
 * - 429 and 503 with Retry-After: wait exactly that long, and pause the whole tenant meanwhile.
 * - 429/503 without it, 500, 502, 504, connection resets and timeouts: exponential backoff with
 *   full jitter (as Microsoft and rclone advise), bounded.
 * - Anything else (4xx, 410 resync, 507 quota) is an answer, not a hiccup: returned at once.
 * Requests whose body cannot be replayed (streams) are never retried here; their callers resume.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { networkFailureOf, wrapForGraphSdk } from './errors';
import type { ThrottleGate } from './throttle-gate';

export interface GraphMetrics {
  /** HTTP requests sent to Graph, retries included. */
  requests: number;
  /** Waits imposed by Retry-After or backoff. */
  throttledWaits: number;
}

export interface RetryPolicyOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails as throttled. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 10 * 60_000,
};

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);
const THROTTLE_STATUSES = new Set([429, 503]);

export const backoffDelay = (attempt: number, { baseDelayMs, maxDelayMs }: RetryPolicyOptions) =>
  Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);

/** Retry-After in seconds (the form Graph sends) or as an HTTP date. */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const isReplayable = (context: Context) => {
  const body = context.options?.body as unknown;
  return (
    body === undefined ||
    body === null ||
    typeof body === 'string' ||
    body instanceof Uint8Array ||
    body instanceof ArrayBuffer ||
    body instanceof URLSearchParams
  );
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RetryPolicyMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly gate: ThrottleGate,
    private readonly metrics: GraphMetrics,
    private readonly options: RetryPolicyOptions = DEFAULT_RETRY_POLICY
  ) {}

  setNext(next: Middleware) {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const replayable = isReplayable(context);
    for (let attempt = 0; ; attempt += 1) {
      if (await this.gate.wait()) this.metrics.throttledWaits += 1;
      this.metrics.requests += 1;
      const lastAttempt = !replayable || attempt + 1 >= this.options.maxAttempts;
      try {
        await this.next!.execute(context);
      } catch (error) {
        if (!networkFailureOf(error)) throw error;
        // Rewrapped so the failure's meaning (timeout, unreachable) survives the SDK's GraphError.
        if (lastAttempt) throw wrapForGraphSdk(error, 'connect');
        await this.backoff(attempt);
        continue;
      }
      const response = context.response;
      if (!response || !RETRIED_STATUSES.has(response.status) || lastAttempt) return;

      const retryAfter = THROTTLE_STATUSES.has(response.status)
        ? retryAfterMs(response.headers.get('retry-after'))
        : undefined;
      if (retryAfter !== undefined) {
        if (retryAfter > this.options.maxRetryAfterMs) return;
        // Pause the tenant, not just this request: the next loop turn waits at the gate.
        this.gate.pause(retryAfter);
      } else {
        await this.backoff(attempt);
      }
    }
  }

  private async backoff(attempt: number) {
    this.metrics.throttledWaits += 1;
    await sleep(backoffDelay(attempt, this.options));
  }
}
