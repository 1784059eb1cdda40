/**
 * Drive rows written straight to the database: no Graph call, no first sync and nothing due for the
 * schedule, so the test, soak or benchmark decides when the drive syncs (or writes its items itself,
 * page by page, through the engine's `applyPage`).
 */
import type { Core } from '@strapi/strapi';
import type { EmulatorInfo } from '../emulator/src';
import type { DriveRole } from '../shared/contracts/drives';
import { UID } from '../server/src/constants';
import type { DriveRow } from '../server/src/drives/table';
import type { ItemStore } from '../server/src/items/store';
import { applyPage, type PageOutcome } from '../server/src/sync/apply-page';
import { roundOf, type RoundState } from '../server/src/sync/delta-cursor';
import type { DeltaPage } from '../server/src/sync/delta-source';

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

let bareDrives = 0;

/**
 * A bare platform drive row (no site, no roles, never synced) for a test that writes its items
 * itself, page by page (`applyPages`). Its id.
 */
export async function createBareDriveRow(strapi: Core.Strapi): Promise<number> {
  bareDrives += 1;
  const drive = (await strapi.db.query(UID.drive).create({
    data: {
      name: `Drive ${bareDrives}`,
      kind: 'sharepoint',
      scope: 'platform',
      remoteDriveId: `remote-${bareDrives}`,
    },
  })) as { id: number };
  return drive.id;
}

/**
 * Applies delta pages in turn, each in its own transaction, as the sync engine does: the round's
 * state travels from one page to the next through the cursor each page saves.
 */
export async function applyPages(
  strapi: Core.Strapi,
  store: ItemStore,
  driveId: number,
  pages: DeltaPage[],
  round: RoundState = {}
): Promise<PageOutcome[]> {
  const outcomes: PageOutcome[] = [];
  for (const page of pages) {
    const outcome = await strapi.db.transaction(({ trx }) =>
      applyPage(trx, store, driveId, page, round)
    );
    outcomes.push(outcome);
    round = roundOf(outcome.cursor);
  }
  return outcomes;
}
