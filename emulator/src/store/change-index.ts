import type { DriveItem } from './model';

/**
 * The change sequence of one drive, in sequence order, so a delta page starts with a binary search
 * instead of a scan of the drive. Restamping an item appends a new entry; the old one goes stale
 * (its seq no longer equals the item's) and is dropped at the next compaction.
 *
 * With `keepHistory`, each entry also keeps the item's state as it was at that change, and a page
 * lists the earlier states of an item before its latest one: Microsoft documents that the same
 * item may appear more than once in a delta feed and that clients must use the last occurrence.
 */
export class ChangeIndex {
  private seqs: number[] = [];
  private items: DriveItem[] = [];
  /** The item as it was when stamped (only while `keepHistory` is on). */
  private states: Array<DriveItem | undefined> = [];
  private stale = 0;
  current = 0;
  keepHistory = false;

  stamp(item: DriveItem): void {
    if (item.seq > 0) this.stale++;
    item.seq = ++this.current;
    this.seqs.push(item.seq);
    this.items.push(item);
    this.states.push(this.keepHistory ? { ...item } : undefined);
    if (this.stale > 1024 && this.stale * 2 > this.seqs.length) this.compact();
  }

  /**
   * Up to `limit` items whose current sequence is after `afterSeq`, in sequence order.
   * `cursor` is the last sequence examined, so the next page continues after it.
   */
  /**
   * Items changed after `afterSeq`, in sequence order. Tombstones are listed only when deleted
   * after `tombstonesAfter`: a fresh enumeration omits what was deleted before it began, but must
   * report what is deleted while it runs, or the deltaLink it ends with would miss that deletion.
   */
  page(
    afterSeq: number,
    limit: number,
    tombstonesAfter: number
  ): { items: DriveItem[]; cursor: number; done: boolean } {
    const listed = (item: DriveItem, seq: number) => !item.deleted || seq > tombstonesAfter;
    const out: DriveItem[] = [];
    let index = this.firstIndexAfter(afterSeq);
    let cursor = afterSeq;
    for (; index < this.seqs.length && out.length < limit; index++) {
      const item = this.items[index];
      const seq = this.seqs[index];
      cursor = seq;
      if (item.seq !== seq) {
        // An earlier state, listed only ahead of the latest one (which follows in this feed).
        const earlier = this.states[index];
        if (earlier && listed(item, item.seq)) out.push(earlier);
        continue;
      }
      if (!listed(item, seq)) continue;
      out.push(item);
    }
    return { items: out, cursor, done: !this.hasListedEntryFrom(index, listed) };
  }

  private hasListedEntryFrom(
    index: number,
    listed: (item: DriveItem, seq: number) => boolean
  ): boolean {
    for (; index < this.seqs.length; index++) {
      const item = this.items[index];
      if (item.seq === this.seqs[index] && listed(item, this.seqs[index])) return true;
    }
    return false;
  }

  private firstIndexAfter(seq: number): number {
    let low = 0;
    let high = this.seqs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.seqs[mid] <= seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private compact(): void {
    const seqs: number[] = [];
    const items: DriveItem[] = [];
    const states: Array<DriveItem | undefined> = [];
    for (let i = 0; i < this.seqs.length; i++) {
      if (this.items[i].seq === this.seqs[i] || this.states[i]) {
        seqs.push(this.seqs[i]);
        items.push(this.items[i]);
        states.push(this.states[i]);
      }
    }
    this.seqs = seqs;
    this.items = items;
    this.states = states;
    this.stale = 0;
  }
}
