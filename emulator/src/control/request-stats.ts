export type HostKind = 'graph' | 'identity' | 'control' | 'content';

export interface StatsSnapshot {
  /** Requests to the Graph API (not token, not download/upload, not control). */
  graphRequests: number;
  byHost: Record<string, number>;
  byRoute: Record<string, number>;
}

/** Request counters per host kind and per route, with marks to diff against. */
export class RequestStats {
  private readonly byHost = new Map<string, number>();
  private readonly byRoute = new Map<string, number>();
  private readonly marks = new Map<string, StatsSnapshot>();
  private nextMark = 1;

  record(host: HostKind, route: string): void {
    this.byHost.set(host, (this.byHost.get(host) ?? 0) + 1);
    const key = `${host} ${route}`;
    this.byRoute.set(key, (this.byRoute.get(key) ?? 0) + 1);
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
    return {
      graphRequests: now.graphRequests - base.graphRequests,
      byHost: diff(now.byHost, base.byHost),
      byRoute: diff(now.byRoute, base.byRoute),
    };
  }

  private snapshot(): StatsSnapshot {
    return {
      graphRequests: this.byHost.get('graph') ?? 0,
      byHost: Object.fromEntries(this.byHost),
      byRoute: Object.fromEntries(this.byRoute),
    };
  }
}
