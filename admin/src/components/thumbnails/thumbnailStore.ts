/**
 * The thumbnails the panel has fetched, as blob URLs, by their route with the item's cTag (so a
 * changed file is a new entry, never the old picture). The admin API needs the admin's bearer
 * token, which a plain <img src> cannot send: each thumbnail is fetched with it, once, however
 * many rows or pickers show it at the same time. Bounded: the oldest URLs are revoked.
 */
import { ApiError, authorizedBlob } from '../../api/authorizedFetch';

/** A blob URL, or null: the item has no thumbnail (or it could not be had): the placeholder. */
type Loaded = string | null;

const MAX_KEPT = 300;
const kept = new Map<string, Loaded>();
const pending = new Map<string, Promise<Loaded>>();

function keep(path: string, value: Loaded) {
  kept.set(path, value);
  for (const [oldest, url] of kept) {
    if (kept.size <= MAX_KEPT) break;
    kept.delete(oldest);
    if (url) URL.revokeObjectURL(url);
  }
}

/** What is already known of this thumbnail: its URL, null (none), or undefined (not asked). */
export const knownThumbnail = (path: string): Loaded | undefined => kept.get(path);

export function loadThumbnail(token: string | null, path: string): Promise<Loaded> {
  if (kept.has(path)) return Promise.resolve(kept.get(path)!);
  let request = pending.get(path);
  if (!request) {
    request = authorizedBlob(token, path)
      .then((blob) => {
        const url = URL.createObjectURL(blob);
        keep(path, url);
        return url;
      })
      // Every failure shows the placeholder, with nothing to report. Only "no thumbnail" (404) is
      // kept: after a passing failure (Microsoft busy) the row asks again when shown again.
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) keep(path, null);
        return null;
      })
      .finally(() => pending.delete(path));
    pending.set(path, request);
  }
  return request;
}
