/**
 * Microsoft throttles per application and tenant: when one request is told to wait (Retry-After),
 * every other request of that tenant must wait too, or it counts against the limit and prolongs the
 * throttling. A gate per tenant holds the time until which requests are paused.
 */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ThrottleGate {
  private pausedUntil = 0;

  /** Pauses every request through this gate for `ms` (never shortens a longer pause). */
  pause(ms: number) {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /** Resolves once no pause is in force (re-checking: a pause may be extended while waiting). */
  async wait(): Promise<boolean> {
    let waited = false;
    for (
      let remaining = this.pausedUntil - Date.now();
      remaining > 0;
      remaining = this.pausedUntil - Date.now()
    ) {
      waited = true;
      await sleep(remaining);
    }
    return waited;
  }
}

const gates = new Map<string, ThrottleGate>();

/** The gate shared by every client of one tenant + application in this process. */
export function throttleGateFor(key: string): ThrottleGate {
  let gate = gates.get(key);
  if (!gate) {
    gate = new ThrottleGate();
    gates.set(key, gate);
  }
  return gate;
}
