/**
 * What a request costs in Microsoft's resource units (RU), the currency of the per-app, per-tenant
 * budget SharePoint and OneDrive throttle by. From Microsoft's table in "Avoid getting throttled or
 * blocked in SharePoint Online" (learn.microsoft.com/sharepoint/dev/general-development/
 * how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online):
 *
 *   1 RU  a single-item query (get an item), a delta request with a token, a file download;
 *   2 RU  a multi-item query (list children), a create, update, delete or upload, a delta request
 *         without a token;
 *   5 RU  every permission resource operation, `$expand=permissions` included.
 *
 * Only requests to Graph itself are charged: the pre-authenticated URLs Graph hands out (upload
 * session chunks, the download a `/content` request redirects to) live on other hosts, carry no
 * token, and cost nothing here (the `/content` request that led to them was charged as the
 * download). Where the table leaves a request open, the higher cost is taken: spending a little
 * less than the budget allows is cheaper than being throttled.
 */

export const MAX_REQUEST_COST = 5;

/** Query options that carry a delta request's state: with one, it is a "delta with a token". */
const DELTA_TOKEN_OPTIONS = ['token', '$deltatoken', 'deltatoken', '$skiptoken', 'skiptoken'];

/** Actions that create, change or remove an item's permissions (sharing). */
const PERMISSION_ACTIONS = new Set(['createlink', 'invite', 'grant', 'revokegrants']);

/** Path segments that answer a list (a multi-item query) when read. */
const LISTINGS = new Set([
  'children',
  'items',
  'drives',
  'sites',
  'lists',
  'columns',
  'contenttypes',
  'versions',
  'thumbnails',
  'subscriptions',
  'recent',
  'sharedwithme',
  'followed',
  'activities',
  'users',
]);

const READS = new Set(['GET', 'HEAD']);

/** The path's segments after the API version, lower-cased, with an item's `:/path:` collapsed. */
function segmentsOf(url: URL): string[] {
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: the raw path still names the operation.
  }
  return (
    path
      // `/root:/folder/file.txt:/children`: the relative path is a name, never an operation (a file
      // may well be called "permissions").
      .replace(/:\/[^:]*:?/, '/item')
      .split('/')
      .filter(Boolean)
      .slice(1)
      .map((segment) => segment.toLowerCase())
  );
}

const queryOption = (url: URL, name: string) => {
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === name) return value;
  }
  return null;
};

/** The RU a request to `url` with `method` costs; 0 for hosts other than Graph's. */
export function resourceUnitCost(method: string, url: string, graphHost: string): number {
  const parsed = new URL(url);
  if (parsed.hostname.toLowerCase() !== graphHost.toLowerCase()) return 0;
  const segments = segmentsOf(parsed);
  const last = segments[segments.length - 1] ?? '';
  const expand = `${queryOption(parsed, '$expand') ?? ''},${queryOption(parsed, 'expand') ?? ''}`;

  const permissions =
    segments.includes('permissions') ||
    PERMISSION_ACTIONS.has(last.replace(/\(.*$/, '')) ||
    /\bpermissions\b/i.test(expand);
  if (permissions) return 5;

  if (last === 'delta' || last.startsWith('delta(')) {
    // `delta(token='...')` is the function form of `delta?token=...`.
    const withToken =
      /^delta\(\s*token\s*=/.test(last) ||
      DELTA_TOKEN_OPTIONS.some((name) => queryOption(parsed, name) !== null);
    return withToken ? 1 : 2;
  }
  const verb = method.toUpperCase();
  if (!READS.has(verb)) return 2;
  if (LISTINGS.has(last) || last.startsWith('search(') || /\bchildren\b/i.test(expand)) return 2;
  // A single item, its content (a download) or any other single resource.
  return 1;
}
