/**
 * Drive rows written straight to the database: no Graph call, no first sync and nothing due for the
 * schedule, so the test, soak or benchmark decides when the drive syncs.
 */
import type { Core } from '@strapi/strapi';
import type { EmulatorInfo } from '../emulator/src';
import type { DriveRole } from '../shared/contracts/drives';
import { UID } from '../server/src/constants';
import type { DriveRow } from '../server/src/drives/table';

/**
 * A platform drive row for a library of the emulator (named after it, `pending`, shown to no role
 * unless `fields` say otherwise).
 */
export async function createDriveRow(
  strapi: Core.Strapi,
  info: EmulatorInfo,
  remoteDriveId: string,
  fields: Record<string, unknown> = {}
): Promise<DriveRow> {
  const site = info.sites.find((s) => s.drives.some((d) => d.id === remoteDriveId));
  const library = site?.drives.find((d) => d.id === remoteDriveId);
  return (await strapi.db.query(UID.drive).create({
    data: {
      name: library?.name ?? 'Library',
      kind: 'sharepoint',
      scope: 'platform',
      remoteDriveId,
      siteId: site?.id ?? null,
      status: 'pending',
      roles: [],
      // Not due for the scheduler's minute scan either: a scheduled first sync (a full
      // enumeration) landing in the middle of a test would race the rows the test writes.
      lastSyncAt: new Date(),
      ...fields,
    },
  })) as DriveRow;
}

/**
 * The emulator's first SharePoint library as a platform drive that has synced (`ok`), shown to
 * `roles` when given (otherwise to drive managers only).
 */
export const createPlatformDriveRow = (
  strapi: Core.Strapi,
  info: EmulatorInfo,
  roles?: DriveRole[]
): Promise<DriveRow> =>
  createDriveRow(strapi, info, info.sites[0].drives[0].id, { status: 'ok', roles: roles ?? null });
