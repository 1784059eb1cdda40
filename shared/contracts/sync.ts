/** A running sync's progress, as the drive routes add it to a drive while it syncs. */
export interface SyncProgress {
  runId: number;
  pages: number;
  items: number;
  /** Only when it can be known: a full enumeration of a drive whose size is known. */
  percent: number | null;
}
