export interface ClientRetryAfter {
  client: string;
  /** When the latest Retry-After sent to this client expires (ISO), if any was sent. */
  retryAfterUntil?: string;
  retryAfterSent: number;
  violations: number;
}

/**
 * Remembers, per client, until when the last Retry-After told it to wait, and counts requests that
 * came before that. A client is an app in a tenant for Graph ("tenant/clientId"), an upload session
 * or a download link on the content host: the scope a well-behaved client pauses.
 */
export class RetryAfterLedger {
  private readonly clients = new Map<string, ClientRetryAfter & { until: number }>();

  private entry(client: string) {
    let entry = this.clients.get(client);
    if (!entry) {
      entry = { client, until: 0, retryAfterSent: 0, violations: 0 };
      this.clients.set(client, entry);
    }
    return entry;
  }

  /** A request arrived: true when it broke a Retry-After still running. */
  observe(client: string, now = Date.now()): boolean {
    const entry = this.clients.get(client);
    if (!entry || now >= entry.until) return false;
    entry.violations++;
    return true;
  }

  /** An answer carrying Retry-After was sent to this client. */
  sent(client: string, seconds: number, now = Date.now()): void {
    const entry = this.entry(client);
    entry.retryAfterSent++;
    entry.until = Math.max(entry.until, now + seconds * 1000);
  }

  list(): ClientRetryAfter[] {
    return [...this.clients.values()].map(({ until, ...rest }) => ({
      ...rest,
      ...(until ? { retryAfterUntil: new Date(until).toISOString() } : {}),
    }));
  }

  clear(): void {
    this.clients.clear();
  }
}
