import { SlidingSum } from './sliding-sum';

export { resourceUnitCost, type CostedRequest } from './resource-unit-cost';

/** Microsoft's tenant sizes (licences) for an app's resource-unit limits. */
export type LicenceTier = '0-1k' | '1k-5k' | '5k-15k' | '15k-50k' | '50k+';

/**
 * Resource units per app per tenant, by the tenant's licences, as Microsoft publishes them: per
 * minute and per 24 hours, for every request of the app (application and delegated alike).
 */
export const LICENCE_TIERS: ReadonlyArray<{
  tier: LicenceTier;
  maxLicences: number;
  perMinute: number;
  perDay: number;
}> = [
  { tier: '0-1k', maxLicences: 1_000, perMinute: 1_200, perDay: 1_200_000 },
  { tier: '1k-5k', maxLicences: 5_000, perMinute: 2_400, perDay: 2_400_000 },
  { tier: '5k-15k', maxLicences: 15_000, perMinute: 3_600, perDay: 3_600_000 },
  { tier: '15k-50k', maxLicences: 50_000, perMinute: 4_800, perDay: 4_800_000 },
  { tier: '50k+', maxLicences: Infinity, perMinute: 6_000, perDay: 6_000_000 },
];

/** The per-day limit is 1,000 times the per-minute one at every tenant size. */
const DAY_PER_MINUTE = 1_000;
/** RateLimit headers appear from this share of the minute budget. */
const RATE_LIMIT_HEADERS_FROM = 0.8;
/** Per-minute accounting kept per app: a day of minutes. */
const MAX_MINUTES = 1_440;

export interface ThrottlingSettings {
  /**
   * Resource units per app per tenant per minute (the window). null: no minute budget. Absent:
   * the tier's when a tier or licence count is given, else none.
   */
  resourceUnitsPerMinute?: number | null;
  /**
   * Resource units per app per tenant per day window. null: no day budget. Absent: the tier's, or
   * 1,000 times the minute budget (Microsoft's ratio at every tenant size).
   */
  resourceUnitsPerDay?: number | null;
  /** The tenant's size, for Microsoft's limits (one of tier and licences). */
  tier?: LicenceTier;
  /** The tenant's licence count, for Microsoft's limits. */
  licences?: number;
  /** The minute budget's window (default 60 s; tests shorten it). */
  windowSeconds?: number;
  /** The day budget's window (default 86,400 s; tests shorten it). */
  daySeconds?: number;
}

/** Spending of one window-long interval (a minute by default), for benchmarks. */
export interface MinuteResourceUnits {
  /** The interval's start (ISO), a multiple of the window since the epoch. */
  start: string;
  units: number;
  requests: number;
  throttledRequests: number;
}

/** What one app spent in one tenant since the accounting started (configure or reset). */
export interface AppResourceUnits {
  /** `tenantId/clientId`: the scope Microsoft limits. */
  client: string;
  tenantId: string;
  clientId: string;
  /** Resource units charged, throttled requests included (they count, as on Microsoft 365). */
  totalUnits: number;
  requests: number;
  /** 429s from the budgets (minute or day). */
  throttledRequests: number;
  /** Of those, the ones the day budget refused. */
  throttledByDayBudget: number;
  /** Units within the minute window now (sliding). */
  minuteUnits: number;
  /** Units within the day window now (sliding). */
  dayUnits: number;
  /** The most units ever within one minute window (sliding): compare with the minute budget. */
  peakMinuteUnits: number;
  /** Per window-long interval (a clock minute by default), oldest first, only those with spending. */
  minutes: MinuteResourceUnits[];
}

export interface ResourceUnitReport {
  /** The budgets in force (as `GET /throttling`). */
  settings: ThrottlingSettings;
  apps: AppResourceUnits[];
}

/** What a request's charge means for its answer. */
export interface ChargeOutcome {
  /** Whole seconds: the request is over a budget and is answered 429 with this Retry-After. */
  retryAfter?: number;
  exceeded?: 'minute' | 'day';
  /** From 80% of the minute budget: the RateLimit-Limit/Remaining/Reset values. */
  rateLimit?: { limit: number; remaining: number; reset: number };
}

