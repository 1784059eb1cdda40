/**
 * An item's small thumbnail from Microsoft 365: `GET /drives/{d}/items/{i}/thumbnails?$select=small`
 * through the drive's Graph client (so the tenant's pacer, the retry policy and the token handling
 * apply, as to every Graph call), then the thumbnail's pre-authenticated URL read with the plugin's
 * transport and no Authorization header (another host, as download URLs; cost 0, not paced).
 * Microsoft documents an empty list for an item without thumbnails: that is `null` here.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { request, type Dispatcher } from 'undici';
import { MAX_THUMBNAIL_BYTES } from '../../../../shared/thumbnails';
import { DownloadStatusError } from '../download';
import type { ThumbnailImage } from './thumbnail-cache';

interface ThumbnailSetList {
  value?: Array<{ small?: { url?: string } }>;
}

/**
 * Raster types only: the bytes are shown in the admin panel, and an SVG or HTML answer (which
 * could carry script) is never relayed, whatever the other host says it is.
 */
const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export class ThumbnailTooLargeError extends Error {
  constructor() {
    super(`The thumbnail is larger than ${MAX_THUMBNAIL_BYTES} bytes`);
    this.name = 'ThumbnailTooLargeError';
  }
}

/** Reads a pre-authenticated thumbnail URL into memory; null when it is gone or not an image. */
async function readThumbnailUrl(
  dispatcher: Dispatcher,
  url: string
): Promise<ThumbnailImage | null> {
  const response = await request(url, { dispatcher });
  if (response.statusCode === 404) {
    await response.body.dump().catch(() => undefined);
    return null;
  }
  if (response.statusCode !== 200) {
    await response.body.dump().catch(() => undefined);
    throw new DownloadStatusError(response.statusCode, null);
  }
  const contentType = String(response.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (!RASTER_TYPES.has(contentType)) {
    await response.body.dump().catch(() => undefined);
    return null;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of response.body) {
    length += (chunk as Buffer).length;
    if (length > MAX_THUMBNAIL_BYTES) {
      response.body.destroy();
      throw new ThumbnailTooLargeError();
    }
    chunks.push(chunk as Buffer);
  }
  return { bytes: Buffer.concat(chunks), contentType };
}

export async function fetchSmallThumbnail(
  client: Client,
  dispatcher: Dispatcher,
  driveId: string,
  itemId: string
): Promise<ThumbnailImage | null> {
  const listed = (await client
    .api(`/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}/thumbnails`)
    .select('small')
    .get()) as ThumbnailSetList;
  const url = listed.value?.[0]?.small?.url;
  return url ? readThumbnailUrl(dispatcher, url) : null;
}
