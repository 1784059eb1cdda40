/**
 * One tenant's pacer in this instance: every Graph request of the tenant's app asks it before
 * leaving. It queues this instance's requests (user-facing ones first, then background ones, the
 * one waiting longest first), takes resource units for them from the shared store, and waits when
 * the store says so: the buckets are short, another instance's older request is next, or Microsoft
 * sent a Retry-After that pauses the whole tenant.
 *
 * To not make a store round trip per request when the budget is large, a grant may carry a few RU
 * more than the request's cost (at most a quarter of the minute bucket's burst, or 250 ms of its
 * refill): the next requests of this instance spend those first. Units not spent within 300 ms are
 * dropped, never returned late, so they cannot add to a later window.
 *
 * When the shared store fails (Redis unreachable, a PostgreSQL error on the buckets table), the
 * pacer fails open onto a local bucket: this instance paces its own requests to the whole budget,
 * alone, for `STORE_RETRY_MS`, then asks the shared store again. Requests keep leaving (a Graph
 * outage of ours is worse than a few over-budget minutes, which Microsoft answers with Retry-After,
 * honoured by the retry policy), and no request waits on a store that is not answering. The
 * failures are counted in `usage()` (`storeErrors`, `lastStoreError`, `onLocalBucket`).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { BucketSpecs } from './budget';
import type { PacingState } from './state';
import { createMemoryStore, type PacingStore } from './store';

const ALLOWANCE_LIFETIME_MS = 300;
/** The longest sleep between asks: a foreground request arriving meanwhile is not held longer. */
const MAX_SLEEP_MS = 1_000;
/** How long the local bucket stands in for a failed shared store before it is asked again. */
export const STORE_RETRY_MS = 5_000;

export interface PacerUsage {
  key: string;
  store: string;
  /** RU granted to this instance (its own use; the store's buckets count every instance's). */
  unitsGranted: number;
  requests: number;
  /** Requests that had to wait, and for how long in all. */
  waits: number;
  waitedMs: number;
  /** Retry-After pauses this instance received from Microsoft. */
  pauses: number;
  /** Requests queued now. */
  queued: number;
  /** Steps the shared store failed (each then taken from the local bucket), and the last failure. */
  storeErrors: number;
  lastStoreError: { message: string; at: string } | null;
  /** Whether this instance paces alone on its local bucket now, the shared store having failed. */
  onLocalBucket: boolean;
}

