/**
 * Where a tenant's pacing state lives. Every store applies the pure steps of ./state atomically on
 * its own clock (never an instance's, so instances whose clocks differ agree), so several Strapi
 * instances sharing a store share one budget.
 */
import type { BucketSpecs } from './budget';
import {
  capByRemaining,
  freshState,
  pause,
  stateAt,
  take,
  type PacingState,
  type TakeOutcome,
  type TakeRequest,
} from './state';

export interface PacingStore {
  /** Which store this is, for reports: memory, redis or database. */
  readonly kind: string;
  take(key: string, specs: BucketSpecs, request: TakeRequest): Promise<TakeOutcome>;
  pause(key: string, specs: BucketSpecs, ms: number): Promise<void>;
  capByRemaining(key: string, specs: BucketSpecs, remaining: number, limit: number): Promise<void>;
  /** The state now (buckets refilled), or null when nothing was spent yet. */
  read(key: string, specs: BucketSpecs): Promise<PacingState | null>;
}

/** One process's store: for pacing nobody else shares, and the tests of the pure steps. */
export function createMemoryStore(clock: () => number = Date.now): PacingStore {
  const states = new Map<string, PacingState>();
  const current = (key: string, specs: BucketSpecs, now: number) =>
    states.get(key) ?? freshState(specs, now);
  return {
    kind: 'memory',
    async take(key, specs, request) {
      const now = clock();
      const { state, outcome } = take(current(key, specs, now), specs, request, now);
      states.set(key, state);
      return outcome;
    },
    async pause(key, specs, ms) {
      const now = clock();
      states.set(key, pause(current(key, specs, now), specs, ms, now));
    },
    async capByRemaining(key, specs, remaining, limit) {
      const now = clock();
      states.set(key, capByRemaining(current(key, specs, now), specs, remaining, limit, now));
    },
    async read(key, specs) {
      const state = states.get(key);
      return state ? stateAt(state, specs, clock()) : null;
    },
  };
}
