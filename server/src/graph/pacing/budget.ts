/**
 * The pacer's buckets, from the tenant's resource-unit budgets.
 *
 * Microsoft counts an app's RU per tenant over a sliding minute and a sliding day. A token bucket of
 * capacity C refilled at r RU/ms lets at most C + r·W through in any window of W ms, so each bucket
 * is sized for C + r·W = AIM × budget: spending in any window stays at 88% of the budget, a margin
 * for what the pacer cannot see (requests of the same app elsewhere, clocks, the instants between a
 * grant and Microsoft's count). The minute bucket holds only a small burst (2% of its aim), so its
 * steady rate is close to the aim; the day bucket holds a tenth of its aim, so hours of work at the
 * minute rate (a first sync) are not slowed by the day budget while a whole day stays within it.
 */
import { MAX_REQUEST_COST } from './costs';

/** The share of each budget the pacer spends at most, in any window. */
export const AIM = 0.88;
const MINUTE_BURST_SHARE = 0.02;
const DAY_BURST_SHARE = 0.1;
const DAY_MS = 86_400_000;

export interface PacingBudget {
  /** RU per window (Microsoft's minute budget); null: no pacing (Retry-After is still honoured). */
  resourceUnitsPerMinute: number | null;
  /** RU per day; null: no day bucket. */
  resourceUnitsPerDay: number | null;
  /** The minute budget's window (60 s at Microsoft; tests shorten it with the emulator's). */
  resourceUnitWindowSeconds: number;
}

export interface BucketSpec {
  capacity: number;
  refillPerMs: number;
}

export interface BucketSpecs {
  minute: BucketSpec;
  day: BucketSpec | null;
  /** The minute budget itself (for the RateLimit cap and reports). */
  minuteBudget: number;
}

function bucketFor(budget: number, windowMs: number, burstShare: number): BucketSpec {
  const aim = AIM * budget;
  // A bucket holds two of the dearest requests: one could never go otherwise, and a background
  // request (which leaves a reserve to user-facing ones) needs room before the bucket overflows.
  const capacity = Math.min(aim, Math.max(2 * MAX_REQUEST_COST, burstShare * aim));
  return { capacity, refillPerMs: Math.max(aim - capacity, aim * 0.01) / windowMs };
}

/** The buckets for a budget; null when pacing is off. */
export function bucketSpecsOf(budget: PacingBudget): BucketSpecs | null {
  if (budget.resourceUnitsPerMinute === null) return null;
  return {
    minute: bucketFor(
      budget.resourceUnitsPerMinute,
      budget.resourceUnitWindowSeconds * 1000,
      MINUTE_BURST_SHARE
    ),
    day:
      budget.resourceUnitsPerDay === null
        ? null
        : bucketFor(budget.resourceUnitsPerDay, DAY_MS, DAY_BURST_SHARE),
    minuteBudget: budget.resourceUnitsPerMinute,
  };
}

/** The plugin config keys the budget is read from (see server/src/config). */
export interface PacingConfig {
  resourceUnitsPerMinute: number | null;
  resourceUnitsPerDay: number | null;
  resourceUnitWindowSeconds: number;
  /** Deprecated: a request rate, mapped to an RU budget (see `pacingBudgetOf`). */
  maxRequestsPerSecond?: number | null;
}

/**
 * The budget in force. The deprecated `maxRequestsPerSecond` (N) still limits: as N × 60 RU per
 * minute when that is lower, which keeps its promise (every request costs at least 1 RU, so no more
 * than N × 60 requests a minute leave).
 */
export function pacingBudgetOf(config: PacingConfig): PacingBudget {
  const legacy = config.maxRequestsPerSecond ? config.maxRequestsPerSecond * 60 : null;
  const perMinute = config.resourceUnitsPerMinute;
  return {
    resourceUnitsPerMinute:
      legacy === null ? perMinute : perMinute === null ? legacy : Math.min(perMinute, legacy),
    resourceUnitsPerDay: config.resourceUnitsPerDay,
    resourceUnitWindowSeconds: config.resourceUnitWindowSeconds,
  };
}
