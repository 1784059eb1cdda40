/**
 * The activity record of a file operation: on platform drives Microsoft names the application as
 * the modifier, so the person who acted is only known here.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ActivityAction } from '../../../shared/contracts/drives';
import { TABLE, UID } from '../constants';

export type { ActivityAction };

export const ACTIVITY_UID = UID.activity;

export interface AdminUserRef {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email?: string | null;
}

export const displayNameOf = (user: AdminUserRef) =>
  user.username ||
  [user.firstname, user.lastname].filter(Boolean).join(' ') ||
  user.email ||
  `#${user.id}`;

export async function recordActivity(
  strapi: Core.Strapi,
  entry: {
    driveId: number;
    action: ActivityAction;
    user: AdminUserRef;
    itemRemoteId?: string;
    itemName?: string;
    result: 'succeeded' | 'failed';
    errorCode?: string;
    details?: Record<string, unknown>;
  }
) {
  const { user, ...rest } = entry;
  await strapi.db.query(ACTIVITY_UID).create({
    data: { ...rest, userId: user.id, userName: displayNameOf(user), occurredAt: new Date() },
  });
}

/**
 * (drive, item, time): the listing looks up the latest activity of a page's items (see
 * latestSucceededChanges). Strapi's schema sync does not know it, so every boot checks.
 */
export const ITEM_ACTIVITY_INDEX = 'external_drives_activities_drive_item_idx';

export async function ensureActivityIndexes(strapi: Core.Strapi) {
  await strapi.db.connection.raw(
    `CREATE INDEX IF NOT EXISTS ${ITEM_ACTIVITY_INDEX} ON ${TABLE.activity} ` +
      '(drive_id, item_remote_id, occurred_at)'
  );
}

/**
 * How much later than our record of a change Microsoft's modified time may be and still be that
 * change: Microsoft stamps the item before it answers and we record after, so only a clock skew
 * between Strapi's server and Microsoft's makes it later. A change made in Microsoft 365 after
 * that is someone else's.
 */
export const CLOCK_MARGIN_MS = 2000;

export interface StrapiChange {
  userName: string;
  occurredAt: Date;
}

/** A datetime as the database answers it raw: a Date (PostgreSQL), epoch ms or text (SQLite). */
const toDate = (value: unknown) => {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value)))
    return new Date(Number(value));
  return new Date(String(value));
};

/**
 * The latest successful activity on each of these items, by remote id: one query for a whole page
 * (through the (drive, item, time) index), never one per row.
 */
export async function latestSucceededChanges(
  knex: Knex,
  driveId: number,
  remoteIds: string[]
): Promise<Map<string, StrapiChange>> {
  const latest = new Map<string, StrapiChange & { id: number }>();
  if (remoteIds.length === 0) return latest;
  const succeeded = (builder: Knex.QueryBuilder, table: string) =>
    builder
      .where({ [`${table}.drive_id`]: driveId, [`${table}.result`]: 'succeeded' })
      .whereIn(`${table}.item_remote_id`, remoteIds);
  const newest = succeeded(knex(`${TABLE.activity} as n`), 'n')
    .groupBy('n.item_remote_id')
    .select('n.item_remote_id')
    .max({ latest: 'n.occurred_at' })
    .as('newest');
  const rows = (await succeeded(knex(`${TABLE.activity} as a`), 'a')
    .join(newest, function joinNewest() {
      this.on('newest.item_remote_id', '=', 'a.item_remote_id').andOn(
        'newest.latest',
        '=',
        'a.occurred_at'
      );
    })
    .select('a.id', 'a.item_remote_id', 'a.user_name', 'a.occurred_at')) as Array<{
    id: number;
    item_remote_id: string;
    user_name: string | null;
    occurred_at: unknown;
  }>;
  for (const row of rows) {
    const known = latest.get(row.item_remote_id);
    // Two records of the same instant: the later written wins.
    if (!row.user_name || (known && known.id > Number(row.id))) continue;
    latest.set(row.item_remote_id, {
      id: Number(row.id),
      userName: row.user_name,
      occurredAt: toDate(row.occurred_at),
    });
  }
  return latest;
}

/**
 * The Strapi user behind an item's last change, when that change is the one Microsoft's modified
 * time says is the latest (not older than it, give or take the clock margin); otherwise null.
 */
export function strapiModifierOf(
  change: StrapiChange | undefined,
  remoteModifiedAt: string | Date | null | undefined
): string | null {
  if (!change) return null;
  if (!remoteModifiedAt) return change.userName;
  const modified = new Date(remoteModifiedAt).getTime();
  return change.occurredAt.getTime() >= modified - CLOCK_MARGIN_MS ? change.userName : null;
}

export async function listActivity(strapi: Core.Strapi, driveId: number, limit = 100) {
  return strapi.db
    .query(ACTIVITY_UID)
    .findMany({ where: { driveId }, orderBy: { occurredAt: 'desc' }, limit });
}

/** A disconnected drive's activity goes, in the caller's transaction. */
export async function removeDriveActivity(trx: Knex.Transaction, driveId: number) {
  await trx(TABLE.activity).where('drive_id', driveId).del();
}
