/**
 * Microsoft throttles per application and tenant: when one request is told to wait (Retry-After),
 * every other request of that tenant must wait too, or it counts against the limit and prolongs the
 * throttling. A gate per tenant holds the time until which requests are paused and, when the admin
 * set a request-rate limit, spaces the tenant's requests so that it is never exceeded (throttling
 * avoided costs less than throttling honoured).
 */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ThrottleGate {
  private pausedUntil = 0;
  /** When the next request may leave under the rate limit. */
  private nextSlot = 0;
  private spacingMs = 0;

  /** At most this many requests a second through this gate; null: no limit of ours. */
  limitRate(requestsPerSecond: number | null) {
    this.spacingMs = requestsPerSecond ? 1000 / requestsPerSecond : 0;
  }

  /** Pauses every request through this gate for `ms` (never shortens a longer pause). */
  pause(ms: number) {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /**
   * Resolves when a request may leave: once its slot under the rate limit has come, and no pause
   * is in force (re-checking: a pause may be extended while waiting). Returns whether a pause
   * (Microsoft's throttling, not our own spacing) held it back.
   */
  async wait(): Promise<boolean> {
    if (this.spacingMs) {
      const now = Date.now();
      const slot = Math.max(now, this.nextSlot);
      this.nextSlot = slot + this.spacingMs;
      if (slot > now) await sleep(slot - now);
    }
    let paused = false;
    for (
      let remaining = this.pausedUntil - Date.now();
      remaining > 0;
      remaining = this.pausedUntil - Date.now()
    ) {
      paused = true;
      await sleep(remaining);
    }
    return paused;
  }
}

const gates = new Map<string, ThrottleGate>();

/** The gate shared by every client of one tenant + application in this process. */
export function throttleGateFor(
  key: string,
  requestsPerSecond: number | null = null
): ThrottleGate {
  let gate = gates.get(key);
  if (!gate) {
    gate = new ThrottleGate();
    gates.set(key, gate);
  }
  gate.limitRate(requestsPerSecond);
  return gate;
}
