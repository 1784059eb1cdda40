/**
 * The shared state of one tenant's pacer and the three things done to it, as pure functions of the
 * state and the store's clock: every store (memory, Redis, database) applies exactly these, in one
 * atomic step, so several instances spend one budget. (The Redis store runs them as a Lua script,
 * a line-for-line port: tests run the same cases against every store.)
 */
import { AIM, type BucketSpec, type BucketSpecs } from './budget';

export interface PacingState {
  /** RU in the minute bucket, at `at`. */
  minute: number;
  /** RU in the day bucket, at `at` (null: no day bucket). */
  day: number | null;
  /** The store's clock (ms) when the buckets were last brought up to date. */
  at: number;
  /** No request leaves before this (a Retry-After Microsoft sent). */
  pausedUntil: number;
  /**
   * Whose background request goes next: the holder whose oldest waiting request found the buckets
   * short, until `until`. Other instances' background requests wait for it, so instances take
   * turns instead of the quickest poller winning; a holder that died only blocks until `until`.
   */
  turn: { holder: string; since: number; until: number } | null;
}

export interface TakeRequest {
  /** RU the request costs. */
  cost: number;
  /** RU wished for (the cost and some for the next requests of this instance), at most. */
  want: number;
  /** Sync and other work nobody waits for: it leaves room for user-facing requests and queues. */
  background: boolean;
  /** The instance (its pacer) asking. */
  holder: string;
  /** How long the request has waited (the oldest-ready one goes first). */
  waitedMs: number;
}

/**
 * Granted: `units` RU taken (at least the cost). Refused: ask again in `waitMs`; `paused` when a
 * Retry-After holds the tenant (Microsoft's throttling, not the pacer's own spacing).
 */
export type TakeOutcome =
  { granted: true; units: number } | { granted: false; waitMs: number; paused: boolean };

/** How long a turn outlasts the wait it was taken for: the holder's time to ask again. */
export const TURN_GRACE_MS = 250;
/** A background request leaves this share of the minute bucket to user-facing requests. */
export const FOREGROUND_RESERVE_SHARE = 0.25;

export const freshState = (specs: BucketSpecs, now: number): PacingState => ({
  minute: specs.minute.capacity,
  day: specs.day ? specs.day.capacity : null,
  at: now,
  pausedUntil: 0,
  turn: null,
});

const refill = (tokens: number, spec: BucketSpec, elapsed: number) =>
  Math.min(spec.capacity, tokens + elapsed * spec.refillPerMs);

/** The state at `now`: buckets refilled (the clock never runs back), a lapsed turn dropped. */
export function stateAt(state: PacingState, specs: BucketSpecs, now: number): PacingState {
  const elapsed = Math.max(0, now - state.at);
  return {
    minute: refill(state.minute, specs.minute, elapsed),
    day: specs.day ? refill(state.day ?? specs.day.capacity, specs.day, elapsed) : null,
    at: Math.max(state.at, now),
    pausedUntil: state.pausedUntil,
    turn: state.turn && state.turn.until > now ? state.turn : null,
  };
}

const msUntil = (tokens: number, needed: number, spec: BucketSpec) =>
  tokens >= needed ? 0 : (needed - tokens) / spec.refillPerMs;

export function take(
  previous: PacingState,
  specs: BucketSpecs,
  request: TakeRequest,
  now: number
): { state: PacingState; outcome: TakeOutcome } {
  const state = stateAt(previous, specs, now);
  if (state.pausedUntil > now) {
    return { state, outcome: { granted: false, waitMs: state.pausedUntil - now, paused: true } };
  }
  const since = now - request.waitedMs;
  const turn = state.turn;
  if (request.background && turn && turn.holder !== request.holder && turn.since <= since) {
    // Someone else's older request is next.
    return { state, outcome: { granted: false, waitMs: turn.until - now, paused: false } };
  }
  const reserve = request.background ? FOREGROUND_RESERVE_SHARE * specs.minute.capacity : 0;
  const minuteNeeded = Math.min(request.cost + reserve, specs.minute.capacity);
  const waitMs = Math.max(
    msUntil(state.minute, minuteNeeded, specs.minute),
    specs.day && state.day !== null ? msUntil(state.day, request.cost, specs.day) : 0
  );
  if (waitMs > 0) {
    if (request.background && (!turn || turn.holder === request.holder || turn.since > since)) {
      state.turn = { holder: request.holder, since, until: now + waitMs + TURN_GRACE_MS };
    }
    return { state, outcome: { granted: false, waitMs, paused: false } };
  }
  let units = Math.min(Math.max(request.cost, request.want), state.minute - reserve);
  if (state.day !== null) units = Math.min(units, state.day);
  units = Math.max(units, request.cost);
  state.minute -= units;
  if (state.day !== null) state.day -= units;
  if (turn && turn.holder === request.holder) state.turn = null;
  return { state, outcome: { granted: true, units } };
}

/** Pauses every request of the tenant until `ms` from now (a longer pause in force stays). */
export function pause(previous: PacingState, specs: BucketSpecs, ms: number, now: number) {
  const state = stateAt(previous, specs, now);
  state.pausedUntil = Math.max(state.pausedUntil, now + ms);
  return state;
}

/**
 * Microsoft's `RateLimit-Remaining` (sent from 80% of the minute budget): the minute bucket never
 * holds more than that leaves before the pacer's aim, whatever it counted itself (another
 * deployment of the same app spends too). Best effort: without the headers nothing changes.
 */
export function capByRemaining(
  previous: PacingState,
  specs: BucketSpecs,
  remaining: number,
  limit: number,
  now: number
) {
  const state = stateAt(previous, specs, now);
  const room = remaining - (1 - AIM) * limit;
  state.minute = Math.max(0, Math.min(state.minute, room));
  return state;
}
