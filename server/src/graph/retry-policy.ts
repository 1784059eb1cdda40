/**
 * The one place that decides which failed Graph requests are tried again, and when.
 *
 * - Before each attempt: the tenant's pacer (./pacing) lets it leave when the tenant's resource-unit
 *   budget has room for what it costs and no Retry-After pauses the tenant.
 * - 429 and 503 with Retry-After: wait exactly that long, and pause the whole tenant meanwhile (on
 *   every instance sharing the pacer's store).
 * - 429/503 without it, 500, 502, 504, connection resets and timeouts: exponential backoff with
 *   full jitter (as Microsoft and rclone advise), bounded.
 * - 401: Graph refused a token msal still holds as valid (revoked, a continuous access evaluation
 *   event). Sent once more with a fresh token past msal's cache, carrying the claims of a claims
 *   challenge when Graph sent one; a second 401 is the answer (authentication failed).
 * - Anything else (4xx, 410 resync, 507 quota) is an answer, not a hiccup: returned at once.
 * Requests whose body cannot be replayed (streams) are never retried here; their callers resume.
 * Token requests to Entra ID follow the same policy through `withRetryPolicy` (msal's network
 * module), so msal itself only ever sees their last answer.
 * Graph SDK requests follow it through `RetryPolicyMiddleware`; requests that cannot go through the
 * SDK (upload session URLs, which must not carry a token) through `withRetryPolicy`.
 */
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { networkFailureOf, wrapForGraphSdk } from './errors';
import { resourceUnitCost } from './pacing/costs';
import type { Pacer } from './pacing/pacer';
import { tokenRequestAfter401, type TokenRequest } from './token-source';

/**
 * Puts an access token on a request (Graph's own host only), from msal's cache unless `request`
 * asks for a fresh one.
 */
export type Authorize = (context: Context, request: TokenRequest) => Promise<void>;

export interface GraphMetrics {
  /** HTTP requests sent to Graph, retries included. */
  requests: number;
  /** Waits imposed by Retry-After (this request's, or one pausing its tenant) or backoff. */
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

/** Full jitter: anywhere up to base * 2^attempt (attempt 0 is the first retry), capped. */
export const backoffDelay = (
  attempt: number,
  { baseDelayMs, maxDelayMs }: Pick<RetryPolicyOptions, 'baseDelayMs' | 'maxDelayMs'>
) => Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);

/** Retry-After in seconds (the form Graph sends) or as an HTTP date. */
export function retryAfterMs(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * What an HTTP answer calls for: returning it, waiting its Retry-After, or backing off.
 * A Retry-After longer than the policy's limit makes the answer final (failed as throttled).
 */
export type RetryDecision =
  { kind: 'answer' } | { kind: 'retryAfter'; ms: number } | { kind: 'backoff' };

export function retryDecision(
  status: number,
  retryAfterHeader: string | null | undefined,
  options: RetryPolicyOptions
): RetryDecision {
  if (!RETRIED_STATUSES.has(status)) return { kind: 'answer' };
  const retryAfter = THROTTLE_STATUSES.has(status)
    ? retryAfterMs(retryAfterHeader ?? null)
    : undefined;
  if (retryAfter === undefined) return { kind: 'backoff' };
  return retryAfter > options.maxRetryAfterMs
    ? { kind: 'answer' }
    : { kind: 'retryAfter', ms: retryAfter };
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

/** Where a client's requests are paced, and how they queue there. */
export interface Pacing {
  pacer: Pacer;
  /** Graph's host: requests to other hosts (pre-authenticated URLs) cost no resource units. */
  graphHost: string;
  /** Background work (sync) queues behind user-facing requests. */
  background: boolean;
}

const urlOf = (context: Context) =>
  typeof context.request === 'string' ? context.request : context.request.url;

export class RetryPolicyMiddleware implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly pacing: Pacing,
    private readonly metrics: GraphMetrics,
    private readonly authorize: Authorize,
    private readonly options: RetryPolicyOptions = DEFAULT_RETRY_POLICY
  ) {}

  setNext(next: Middleware) {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const replayable = isReplayable(context);
    // After a 401: what the next attempt asks of the token source (later ones get msal's cache,
    // which then holds the fresh token).
    let tokenRequest: TokenRequest = {};
    let refreshedAfter401 = false;
    const { pacer, graphHost, background } = this.pacing;
    const cost = resourceUnitCost(context.options?.method ?? 'GET', urlOf(context), graphHost);
    for (let attempt = 0; ; attempt += 1) {
      // Every attempt is charged (throttled ones too, as Microsoft counts them).
      if (await pacer.acquire(cost, { background })) this.metrics.throttledWaits += 1;
      await this.authorize(context, tokenRequest);
      tokenRequest = {};
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
      if (response && cost > 0) await pacer.observe(response.headers).catch(() => undefined);
      if (response?.status === 401 && replayable && !refreshedAfter401) {
        // The same request again (a delta page in place, nothing skipped), once, with a new token.
        refreshedAfter401 = true;
        tokenRequest = tokenRequestAfter401(response.headers.get('www-authenticate'));
        await response.body?.cancel().catch(() => undefined);
        continue;
      }
      if (!response || lastAttempt) return;
      const decision = retryDecision(
        response.status,
        response.headers.get('retry-after'),
        this.options
      );
      if (decision.kind === 'answer') return;
      if (decision.kind === 'retryAfter') {
        // Pause the tenant, not just this request: the next loop turn waits at the pacer.
        await pacer.pause(decision.ms).catch(() => undefined);
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

/** An answer of a request sent outside the Graph SDK, with the header the policy reads. */
export interface PlainAnswer {
  status: number;
  retryAfter?: string | null;
}

/**
 * The policy for a request sent outside the Graph SDK: network failures and the retried statuses
 * are tried again (Retry-After waited for this request alone: such URLs belong to no tenant's
 * throttling), up to `options.maxAttempts`; the last answer or error is the caller's.
 */
export async function withRetryPolicy<T extends PlainAnswer>(
  send: () => Promise<T>,
  options: RetryPolicyOptions
): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    const lastAttempt = attempt + 1 >= options.maxAttempts;
    let answer: T;
    try {
      answer = await send();
    } catch (error) {
      if (lastAttempt || !networkFailureOf(error)) throw error;
      await sleep(backoffDelay(attempt, options));
      continue;
    }
    if (lastAttempt) return answer;
    const decision = retryDecision(answer.status, answer.retryAfter, options);
    if (decision.kind === 'answer') return answer;
    await sleep(decision.kind === 'retryAfter' ? decision.ms : backoffDelay(attempt, options));
  }
}
