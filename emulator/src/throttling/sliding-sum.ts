interface Slot {
  /** When the slot's first spending arrived (slots take spending for `slotMs` from then). */
  opened: number;
  /** When its latest spending arrived: the slot leaves the window `windowMs` after this. */
  last: number;
  units: number;
}

/**
 * The units spent within the last `windowMs`, in slots of `windowMs / slotsPerWindow` so a day's
 * window keeps at most that many entries whatever the traffic. A slot leaves the window with its
 * latest spending, so the sum never forgets units too early (at worst one slot too late).
 */
export class SlidingSum {
  private readonly slots: Slot[] = [];
  private head = 0;
  private sum = 0;
  private readonly slotMs: number;

  constructor(
    readonly windowMs: number,
    slotsPerWindow = 600
  ) {
    this.slotMs = windowMs / slotsPerWindow;
  }

  add(units: number, now: number): void {
    this.expire(now);
    const newest = this.slots[this.slots.length - 1];
    if (newest && this.slots.length > this.head && now - newest.opened < this.slotMs) {
      newest.units += units;
      newest.last = Math.max(newest.last, now);
    } else {
      this.slots.push({ opened: now, last: now, units });
    }
    this.sum += units;
  }

  total(now: number): number {
    this.expire(now);
    return this.sum;
  }

  /**
   * Milliseconds (>= 0) until, without further spending, the sum is at most `level`: the time the
   * oldest slots need to leave the window.
   */
  msUntilAtMost(level: number, now: number): number {
    let sum = this.total(now);
    let freeAt = now;
    for (let i = this.head; i < this.slots.length && sum > level; i++) {
      sum -= this.slots[i].units;
      freeAt = this.slots[i].last + this.windowMs;
    }
    return Math.max(0, freeAt - now);
  }

  private expire(now: number): void {
    while (this.head < this.slots.length && this.slots[this.head].last <= now - this.windowMs) {
      this.sum -= this.slots[this.head].units;
      this.head++;
    }
    // Drop the expired slots now and then, not on every call.
    if (this.head > 64 && this.head * 2 > this.slots.length) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
  }
}
