/** A drive's syncs on the wire: what starts one, and its progress while it runs. */

/** What started a run: shown in the drive's sync history. */
export type SyncTrigger = 'schedule' | 'manual' | 'webhook' | 'resync' | 'connect';

/** A running sync's progress, as the drive routes add it to a drive while it syncs. */
export interface SyncProgress {
  runId: number;
  pages: number;
  items: number;
  /** Only when it can be known: a full enumeration of a drive whose size is known. */
  percent: number | null;
}
