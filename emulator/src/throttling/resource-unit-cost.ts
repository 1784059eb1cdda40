/**
 * What a Microsoft Graph request costs in SharePoint resource units, by Microsoft's table ("Avoid
 * getting throttled or blocked in SharePoint Online"):
 *   1 RU  a single-item query (get item), a delta with a token, a file download;
 *   2 RU  a multi-item query (list children, a delta without a token), a create, update, delete or
 *         upload;
 *   5 RU  every permission resource operation, `$expand=permissions` included.
 */
export interface CostedRequest {
  method: string;
  /** The canonical path (see normalize-path.ts): `/v1.0/drives/{d}/items/{id}[/path/{p}][/...]`. */
  path: string;
  deltaWithToken: boolean;
  /** The request's `$expand` (or `expand`) option, if any. */
  expand?: string;
}

/** Navigation properties and functions that answer a list of items (a multi-item query). */
const COLLECTIONS = new Set([
  'activities',
  'children',
  'columns',
  'contenttypes',
  'drives',
  'followed',
  'items',
  'lists',
  'recent',
  'sharedwithme',
  'sites',
  'subscriptions',
  'thumbnails',
  'users',
  'versions',
]);

/** Actions on an item's sharing: they create, change or remove permissions. */
const PERMISSION_ACTIONS = new Set(['createlink', 'invite', 'grant', 'revokegrants']);

export function resourceUnitCost(request: CostedRequest): number {
  // An item addressed by path carries its relative path as one encoded segment after /path: a
  // file may be called "children" or "permissions", so that segment is never an operation.
  const segments = request.path
    .replace(/(\/items\/[^/]+)\/path\/[^/]+/, '$1')
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.toLowerCase());
  const last = segments[segments.length - 1] ?? '';
  const permissions =
    segments.includes('permissions') ||
    segments.includes('permission') ||
    PERMISSION_ACTIONS.has(last) ||
    /\bpermissions\b/i.test(request.expand ?? '');
  if (permissions) return 5;
  if (last === 'delta') return request.deltaWithToken ? 1 : 2;
  if (request.method !== 'GET' && request.method !== 'HEAD') return 2;
  if (COLLECTIONS.has(last) || /^search\(/.test(last)) return 2;
  // A single item, its content (a download) or any other single resource.
  return 1;
}
