/**
 * `GET /sites/{site}/lists/{list}/items/delta` of a document library's list, as Microsoft
 * documents it: pages with an `@odata.nextLink` until an `@odata.deltaLink`; `token=latest` answers
 * no items and a deltaLink; an expired token answers 410 with a Location that starts afresh. Its
 * list items are the drive's items, so the feed walks the drive's change sequence (a metadata
 * change stamps the item there too), in a token of its own kind and generation.
 */
import type { EmulatorContext } from '../context';
import { GraphError, badRequest } from '../errors';
import type { Drive } from '../store/model';
import { DEFAULT_DELTA_PAGE, MAX_DELTA_PAGE } from './delta';
import { serializeListItem } from './list-items';

interface ListDeltaState {
  /** list id */
  l: string;
  g: number;
  /** items whose sequence is after this */
  a: number;
  /** 1 during a full enumeration (tombstones deleted before it began are not listed) */
  f: 0 | 1;
  b?: number;
  /** $expand and $top of the request that started the round */
  e?: string;
  t?: number;
}

const encode = (state: ListDeltaState) =>
  Buffer.from(JSON.stringify({ k: 'list', ...state })).toString('base64url');

function decode(token: string): ListDeltaState {
  try {
    const state = JSON.parse(Buffer.from(token, 'base64url').toString()) as ListDeltaState & {
      k?: string;
    };
    if (state.k !== 'list' || typeof state.l !== 'string' || typeof state.a !== 'number')
      throw new Error('shape');
    return state;
  } catch {
    throw badRequest('Invalid delta token.');
  }
}

export interface ListDeltaRequest {
  token?: string;
  top?: number;
  /** The raw `$expand` (e.g. `fields($select=A,B)`), carried by the links of the round. */
  expand?: string;
  parseExpand: (expand: string | undefined) => { fields: boolean; select?: string[] };
}

export function listDeltaPage(
  emulator: EmulatorContext,
  drive: Drive,
  siteId: string,
  request: ListDeltaRequest
): Record<string, unknown> {
  const list = drive.list;
  const deltaUrl = `${emulator.apiOrigin}/v1.0/sites/${siteId}/lists/${list.id}/items/delta`;
  const fresh = (): ListDeltaState => ({
    l: list.id,
    g: list.tokenGeneration,
    a: 0,
    f: 1,
    b: drive.changes.current,
  });
  if (request.token === 'latest') {
    const latest = { l: list.id, g: list.tokenGeneration, a: drive.changes.current, f: 0 as const };
    return { value: [], '@odata.deltaLink': `${deltaUrl}?token=${encode(latest)}` };
  }
  let state = fresh();
  if (request.token) {
    state = decode(request.token);
    if (state.l !== list.id) throw badRequest('The delta token belongs to another list.');
    if (state.g !== list.tokenGeneration) {
      throw new GraphError(
        410,
        'resyncRequired',
        'Resync required. Replace any local items with the server version (including deletes).',
        'resyncChangesApplyDifferences',
        { Location: `${deltaUrl}?token=${encode(fresh())}` }
      );
    }
  }
  const expandText = request.expand ?? state.e;
  const expand = request.parseExpand(expandText);
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
  // The root is no list item.
  const value = page.items
    .filter((item) => item.listItemId !== undefined)
    .map((item) => serializeListItem(emulator, drive, item, expand));
  const carry = { e: expandText, t: request.top ?? state.t };
  if (!page.done) {
    const next: ListDeltaState = { ...state, a: page.cursor, ...carry };
    return { value, '@odata.nextLink': `${deltaUrl}?token=${encode(next)}` };
  }
  const done: ListDeltaState = {
    l: list.id,
    g: list.tokenGeneration,
    a: drive.changes.current,
    f: 0,
    ...carry,
  };
  return { value, '@odata.deltaLink': `${deltaUrl}?token=${encode(done)}` };
}
