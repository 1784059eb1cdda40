/**
 * Where a drive's delta sync stands, saved on the drive row in the same transaction as the page it
 * follows: the link to fetch next (a nextLink while paging, the deltaLink between rounds), and what
 * the round in progress has learnt so far that its end needs.
 */
export interface RoundState {
  /** Set while a full enumeration is under way: items not marked with it are gone at its end. */
  enumeration?: number;
  /**
   * When that enumeration began (epoch ms): a row a file operation wrote since may be missing
   * from pages Graph served before it, so it is not swept with the unseen ones.
   */
  enumerationStartedAt?: number;
  /**
   * Some item of the round named a parent not known when it arrived: at the end of the round the
   * whole drive is checked for items whose parent never came.
   */
  orphansPossible?: boolean;
  /**
   * Whether some page of the enumeration staged a deleted item. Its merge must then take each
   * item's latest staged state, since a tombstone may follow a live row of the same item; without
   * one, the unique index alone tells whether an item was staged twice (items/store.ts,
   * mergeStage). Unknown (a cursor saved by an earlier version) counts as true.
   */
  tombstonesStaged?: boolean;
}

export interface DeltaCursor extends RoundState {
  link: string;
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

/** The round state a cursor carries (none once a round is complete). */
export const roundOf = ({
  enumeration,
  enumerationStartedAt,
  orphansPossible,
  tombstonesStaged,
}: DeltaCursor): RoundState => ({
  ...(enumeration !== undefined ? { enumeration } : {}),
  ...(enumerationStartedAt !== undefined ? { enumerationStartedAt } : {}),
  ...(orphansPossible ? { orphansPossible } : {}),
  ...(tombstonesStaged !== undefined ? { tombstonesStaged } : {}),
});

/** The state of a full enumeration as it starts: run `enumeration`, nothing staged yet. */
export const freshEnumeration = (enumeration: number): RoundState => ({
  enumeration,
  enumerationStartedAt: Date.now(),
  tombstonesStaged: false,
});
