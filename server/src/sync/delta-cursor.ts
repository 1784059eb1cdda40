/**
 * Where a drive's delta sync stands, saved on the drive row in the same transaction as the page it
 * follows: the link to fetch next (a nextLink while paging, the deltaLink between rounds), and,
 * during a full enumeration after a 410, the number that marks the items the enumeration saw.
 */
export interface DeltaCursor {
  link: string;
  /** Set while a full re-enumeration is under way: items not marked with it are gone at its end. */
  enumeration?: number;
}

export const parseCursor = (stored: string | null | undefined): DeltaCursor | null => {
  if (!stored) return null;
  try {
    const cursor = JSON.parse(stored) as DeltaCursor;
    return typeof cursor.link === 'string' ? cursor : null;
  } catch {
    return null;
  }
};

export const serializeCursor = (cursor: DeltaCursor) => JSON.stringify(cursor);