interface Account {
  tenantId: string;
  clientId: string;
  minute: SlidingSum;
  day: SlidingSum;
  totalUnits: number;
  requests: number;
  throttledRequests: number;
  throttledByDayBudget: number;
  peakMinuteUnits: number;
  minutes: Array<MinuteResourceUnits & { at: number }>;
}

export function tierForLicences(licences: number): LicenceTier {
  return LICENCE_TIERS.find((t) => licences <= t.maxLicences)!.tier;
}

const positiveOrNull = (value: number | null | undefined, name: string) => {
  if (value !== undefined && value !== null && !(value > 0 && Number.isFinite(value)))
    throw new Error(`${name} must be > 0 or null`);
};

/**
 * Microsoft's resource-unit budgets per app per tenant, a minute window and a day window, both
 * sliding. Every Graph request of the app is charged (application and delegated tokens share the
 * budget); throttled requests are charged too, so a client that ignores Retry-After stays
 * throttled. Budgets are off by default so tests stay deterministic; the accounting runs always.
 */
export class ResourceUnitBudget {
  private perMinute: number | null = null;
  private perDay: number | null = null;
  private tier: LicenceTier | undefined;
  private licences: number | undefined;
  private windowMs = 60_000;
  private dayMs = 86_400_000;
  private readonly accounts = new Map<string, Account>();

  configure(settings: ThrottlingSettings): void {
    positiveOrNull(settings.resourceUnitsPerMinute, 'resourceUnitsPerMinute');
    positiveOrNull(settings.resourceUnitsPerDay, 'resourceUnitsPerDay');
    for (const name of ['windowSeconds', 'daySeconds'] as const) {
      const value = settings[name];
      if (value !== undefined && !(value > 0 && Number.isFinite(value)))
        throw new Error(`${name} must be > 0`);
    }
    if (settings.tier !== undefined && settings.licences !== undefined)
      throw new Error('give tier or licences, not both');
    if (settings.tier !== undefined && !LICENCE_TIERS.some((t) => t.tier === settings.tier))
      throw new Error(`tier must be one of ${LICENCE_TIERS.map((t) => t.tier).join(', ')}`);
    if (
      settings.licences !== undefined &&
      !(Number.isInteger(settings.licences) && settings.licences >= 0)
    )
      throw new Error('licences must be an integer >= 0');

    const tierName =
      settings.tier ??
      (settings.licences !== undefined ? tierForLicences(settings.licences) : undefined);
    const tier = LICENCE_TIERS.find((t) => t.tier === tierName);
    this.perMinute =
      settings.resourceUnitsPerMinute !== undefined
        ? settings.resourceUnitsPerMinute
        : (tier?.perMinute ?? null);
    this.perDay =
      settings.resourceUnitsPerDay !== undefined
        ? settings.resourceUnitsPerDay
        : (tier?.perDay ?? (this.perMinute !== null ? this.perMinute * DAY_PER_MINUTE : null));
    this.tier = tierName;
    this.licences = settings.licences;
    this.windowMs = (settings.windowSeconds ?? 60) * 1000;
    this.dayMs = (settings.daySeconds ?? 86_400) * 1000;
    this.accounts.clear();
  }

  get settings(): ThrottlingSettings {
    return {
      resourceUnitsPerMinute: this.perMinute,
      resourceUnitsPerDay: this.perDay,
      ...(this.tier ? { tier: this.tier } : {}),
      ...(this.licences !== undefined ? { licences: this.licences } : {}),
      windowSeconds: this.windowMs / 1000,
      daySeconds: this.dayMs / 1000,
    };
  }

  /** Starts the accounting (and the budgets' spending) afresh, keeping the settings. */
  reset(): void {
    this.accounts.clear();
  }

