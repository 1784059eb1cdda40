/**
 * Arithmetic of Graph upload sessions: fragment sizes, Content-Range headers, nextExpectedRanges.
 * Pure: no I/O.
 */

/** Every fragment but the last must be a multiple of 320 KiB. */
export const FRAGMENT_MULTIPLE = 320 * 1024;
/** Graph refuses fragments of 60 MiB or more. */
export const MAX_FRAGMENT_BYTES = 60 * 1024 * 1024;
/** Recommended by Microsoft (5-10 MiB) and rclone's default. */
export const DEFAULT_FRAGMENT_BYTES = 32 * FRAGMENT_MULTIPLE; // 10 MiB
/** Files up to this size go in one simple PUT (rclone and abraunegg use 4 MiB). */
export const DEFAULT_SIMPLE_UPLOAD_THRESHOLD = 4 * 1024 * 1024;
/** The largest file SharePoint and OneDrive accept. */
export const MAX_FILE_BYTES = 250 * 1024 ** 3;

/** Rounds a wanted fragment size down to a 320 KiB multiple, at least one, under 60 MiB. */
export function normalizeFragmentSize(wanted: number = DEFAULT_FRAGMENT_BYTES): number {
  if (!Number.isFinite(wanted) || wanted <= 0) return DEFAULT_FRAGMENT_BYTES;
  const multiples = Math.floor(Math.min(wanted, MAX_FRAGMENT_BYTES - 1) / FRAGMENT_MULTIPLE);
  return Math.max(1, multiples) * FRAGMENT_MULTIPLE;
}

export interface ByteRange {
  start: number;
  /** Inclusive, as in HTTP. */
  end: number;
  total: number;
}

/** Parses `bytes start-end/total`; null when malformed or inconsistent. */
export function parseContentRange(header: string | undefined): ByteRange | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec((header ?? '').trim());
  if (!match) return null;
  const [start, end, total] = match.slice(1).map(Number);
  if (!Number.isSafeInteger(total) || end < start || end >= total) return null;
  return { start, end, total };
}

export const formatContentRange = ({ start, end, total }: ByteRange) =>
  `bytes ${start}-${end}/${total}`;

/**
 * The first byte the session still wants, from `nextExpectedRanges` (["26-"], ["0-99", "200-"]).
 * Ranges may be partial: only the lowest start matters since fragments go in order.
 * Returns null when the list is empty (nothing more expected).
 */
export function firstExpectedOffset(nextExpectedRanges: unknown): number | null {
  if (!Array.isArray(nextExpectedRanges) || nextExpectedRanges.length === 0) return null;
  const starts = nextExpectedRanges
    .map((range) => Number(String(range).split('-')[0]))
    .filter((start) => Number.isSafeInteger(start) && start >= 0);
  return starts.length > 0 ? Math.min(...starts) : null;
}

/**
 * Whether a browser piece can be relayed as whole fragments: it must end on a 320 KiB boundary
 * unless it ends the file, so every fragment but the file's last stays a 320 KiB multiple.
 */
export function isAlignedPiece(range: ByteRange): boolean {
  const endsFile = range.end === range.total - 1;
  return (
    range.start % FRAGMENT_MULTIPLE === 0 && (endsFile || (range.end + 1) % FRAGMENT_MULTIPLE === 0)
  );
}
