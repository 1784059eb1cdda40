/**
 * Thumbnails as Microsoft documents them ("List thumbnails for a DriveItem"):
 *
 *   GET /drives/{d}/items/{i}/thumbnails            200 { value: [thumbnailSet] }, zero or more
 *   GET /drives/{d}/items/{i}/thumbnails/{id}/{size}          200 { width, height, url }
 *   GET /drives/{d}/items/{i}/thumbnails/{id}/{size}/content  302 to the thumbnail URL
 *
 * A set is `{ id: "0", small, medium, large }`; `$select` (or `select`) keeps the sizes named.
 * Images, PDFs and Office documents have one set; other files and folders have none (an empty
 * list). The URLs are pre-authenticated, on the content host, and change with the content.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { itemNotFound } from '../errors';
import { resolveItem } from '../graph/resolve';
import type { DriveItem } from '../store/model';
import {
  THUMBNAIL_SIZES,
  thumbnailKindOf,
  thumbnailPng,
  type ThumbnailSize,
} from './thumbnail-image';
import { thumbnailUrl, verifyThumbnailToken } from './thumbnail-links';

const ITEM = '/v1.0/drives/:driveId/items/:itemId';
const ITEM_BY_PATH = '/v1.0/drives/:driveId/items/:itemId/path/:relativePath';

const isSize = (name: string): name is ThumbnailSize =>
  Object.prototype.hasOwnProperty.call(THUMBNAIL_SIZES, name);

/** Whether the item has a thumbnail set: a live file of a kind thumbnails are made for. */
const hasThumbnails = (item: DriveItem) =>
  !item.isFolder &&
  !item.deleted &&
  Boolean(item.content) &&
  thumbnailKindOf(item.name, item.mimeType) !== null;

function thumbnailOf(
  emulator: EmulatorContext,
  driveId: string,
  item: DriveItem,
  size: ThumbnailSize
) {
  const side = THUMBNAIL_SIZES[size];
  return {
    width: side,
    height: side,
    url: thumbnailUrl(emulator, {
      driveId,
      itemId: item.id,
      contentVersion: item.contentVersion,
      size,
    }),
  };
}

/** The sizes `$select` names (any case), or all; unknown names (custom sizes) are left out. */
function selectedSizes(ctx: Context): ThumbnailSize[] {
  const raw = ctx.query.$select ?? ctx.query.select;
  if (typeof raw !== 'string' || !raw.trim())
    return Object.keys(THUMBNAIL_SIZES) as ThumbnailSize[];
  const wanted = new Set(raw.split(',').map((name) => name.trim().toLowerCase()));
  return (Object.keys(THUMBNAIL_SIZES) as ThumbnailSize[]).filter((size) => wanted.has(size));
}

/** The one thumbnail addressed by set id and size, or Graph's 404. */
function addressedThumbnail(emulator: EmulatorContext, ctx: Context) {
  const { drive, item } = resolveItem(emulator, ctx);
  const { setId, size } = ctx.params;
  if (setId !== '0' || !isSize(size) || !hasThumbnails(item))
    throw itemNotFound('The thumbnail could not be found.');
  return thumbnailOf(emulator, drive.id, item, size);
}

export function registerThumbnailRoutes(router: Router, emulator: EmulatorContext): void {
  const list = (ctx: Context) => {
    const { drive, item } = resolveItem(emulator, ctx);
    if (!hasThumbnails(item)) {
      ctx.body = { value: [] };
      return;
    }
    const set: Record<string, unknown> = { id: '0' };
    for (const size of selectedSizes(ctx)) set[size] = thumbnailOf(emulator, drive.id, item, size);
    ctx.body = { value: [set] };
  };
  router.get(`${ITEM}/thumbnails`, list);
  router.get(`${ITEM_BY_PATH}/thumbnails`, list);

  router.get(`${ITEM}/thumbnails/:setId/:size`, (ctx) => {
    ctx.body = addressedThumbnail(emulator, ctx);
  });
  router.get(`${ITEM}/thumbnails/:setId/:size/content`, (ctx) => {
    ctx.status = 302;
    ctx.set('Location', addressedThumbnail(emulator, ctx).url);
  });
}

/** The content host's thumbnail URL: no Authorization needed; 404 once the item has changed. */
export function thumbnailContentHandler(emulator: EmulatorContext) {
  return (ctx: Context) => {
    const claim = verifyThumbnailToken(emulator, ctx.params.token);
    if (!claim) throw itemNotFound('The thumbnail URL is invalid.');
    const drive = emulator.store.drives.get(claim.driveId);
    const item = drive?.items.get(claim.itemId);
    if (!item || !hasThumbnails(item) || item.contentVersion !== claim.contentVersion)
      throw itemNotFound('The thumbnail could not be found.');
    const kind = thumbnailKindOf(item.name, item.mimeType)!;
    const hash = emulator.store.quickXorHashOf(item) ?? item.id;
    ctx.type = 'image/png';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = thumbnailPng(hash, kind, THUMBNAIL_SIZES[claim.size]);
  };
}