interface Waiter {
  cost: number;
  background: boolean;
  queuedAt: number;
  /** Whether a Retry-After pause held it back. */
  paused: boolean;
  resolve(paused: boolean): void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Pacer {
  private readonly holder = `${os.hostname()}/${process.pid}/${randomUUID()}`;
  private readonly foreground: Waiter[] = [];
  private readonly background: Waiter[] = [];
  private allowance = 0;
  private localPauseUntil = 0;
  private allowanceUntil = 0;
  private pumping = false;
  private wake: (() => void) | null = null;
  /** Stands in for the shared store while it fails (see the module comment). */
  private readonly local = createMemoryStore();
  private sharedStoreRetryAt = 0;
  private lastStoreError: PacerUsage['lastStoreError'] = null;
  private readonly counters = {
    unitsGranted: 0,
    requests: 0,
    waits: 0,
    waitedMs: 0,
    pauses: 0,
    storeErrors: 0,
  };

  constructor(
    readonly key: string,
    private readonly store: PacingStore,
    /** null: pacing off; only Retry-After pauses, in this instance. */
    private readonly specs: BucketSpecs | null,
    private readonly onError: (error: unknown) => void = () => undefined
  ) {}

  /**
   * Resolves when a request costing `cost` RU may leave: true when a Retry-After pause held it
   * back (Microsoft's throttling, as opposed to the pacer's own spacing). Requests to other hosts
   * (cost 0) never wait.
   */
  acquire(cost: number, { background = false } = {}): Promise<boolean> {
    if (cost <= 0) return Promise.resolve(false);
    this.counters.requests += 1;
    if (!this.specs) return this.untilUnpaused();
    return new Promise<boolean>((resolve) => {
      const waiter = { cost, background, queuedAt: Date.now(), paused: false, resolve };
      (background ? this.background : this.foreground).push(waiter);
      // A user-facing request must not sleep behind a background one's wait.
      if (!background) this.wake?.();
      void this.pump();
    });
  }

  /** Microsoft's Retry-After: no request of the tenant leaves, on any instance, for `ms`. */
  async pause(ms: number): Promise<void> {
    this.counters.pauses += 1;
    this.allowance = 0;
    this.localPauseUntil = Math.max(this.localPauseUntil, Date.now() + ms);
    const specs = this.specs;
    if (specs) await this.withStore((store) => store.pause(this.key, specs, ms));
  }

  /** Without pacing: a request waits out a pause (re-checked, as a pause may grow meanwhile). */
  private async untilUnpaused(): Promise<boolean> {
    let waited = false;
    for (
      let ms = this.localPauseUntil - Date.now();
      ms > 0;
      ms = this.localPauseUntil - Date.now()
    ) {
      waited = true;
      await sleep(ms);
    }
    if (waited) this.counters.waits += 1;
    return waited;
  }

  /** Reads the RateLimit headers SharePoint sends from 80% of the minute budget, when present. */
  async observe(headers: Headers): Promise<void> {
    const remaining = Number(headers.get('ratelimit-remaining') ?? NaN);
    if (!this.specs || !Number.isFinite(remaining)) return;
    const limit = Number(headers.get('ratelimit-limit') ?? NaN);
    this.allowance = 0;
    const specs = this.specs;
    await this.withStore((store) =>
      store.capByRemaining(
        this.key,
        specs,
        remaining,
        Number.isFinite(limit) && limit > 0 ? limit : specs.minuteBudget
      )
    );
  }

  usage(): PacerUsage {
    return {
      key: this.key,
      store: this.store.kind,
      ...this.counters,
      queued: this.foreground.length + this.background.length,
      lastStoreError: this.lastStoreError,
      onLocalBucket: Date.now() < this.sharedStoreRetryAt,
    };
  }

  /** The shared buckets now (null before anything was spent, or when the store fails: counted). */
  async readShared(): Promise<PacingState | null> {
    if (!this.specs) return null;
    try {
      return await this.store.read(this.key, this.specs);
    } catch (error) {
      this.storeFailed(error);
      return null;
    }
  }

  /** A step on the shared store, or on the local bucket while the shared one fails. */
  private async withStore<R>(step: (store: PacingStore) => Promise<R>): Promise<R> {
    if (Date.now() >= this.sharedStoreRetryAt) {
      try {
        return await step(this.store);
      } catch (error) {
        this.storeFailed(error);
      }
    }
    return step(this.local);
  }

  private storeFailed(error: unknown) {
    this.counters.storeErrors += 1;
    this.lastStoreError = {
      message: error instanceof Error ? error.message : String(error),
      at: new Date().toISOString(),
    };
    this.sharedStoreRetryAt = Date.now() + STORE_RETRY_MS;
    this.onError(error);
  }

  /** Grants queued requests in order, one store round trip at a time. */
  private async pump() {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const waiter = this.foreground[0] ?? this.background[0];
        if (!waiter) return;
        let waitMs: number;
        try {
          waitMs = await this.grant(waiter);
        } catch (error) {
          // Even the local bucket failed (a bug, not an outage): the request goes unpaced rather
          // than not at all (Microsoft still throttles, and the retry policy honours it).
          this.onError(error);
          waitMs = 0;
        }
        if (waitMs <= 0) {
          this.dequeue(waiter);
          const waited = Date.now() - waiter.queuedAt;
          if (waited > 5) {
            this.counters.waits += 1;
            this.counters.waitedMs += waited;
          }
          waiter.resolve(waiter.paused);
          continue;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          void sleep(Math.min(waitMs, MAX_SLEEP_MS)).then(resolve);
        });
        this.wake = null;
      }
    } finally {
      this.pumping = false;
    }
  }

  /** 0 when the waiter may go (its units taken), else how long to wait before asking again. */
  private async grant(waiter: Waiter): Promise<number> {
    const now = Date.now();
    if (now < this.localPauseUntil) {
      waiter.paused = true;
      return this.localPauseUntil - now;
    }
    if (now < this.allowanceUntil && this.allowance >= waiter.cost) {
      this.allowance -= waiter.cost;
      this.counters.unitsGranted += waiter.cost;
      return 0;
    }
    const request = {
      cost: waiter.cost,
      want: waiter.cost + this.extra(),
      background: waiter.background,
      holder: this.holder,
      waitedMs: Date.now() - waiter.queuedAt,
    };
    const outcome = await this.withStore((store) => store.take(this.key, this.specs!, request));
    if (!outcome.granted) {
      if (outcome.paused) waiter.paused = true;
      return Math.max(1, outcome.waitMs);
    }
    this.counters.unitsGranted += waiter.cost;
    this.allowance = outcome.units - waiter.cost;
    this.allowanceUntil = Date.now() + ALLOWANCE_LIFETIME_MS;
    return 0;
  }

  /** RU asked for beyond a request's cost, for this instance's next requests. */
  private extra() {
    const { capacity, refillPerMs } = this.specs!.minute;
    return Math.floor(Math.min(capacity / 4, refillPerMs * 250));
  }

  private dequeue(waiter: Waiter) {
    const queue = waiter.background ? this.background : this.foreground;
    queue.splice(queue.indexOf(waiter), 1);
  }
}
