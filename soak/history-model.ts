/**
 * What a randomized history is made of (issue 19), as fast-check arbitraries: the changes made in
 * Microsoft 365, and how each sync of them goes (delta page size and order, repeated items, faults
 * in the middle of paging, a 410, a crash between two commits). Everything is data, so fast-check
 * can shrink a history that diverges down to the few steps that matter.
 *
 * Items are chosen by number (`pick`, `other`) among those that exist when the operation runs, so
 * any history is valid whatever came before it; an operation that cannot apply (nothing to move, a
 * name already taken) is skipped and not counted.
 */
import fc from 'fast-check';

export const OPERATION_KINDS = [
  'create',
  'modify',
  'rename',
  /** The same name in another case: `report.txt` -> `REPORT.txt`. */
  'renameCase',
  /** A name in another script, or the same accented name in the other normalization (NFC/NFD). */
  'renameUnicode',
  'move',
  /** Two siblings exchange names (through a third name, as a user would). */
  'swapNames',
  /** A folder moved below the folder that was its child (the child first moved up beside it). */
  'invertFolders',
  'deleteSubtree',
  'deleteFile',
  /** A file deleted and a folder of the same name created in its place, with a file inside. */
  'replaceFileByFolder',
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** Faults on a delta request of the drive (`expiredToken` only when asked for: see histories.ts). */
export const REQUEST_FAULT_KINDS = [
  'throttle',
  'unavailable',
  'serverError',
  'reset',
  'expiredToken',
] as const;
export type RequestFaultKind = (typeof REQUEST_FAULT_KINDS)[number];

export type DeltaOrder = 'sequence' | 'reverse' | 'shuffle';

export interface Operation {
  kind: OperationKind;
  /** Chooses the item (or parent) the operation acts on, modulo the candidates. */
  pick: number;
  /** Chooses a second item, a target folder or a size. */
  other: number;
  /** Chooses a name from the pool. */
  name: number;
  /** create: a folder rather than a file. */
  folder: boolean;
}

export interface PlannedFault {
  kind: RequestFaultKind;
  /** The nth delta request of the sync (counted across its runs) fails this way. */
  nth: number;
}

export interface SyncPlan {
  /** The most items a delta page holds. */
  pageSize: number;
  /** The order of the items within each page (Microsoft promises no parent-before-child). */
  order: DeltaOrder;
  faults: PlannedFault[];
  /** The nth delta request carrying a token answers 410 resyncRequired. */
  resyncAt?: number;
  /** The run is abandoned after this many committed pages, as a crash would, and started again. */
  crashAfterPage?: number;
  /** Changes made while the crashed sync is down, before it starts again. */
  changesWhileDown: Operation[];
}

export interface Step {
  /** The feed lists the earlier states of items changed more than once, before their latest. */
  repeatedItems: boolean;
  operations: Operation[];
  sync: SyncPlan;
}

export interface History {
  /** Items created before the first sync. */
  initial: Operation[];
  /** Deleted folders' descendants known to the client get no tombstone of their own. */
  implicitDeletes: boolean;
  steps: Step[];
}

/** Names the operations draw from: case pairs, NFC/NFD pairs, other scripts, emoji. */
export const NAME_POOL = [
  'Report.docx',
  'report.DOCX',
  'notes.txt',
  'Notes.TXT',
  'r\u00e9sum\u00e9.pdf',
  're\u0301sume\u0301.pdf',
  '\u65e5\u672c\u8a9e\u306e\u8cc7\u6599.xlsx',
  '\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac',
  '\u{1F600} smile.md',
  'stra\u00dfe',
  'STRASSE',
  '\u0130stanbul',
  'Budget 2026.xlsx',
  'Archive',
  'a',
  'A',
] as const;

/** Names in other scripts and normalizations, for `renameUnicode`. */
export const UNICODE_NAMES = NAME_POOL.filter((name) => /[^\x20-\x7e]/.test(name));

const operationOf = (kinds: readonly OperationKind[]) =>
  fc.record({
    kind: fc.constantFrom(...kinds),
    pick: fc.nat(999),
    other: fc.nat(999),
    name: fc.nat(NAME_POOL.length - 1),
    folder: fc.boolean(),
  });

export interface HistoryShape {
  /** Fault kinds to draw from (401 only once the plugin recovers from a revoked token). */
  faultKinds: readonly RequestFaultKind[];
  /** Steps (change, then sync) per history. */
  maxSteps: number;
}

export function historyArbitrary({ faultKinds, maxSteps }: HistoryShape): fc.Arbitrary<History> {
  const operation = operationOf(OPERATION_KINDS);
  const sync: fc.Arbitrary<SyncPlan> = fc.record(
    {
      pageSize: fc.integer({ min: 1, max: 8 }),
      order: fc.constantFrom<DeltaOrder>('sequence', 'reverse', 'shuffle'),
      faults: fc.array(
        fc.record({ kind: fc.constantFrom(...faultKinds), nth: fc.integer({ min: 1, max: 6 }) }),
        { maxLength: 3 }
      ),
      resyncAt: fc.integer({ min: 1, max: 5 }),
      crashAfterPage: fc.integer({ min: 1, max: 4 }),
      changesWhileDown: fc.array(operation, { maxLength: 3 }),
    },
    { requiredKeys: ['pageSize', 'order', 'faults', 'changesWhileDown'] }
  );
  return fc.record({
    initial: fc.array(operationOf(['create']), { minLength: 2, maxLength: 12 }),
    implicitDeletes: fc.boolean(),
    steps: fc.array(
      fc.record({
        repeatedItems: fc.boolean(),
        operations: fc.array(operation, { minLength: 1, maxLength: 8 }),
        sync,
      }),
      { minLength: 1, maxLength: maxSteps }
    ),
  });
}
