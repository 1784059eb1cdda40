/**
 * Small thumbnails of synced files, for My Files and the editors' picker. The caller has checked
 * that the user may read the drive; here: the item must be a live synced file of a kind that has
 * a thumbnail (images, PDFs, Office documents), else Microsoft is not asked at all. Thumbnails are
 * kept by the item's cTag as last synced, so a file whose content changed gets a new one once the
 * sync brings the new cTag; requests for the same thumbnail at the same time share one Graph call.
 *
 * Thumbnails stay on when the admin switches downloads off: a 96-pixel preview is not the file,
 * and Microsoft 365's own download blocking still shows previews.
 */
import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Client } from '@microsoft/microsoft-graph-client';
import { hasThumbnailKind } from '../../../../shared/thumbnails';
import type { DriveRow } from '../../drives/table';
import type { GraphService } from '../../graph/service';
import { findItemRow } from '../../items/rows';
import { externalDrivesError } from '../../graph/errors';
import { badRequest, notFound, toFileOperationError } from '../errors';
import { fetchSmallThumbnail, ThumbnailTooLargeError } from './graph-thumbnail';
import { ThumbnailCache, type CachedThumbnail, type ThumbnailImage } from './thumbnail-cache';

export interface ThumbnailDeps {
  strapi: Core.Strapi;
  client: (drive: DriveRow) => Promise<Client>;
  graph: Pick<GraphService, 'transport'>;
  cache?: ThumbnailCache;
}

export interface ThumbnailResult extends ThumbnailImage {
  /** Names this version of the thumbnail (HTTP ETag): derived from the cTag, quoted. */
  etag: string;
  /** The item's cTag as synced (its eTag when Microsoft gave none): the thumbnail's version. */
  version: string;
}

/** Microsoft's item ids are short; anything this long or with control characters is not one. */
const MAX_ITEM_ID_LENGTH = 400;

export const noThumbnail = () =>
  externalDrivesError('notFound', {
    message: 'This item has no thumbnail',
    nextStep: '',
    details: { reason: 'noThumbnail' },
  });

export function createThumbnailService({ strapi, client, graph, cache }: ThumbnailDeps) {
  const thumbnails = cache ?? new ThumbnailCache();
  const pending = new Map<string, Promise<CachedThumbnail>>();

  async function fetchOnce(drive: DriveRow, remoteId: string, key: string) {
    let request = pending.get(key);
    if (!request) {
      request = (async () => {
        try {
          const image = await fetchSmallThumbnail(
            await client(drive),
            graph.transport().dispatcher,
            drive.remoteDriveId,
            remoteId
          );
          return image ?? 'none';
        } catch (error) {
          if (error instanceof ThumbnailTooLargeError) return 'none';
          throw error;
        }
      })();
      pending.set(key, request);
      // Only what Microsoft answered is kept; a failure (throttled, offline) is asked again.
      request
        .then((value) => thumbnails.set(key, value))
        .catch(() => undefined)
        .finally(() => pending.delete(key));
    }
    return request;
  }

  return {
    async small(drive: DriveRow, remoteId: string): Promise<ThumbnailResult> {
      if (
        !remoteId ||
        remoteId.length > MAX_ITEM_ID_LENGTH ||
        [...remoteId].some((character) => character < ' ')
      )
        throw badRequest('The item id is not valid');
      const row = await findItemRow(strapi, drive.id, remoteId);
      if (!row || row.deleted) throw notFound('The item');
      if (row.isFolder) throw badRequest('Folders have no thumbnail');
      if (!hasThumbnailKind(row.name ?? '', row.mimeType)) throw noThumbnail();
      const version = row.cTag ?? row.eTag ?? '';
      const key = `${drive.id}\n${remoteId}\n${version}`;
      let value = thumbnails.get(key);
      if (value === undefined) {
        try {
          value = await fetchOnce(drive, remoteId, key);
        } catch (error) {
          throw toFileOperationError(error, 'read');
        }
      }
      if (value === 'none') throw noThumbnail();
      const etag = `"${createHash('sha256').update(key).digest('base64url').slice(0, 27)}"`;
      return { ...value, etag, version };
    },

    /** Forgets every kept thumbnail (tests; a changed integration). */
    clear() {
      thumbnails.clear();
    },
  };
}

export type ThumbnailService = ReturnType<typeof createThumbnailService>;
