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
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { BucketSpecs } from './budget';
import type { PacingStore } from './store';

const ALLOWANCE_LIFETIME_MS = 300;
/** The longest sleep between asks: a foreground request arriving meanwhile is not held longer. */
const MAX_SLEEP_MS = 1_000;

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
  private readonly counters = {
    unitsGranted: 0,
    requests: 0,
    waits: 0,
    waitedMs: 0,
    pauses: 0,
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
    if (this.specs) await this.store.pause(this.key, this.specs, ms);
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
    await this.store.capByRemaining(
      this.key,
      this.specs,
      remaining,
      Number.isFinite(limit) && limit > 0 ? limit : this.specs.minuteBudget
    );
  }

  usage(): PacerUsage {
    return {
      key: this.key,
      store: this.store.kind,
      ...this.counters,
      queued: this.foreground.length + this.background.length,
    };
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
          // The store is unreachable: the request goes unpaced rather than not at all (Microsoft
          // still throttles, and the retry policy honours it).
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
    const outcome = await this.store.take(this.key, this.specs!, {
      cost: waiter.cost,
      want: waiter.cost + this.extra(),
      background: waiter.background,
      holder: this.holder,
      waitedMs: Date.now() - waiter.queuedAt,
    });
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
