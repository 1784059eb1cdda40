export type HostKind = 'graph' | 'identity' | 'control' | 'content';

/** Named event counters kept beside the request counters (faults, throttling, notifications). */
export type StatsCounter =
  | 'faultsInjected'
  | 'retryAfterViolations'
  | 'throttledRequests'
  | 'resourceUnits'
  | 'notificationsSent'
  | 'notificationsFailed'
  | 'validationsFailed'
  | 'revokedTokensRefused'
  | 'claimsChallenges'
  | 'challengeClaimsAnswered';

export interface StatsSnapshot {
  /** Requests to the Graph API (not token, not download/upload, not control). */
  graphRequests: number;
  byHost: Record<string, number>;
  byRoute: Record<string, number>;
  /** Injected faults (all kinds); per kind in `faultsByKind`. */
  faultsInjected: number;
  faultsByKind: Record<string, number>;
  /** Requests that arrived while a Retry-After sent to the same client had not yet expired. */
  retryAfterViolations: number;
  /** 429s from the resource-unit budget (real throttling, not injected). */
  throttledRequests: number;
  /** Resource units charged to Graph requests, all apps (per app: the control API's /resource-units). */
  resourceUnits: number;
  notificationsSent: number;
  notificationsFailed: number;
  validationsFailed: number;
  /** Graph requests refused because their token was revoked (plain 401, no CP1). */
  revokedTokensRefused: number;
  /** Claims challenges sent (401 insufficient_claims to a revoked CP1 token). */
  claimsChallenges: number;
  /** Token requests that carried a claims challenge's claims (an `nbf` under access_token). */
  challengeClaimsAnswered: number;
}

type Counters = Omit<StatsSnapshot, 'byHost' | 'byRoute' | 'faultsByKind' | 'graphRequests'>;

/** Request counters per host kind and per route, event counters, and marks to diff against. */
export class RequestStats {
  private readonly byHost = new Map<string, number>();
  private readonly byRoute = new Map<string, number>();
  private readonly faultsByKind = new Map<string, number>();
  private readonly counters = new Map<StatsCounter, number>();
  private readonly marks = new Map<string, StatsSnapshot>();
  private nextMark = 1;

  record(host: HostKind, route: string): void {
    this.byHost.set(host, (this.byHost.get(host) ?? 0) + 1);
    const key = `${host} ${route}`;
    this.byRoute.set(key, (this.byRoute.get(key) ?? 0) + 1);
  }

  count(counter: StatsCounter): void {
    this.add(counter, 1);
  }

  add(counter: StatsCounter, amount: number): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + amount);
  }

  recordFault(kind: string): void {
    this.count('faultsInjected');
    this.faultsByKind.set(kind, (this.faultsByKind.get(kind) ?? 0) + 1);
  }

  mark(): string {
    const id = String(this.nextMark++);
    this.marks.set(id, this.snapshot());
    return id;
  }

  since(markId?: string): StatsSnapshot {
    const now = this.snapshot();
    const base = markId ? this.marks.get(markId) : undefined;
    if (markId && !base) throw new Error(`unknown mark ${markId}`);
    if (!base) return now;
    const diff = (a: Record<string, number>, b: Record<string, number>) =>
      Object.fromEntries(
        Object.entries(a)
          .map(([key, value]) => [key, value - (b[key] ?? 0)] as const)
          .filter(([, value]) => value > 0)
      );
    const counters = Object.fromEntries(
      COUNTER_NAMES.map((name) => [name, now[name] - base[name]])
    ) as Counters;
    return {
      graphRequests: now.graphRequests - base.graphRequests,
      byHost: diff(now.byHost, base.byHost),
      byRoute: diff(now.byRoute, base.byRoute),
      faultsByKind: diff(now.faultsByKind, base.faultsByKind),
      ...counters,
    };
  }

  private snapshot(): StatsSnapshot {
    const counters = Object.fromEntries(
      COUNTER_NAMES.map((name) => [name, this.counters.get(name) ?? 0])
    ) as Counters;
    return {
      graphRequests: this.byHost.get('graph') ?? 0,
      byHost: Object.fromEntries(this.byHost),
      byRoute: Object.fromEntries(this.byRoute),
      faultsByKind: Object.fromEntries(this.faultsByKind),
      ...counters,
    };
  }
}

const COUNTER_NAMES: StatsCounter[] = [
  'faultsInjected',
  'retryAfterViolations',
  'throttledRequests',
  'resourceUnits',
  'notificationsSent',
  'notificationsFailed',
  'validationsFailed',
  'revokedTokensRefused',
  'claimsChallenges',
  'challengeClaimsAnswered',
];
