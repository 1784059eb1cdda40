/**
 * The sharing links published in content: one row per (remote drive, remote item, type, scope)
 * with the link Microsoft 365 answered. Keyed like the stored values (Microsoft's own ids), so a
 * link survives disconnecting and reconnecting its library, as the attachments do.
 *
 * Only the server writes here, after creating or reusing the link itself (attach-policy.ts): the
 * content API publishes these URLs and never one a browser sent. Reads are gated by the switch
 * and the drive's scope at read time (resolve.ts), so a row is never published once links are off.
 */
import type { Core } from '@strapi/strapi';
import { referenceKey, type ExternalFileReference } from '../../../shared/external-file';
import type { SharingLink } from '../../../shared/contracts/sharing-links';
import { TABLE, UID } from '../constants';

const UNIQUE_INDEX = 'external_drives_sharing_links_item_uq';
/** Ids per `IN (...)` list: under SQLite's oldest limit of 999 bound parameters. */
const ID_BATCH = 400;

/** Strapi's schema sync does not know the unique key the upsert needs: every boot checks it. */
export async function ensureSharingLinkIndexes(strapi: Core.Strapi) {
  await strapi.db.connection.raw(
    `CREATE UNIQUE INDEX IF NOT EXISTS ${UNIQUE_INDEX} ON ${TABLE.sharingLink} ` +
      '(remote_drive_id, remote_item_id, type, scope)'
  );
}

/**
 * Stores (or refreshes) the link Microsoft answered for a file. Through the query engine, so a
 * write made inside the caller's transaction (a document-service write may run in one) joins it
 * rather than waiting for SQLite's one connection.
 */
export async function saveSharingLink(
  strapi: Core.Strapi,
  reference: ExternalFileReference,
  link: SharingLink
) {
  const links = strapi.db.query(UID.sharingLink);
  const where = {
    remoteDriveId: reference.driveId,
    remoteItemId: reference.itemId,
    type: link.type,
    scope: link.scope,
  };
  const update = () => links.update({ where, data: { webUrl: link.webUrl } });
  if (await links.findOne({ where, select: ['id'] })) return update();
  try {
    return await links.create({ data: { ...where, webUrl: link.webUrl } });
  } catch (error) {
    // Another write stored the same file's link meanwhile (the unique key): refresh that row.
    if (await links.findOne({ where, select: ['id'] })) return update();
    throw error;
  }
}

/** The stored view links of this scope for these files, by `referenceKey`. */
export async function storedSharingLinks(
  strapi: Core.Strapi,
  references: ExternalFileReference[],
  scope: SharingLink['scope']
): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  const wanted = new Set(references.map(referenceKey));
  const itemIds = [...new Set(references.map((reference) => reference.itemId))];
  for (let start = 0; start < itemIds.length; start += ID_BATCH) {
    const rows = (await strapi.db.query(UID.sharingLink).findMany({
      where: { remoteItemId: { $in: itemIds.slice(start, start + ID_BATCH) }, type: 'view', scope },
      select: ['remoteDriveId', 'remoteItemId', 'webUrl'],
    })) as Array<{ remoteDriveId: string; remoteItemId: string; webUrl: string }>;
    for (const row of rows) {
      const key = referenceKey({ driveId: row.remoteDriveId, itemId: row.remoteItemId });
      if (wanted.has(key)) links.set(key, row.webUrl);
    }
  }
  return links;
}