  /**
   * Charges a request of `clientId` in `tenantId` `units` resource units, and says whether it goes
   * over a budget (then it is answered 429 with Retry-After) and whether it carries RateLimit
   * headers (from 80% of the minute budget).
   */
  charge(tenantId: string, clientId: string, units: number, now = Date.now()): ChargeOutcome {
    const account = this.account(tenantId, clientId);
    account.minute.add(units, now);
    account.day.add(units, now);
    const minuteUnits = account.minute.total(now);
    const dayUnits = account.day.total(now);
    account.totalUnits += units;
    account.requests++;
    account.peakMinuteUnits = Math.max(account.peakMinuteUnits, minuteUnits);
    const interval = this.interval(account, now);
    interval.units += units;
    interval.requests++;

    const outcome: ChargeOutcome = {};
    // Sent again, the request costs `units` once more: it fits once the window holds at most
    // budget - units (the throttled request's own charge included, as it counts).
    let waitMs = -1;
    if (this.perMinute !== null && minuteUnits > this.perMinute) {
      waitMs = account.minute.msUntilAtMost(this.perMinute - units, now);
      outcome.exceeded = 'minute';
    }
    if (this.perDay !== null && dayUnits > this.perDay) {
      const dayWaitMs = account.day.msUntilAtMost(this.perDay - units, now);
      if (dayWaitMs > waitMs) outcome.exceeded = 'day';
      waitMs = Math.max(waitMs, dayWaitMs);
    }
    if (outcome.exceeded) {
      outcome.retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      account.throttledRequests++;
      if (outcome.exceeded === 'day') account.throttledByDayBudget++;
      interval.throttledRequests++;
    }
    if (this.perMinute !== null && minuteUnits >= RATE_LIMIT_HEADERS_FROM * this.perMinute) {
      // Reset: the seconds until the window's spending falls below the 80% mark again.
      const below = Math.ceil(RATE_LIMIT_HEADERS_FROM * this.perMinute) - 1;
      outcome.rateLimit = {
        limit: this.perMinute,
        remaining: Math.max(0, this.perMinute - minuteUnits),
        reset: Math.max(1, Math.ceil(account.minute.msUntilAtMost(below, now) / 1000)),
      };
    }
    return outcome;
  }

  report(now = Date.now()): ResourceUnitReport {
    return {
      settings: this.settings,
      apps: [...this.accounts.values()].map((account) => ({
        client: `${account.tenantId}/${account.clientId}`,
        tenantId: account.tenantId,
        clientId: account.clientId,
        totalUnits: account.totalUnits,
        requests: account.requests,
        throttledRequests: account.throttledRequests,
        throttledByDayBudget: account.throttledByDayBudget,
        minuteUnits: account.minute.total(now),
        dayUnits: account.day.total(now),
        peakMinuteUnits: account.peakMinuteUnits,
        minutes: account.minutes.map(({ at: _at, ...minute }) => ({ ...minute })),
      })),
    };
  }

  private account(tenantId: string, clientId: string): Account {
    const key = `${tenantId}/${clientId}`;
    let account = this.accounts.get(key);
    if (!account) {
      account = {
        tenantId,
        clientId,
        minute: new SlidingSum(this.windowMs),
        day: new SlidingSum(this.dayMs, 1_440),
        totalUnits: 0,
        requests: 0,
        throttledRequests: 0,
        throttledByDayBudget: 0,
        peakMinuteUnits: 0,
        minutes: [],
      };
      this.accounts.set(key, account);
    }
    return account;
  }

  /** The accounting interval (a window long, aligned to the epoch) that `now` falls in. */
  private interval(account: Account, now: number) {
    const at = Math.floor(now / this.windowMs) * this.windowMs;
    let latest = account.minutes[account.minutes.length - 1];
    if (!latest || latest.at !== at) {
      latest = {
        at,
        start: new Date(at).toISOString(),
        units: 0,
        requests: 0,
        throttledRequests: 0,
      };
      account.minutes.push(latest);
      if (account.minutes.length > MAX_MINUTES) account.minutes.shift();
    }
    return latest;
  }
}
