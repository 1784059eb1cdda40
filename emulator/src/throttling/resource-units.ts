/**
 * SharePoint's resource units, as Microsoft documents them: 1 RU for a single-item GET, a download
 * or a delta WITH a token; 2 RU for a multi-item query, a delta without a token and any
 * create/update/delete/upload.
 */
export function resourceUnitCost(request: {
  method: string;
  path: string;
  deltaWithToken: boolean;
}): number {
  if (request.method !== 'GET' && request.method !== 'HEAD') return 2;
  if (/\/delta$/.test(request.path)) return request.deltaWithToken ? 1 : 2;
  if (/\/children$/.test(request.path)) return 2;
  if (/^\/v1\.0\/(sites|subscriptions)$/.test(request.path)) return 2;
  if (/^\/v1\.0\/sites\/[^/]+\/drives$/.test(request.path)) return 2;
  return 1;
}

export interface ThrottlingSettings {
  /** Resource units per app per tenant per window; null switches throttling off. */
  resourceUnitsPerMinute: number | null;
  /** The budget's window (default 60 s; tests shorten it). */
  windowSeconds?: number;
}

interface Spend {
  at: number;
  units: number;
}

/**
 * A sliding-window resource-unit budget per app and tenant. Off by default so tests stay
 * deterministic. Throttled requests still count against the budget, as Microsoft says, so a client
 * that ignores Retry-After stays throttled.
 */
export class ResourceUnitBudget {
  private limit: number | null = null;
  private windowMs = 60_000;
  private readonly spends = new Map<string, Spend[]>();

  configure(settings: ThrottlingSettings): void {
    if (settings.resourceUnitsPerMinute !== null && !(settings.resourceUnitsPerMinute > 0))
      throw new Error('resourceUnitsPerMinute must be > 0 or null');
    if (settings.windowSeconds !== undefined && !(settings.windowSeconds > 0))
      throw new Error('windowSeconds must be > 0');
    this.limit = settings.resourceUnitsPerMinute;
    this.windowMs = (settings.windowSeconds ?? 60) * 1000;
    this.spends.clear();
  }

  get settings(): ThrottlingSettings {
    return { resourceUnitsPerMinute: this.limit, windowSeconds: this.windowMs / 1000 };
  }

  /**
   * Spends `units` for `client`. Returns the Retry-After (whole seconds) when the budget was
   * already exceeded, undefined when the request may go on.
   */
  spend(client: string, units: number, now = Date.now()): number | undefined {
    if (this.limit === null) return undefined;
    const spends = (this.spends.get(client) ?? []).filter((s) => s.at > now - this.windowMs);
    let used = spends.reduce((sum, s) => sum + s.units, 0);
    spends.push({ at: now, units });
    this.spends.set(client, spends);
    if (used + units <= this.limit) return undefined;
    // Wait until enough earlier spending leaves the window for this request to fit.
    let freeAt = now;
    for (const spend of spends) {
      if (used + units <= this.limit) break;
      used -= spend.units;
      freeAt = spend.at + this.windowMs;
    }
    return Math.max(1, Math.ceil((freeAt - now) / 1000));
  }
}
