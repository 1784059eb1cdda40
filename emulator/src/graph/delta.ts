import type { EmulatorContext } from '../context';
import { GraphError, badRequest } from '../errors';
import { seededRandom } from '../ids';
import type { Drive, DriveItem } from '../store/model';
import { applySelect, selectsDownloadUrl, selectsProperty, serializeItem } from './serialize';

export const DEFAULT_DELTA_PAGE = 200;
export const MAX_DELTA_PAGE = 1000;

/** What an opaque delta token carries. */
interface DeltaState {
  /** drive id */
  d: string;
  /** token generation: older tokens are invalidated by the control API */
  g: number;
  /** return items whose sequence is after this */
  a: number;
  /** 1 during a full enumeration (tombstones are not listed) */
  f: 0 | 1;
  /** during a full enumeration: the sequence it began at (deletions after it are listed) */
  b?: number;
  /** during an incremental round: the sequence it began at (what its client knew) */
  r?: number;
  /** $select and $top of the request that started this enumeration */
  s?: string[];
  t?: number;
}

const encodeToken = (state: DeltaState) => Buffer.from(JSON.stringify(state)).toString('base64url');

function decodeToken(token: string): DeltaState {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString()) as DeltaState;
    if (typeof state.d !== 'string' || typeof state.a !== 'number') throw new Error('shape');
    return state;
  } catch {
    throw badRequest('Invalid delta token.');
  }
}

/** A full enumeration starting now: every live item, and deletions from now on. */
const freshEnumeration = (drive: Drive): DeltaState => ({
  d: drive.id,
  g: drive.tokenGeneration,
  a: 0,
  f: 1,
  b: drive.changes.current,
});

export interface DeltaRequest {
  token?: string;
  select?: string[];
  top?: number;
  /** `Prefer: deltaExcludeParent` (or a deltaExcludeParent header) was sent. */
  excludeParents?: boolean;
}

/** One page of /drives/{id}/root/delta. */
export function deltaPage(
  emulator: EmulatorContext,
  drive: Drive,
  request: DeltaRequest
): Record<string, unknown> {
  const deltaUrl = `${emulator.apiOrigin}/v1.0/drives/${drive.id}/root/delta`;
  let state: DeltaState;
  if (request.token === 'latest') {
    const latest: DeltaState = {
      d: drive.id,
      g: drive.tokenGeneration,
      a: drive.changes.current,
      f: 0,
    };
    return { value: [], '@odata.deltaLink': `${deltaUrl}?token=${encodeToken(latest)}` };
  }
  if (request.token) {
    state = decodeToken(request.token);
    if (state.d !== drive.id) throw badRequest('The delta token belongs to another drive.');
    if (state.g !== drive.tokenGeneration) {
      // Microsoft: "a Location header containing a new nextLink that starts a fresh delta
      // enumeration from scratch". Its token carries no $select or $top (nothing documents that
      // they survive a resync): a client wanting them asks again.
      throw new GraphError(
        410,
        'resyncRequired',
        "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.",
        'resyncChangesApplyDifferences',
        { Location: `${deltaUrl}?token=${encodeToken(freshEnumeration(drive))}` }
      );
    }
  } else {
    state = freshEnumeration(drive);
  }
  const select = request.select ?? state.s;
  const top = Math.min(
    MAX_DELTA_PAGE,
    drive.deltaPageSize ?? MAX_DELTA_PAGE,
    Math.max(1, request.top ?? state.t ?? DEFAULT_DELTA_PAGE)
  );
  const page = drive.changes.page(
    state.a,
    top,
    state.f === 0 ? Number.NEGATIVE_INFINITY : (state.b ?? Number.POSITIVE_INFINITY)
  );
  const roundStart = state.r ?? state.a;
  const listed =
    state.f === 0 && drive.deltaListsDeletedDescendants === false
      ? page.items.filter((item) => !knownBelowDeletedFolder(item, roundStart))
      : page.items;
  const changed =
    state.f === 0 && drive.deltaIncludesParents && !request.excludeParents
      ? withParents(listed, drive)
      : listed;
  const items = reorder(changed, drive, state.a);
  const downloadUrl = selectsDownloadUrl(select);
  const sharepointIds = selectsProperty(select, 'sharepointIds');
  const value = items.map((item) =>
    applySelect(
      serializeItem(emulator, drive, item, 'delta', { downloadUrl, sharepointIds }),
      select
    )
  );
  const carry = { s: select, t: request.top ?? state.t };
  if (!page.done) {
    const next: DeltaState = {
      ...state,
      a: page.cursor,
      ...(state.f === 0 ? { r: roundStart } : {}),
      ...carry,
    };
    return { value, '@odata.nextLink': `${deltaUrl}?token=${encodeToken(next)}` };
  }
  const done: DeltaState = {
    d: drive.id,
    g: drive.tokenGeneration,
    a: drive.changes.current,
    f: 0,
    ...carry,
  };
  return { value, '@odata.deltaLink': `${deltaUrl}?token=${encodeToken(done)}` };
}

/**
 * A tombstone the client can do without: the item went with a deleted ancestor, and the client
 * knew it there (its last change before the deletion is older than the round), so the ancestor's
 * tombstone implies it. Items moved below the folder during the round keep their own.
 */
const knownBelowDeletedFolder = (item: DriveItem, roundStart: number) =>
  item.deleted &&
  item.deletedWithAncestorAfter !== undefined &&
  item.deletedWithAncestorAfter <= roundStart;

/** The changed items preceded by their (live) ancestor folders not already in the page. */
function withParents(items: DriveItem[], drive: Drive): DriveItem[] {
  const listed = new Set(items.map((item) => item.id));
  const out: DriveItem[] = [];
  for (const item of items) {
    const ancestors: DriveItem[] = [];
    for (let id = item.parentId; id !== null;) {
      const parent = drive.items.get(id);
      if (!parent || parent.deleted || listed.has(parent.id)) break;
      listed.add(parent.id);
      ancestors.unshift(parent);
      id = parent.parentId;
    }
    out.push(...ancestors, item);
  }
  return out;
}

/**
 * Microsoft does not promise parents before children: tests can ask for other orders. What it does
 * promise is that the last occurrence of an item is its latest state, so an item listed more than
 * once keeps its states in sequence order, in whichever places the new order gives them.
 */
function reorder(items: DriveItem[], drive: Drive, after: number): DriveItem[] {
  if (drive.deltaOrder === 'sequence') return items;
  const moved = [...items];
  if (drive.deltaOrder === 'reverse') moved.reverse();
  else {
    const random = seededRandom(`${drive.id}:${after}`);
    for (let i = moved.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [moved[i], moved[j]] = [moved[j], moved[i]];
    }
  }
  const statesInSequence = new Map<string, DriveItem[]>();
  for (const item of items) {
    statesInSequence.set(item.id, [...(statesInSequence.get(item.id) ?? []), item]);
  }
  return moved.map((item) => statesInSequence.get(item.id)!.shift()!);
}
