/**
 * The drive table (`external_drives_drives`): its one row type, and every query of it. No other
 * module reads or writes the table; they ask here, by what they need. Writes that must commit with
 * other rows (a delta page with its cursor, a drive with everything it synced) take the caller's
 * transaction.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { DriveKind, DriveRole } from '../../../shared/contracts/drives';
import type { DriveLinkScope } from '../../../shared/contracts/sharing-links';
import type { LibraryColumnChoice } from '../../../shared/contracts/library-columns';
import { TABLE, UID } from '../constants';
import { externalDrivesError } from '../graph/errors';

export type DriveStatus =
  'pending' | 'syncing' | 'ok' | 'error' | 'auth_required' | 'folder_deleted';

/** A drive as stored (content-types/drive/schema.json). */
export interface DriveRow {
  id: number;
  name: string;
  kind: DriveKind;
  scope: 'platform' | 'personal';
  remoteDriveId: string;
  siteId?: string | null;
  siteName?: string | null;
  webUrl?: string | null;
  /**
   * One folder of the library instead of all of it (its remote item id; null: the whole library).
   * Its path is only shown: it is refreshed whenever the folder is renamed or moved.
   */
  folderItemId?: string | null;
  /** The folder's path in its library ("HR/Policies"), as last seen. */
  folderPath?: string | null;
  /** The library's own name ("Documents"), shown before the folder's path. */
  libraryName?: string | null;
  /** The admin user a personal drive belongs to. */
  ownerId?: number | null;
  /** The connected account (its row id) whose tokens a personal drive uses. */
  accountId?: number | null;
  roles?: DriveRole[] | null;
  /** Platform drives: the sharing links allowed; null on rows older than the column. */
  linkScope?: DriveLinkScope | null;
  /** The sync cursor (JSON, see sync/delta-cursor.ts); never leaves the server. */
  syncCursor?: string | null;
  /** The library columns kept and published (shared/contracts/library-columns.ts). */
  libraryColumns?: LibraryColumnChoice | null;
  /** The list-items delta link to fetch next; never leaves the server. */
  listSyncCursor?: string | null;
  status?: DriveStatus;
  lastSyncAt?: string | Date | null;
  lastSuccessfulSyncAt?: string | Date | null;
  lastError?: { code: string; message: string; nextStep?: string } | null;
  itemCount?: number | null;
  subscriptionId?: string | null;
  subscriptionExpiresAt?: string | Date | null;
  clientStateHash?: string | null;
  subscriptionClaimedUntil?: string | Date | null;
  createdAt?: string;
}

export type DriveField = keyof DriveRow & string;
export type DriveChanges = Partial<Omit<DriveRow, 'id' | 'createdAt'>>;

/** Saves the delta cursor a page leads to, in the transaction that applies the page. */
export async function saveDriveCursor(trx: Knex.Transaction, id: number, cursor: string) {
  const saved = await trx(TABLE.drive).where('id', id).update({ sync_cursor: cursor });
  // Disconnected while its sync ran: the page is refused (its rows roll back with it) rather than
  // written for a drive that no longer exists, and the run ends there.
  if (!saved) {
    throw externalDrivesError('notFound', {
      message: 'The drive was disconnected while it synced',
      nextStep: '',
    });
  }
}

/** A drive of the whole library has no folder (rows stored before folders existed included). */
const folderCondition = (folderItemId: string | null) =>
  folderItemId === null ? { $null: true } : folderItemId;
/** Saves the list-items delta cursor, in the transaction that applies that feed's page. */
export async function saveListCursor(trx: Knex.Transaction, id: number, cursor: string | null) {
  await trx(TABLE.drive).where('id', id).update({ list_sync_cursor: cursor });
}

export function createDriveTable(strapi: Core.Strapi) {
  const query = () => strapi.db.query(UID.drive);
  const ids = (rows: unknown) => (rows as Array<{ id: number }>).map((row) => row.id);

  return {
    async find(id: number, fields?: readonly DriveField[]): Promise<DriveRow | null> {
      if (!Number.isSafeInteger(id)) return null;
      return (await query().findOne({
        where: { id },
        ...(fields ? { select: [...fields] } : {}),
      })) as DriveRow | null;
    },

    /** Every drive, by name. */
    async list(fields: readonly DriveField[]): Promise<DriveRow[]> {
      return (await query().findMany({
        select: [...fields],
        orderBy: { name: 'asc' },
      })) as DriveRow[];
    },

    async create(data: DriveChanges): Promise<DriveRow> {
      return (await query().create({ data })) as DriveRow;
    },

    async update(id: number, changes: DriveChanges): Promise<void> {
      await query().update({ where: { id }, data: changes });
    },

    /** Deletes the row in the caller's transaction (with whatever else of the drive goes). */
    async remove(trx: Knex.Transaction, id: number): Promise<void> {
      await trx(TABLE.drive).where('id', id).del();
    },

    /** The platform drive of this library (of this one folder of it, when given). */
    async findPlatform(
      remoteDriveId: string,
      folderItemId: string | null = null
    ): Promise<DriveRow | null> {
      return (await query().findOne({
        where: { scope: 'platform', remoteDriveId, folderItemId: folderCondition(folderItemId) },
      })) as DriveRow | null;
    },

    /** The platform drives holding these remote drive ids, by remote id (the oldest one wins). */
    async platformByRemoteId(remoteDriveIds: string[]): Promise<Map<string, DriveRow>> {
      const byRemoteId = new Map<string, DriveRow>();
      if (remoteDriveIds.length === 0) return byRemoteId;
      const drives = (await query().findMany({
        where: { remoteDriveId: { $in: remoteDriveIds }, scope: 'platform' },
        orderBy: { id: 'asc' },
      })) as DriveRow[];
      for (const drive of drives)
        if (!byRemoteId.has(drive.remoteDriveId)) byRemoteId.set(drive.remoteDriveId, drive);
      return byRemoteId;
    },

    /** Which of these remote drive ids some user connected as a personal drive. */
    async personalRemoteIds(remoteDriveIds: string[]): Promise<Set<string>> {
      const drives = (await query().findMany({
        where: { remoteDriveId: { $in: remoteDriveIds }, scope: 'personal' },
        select: ['remoteDriveId'],
      })) as Array<Pick<DriveRow, 'remoteDriveId'>>;
      return new Set(drives.map((drive) => drive.remoteDriveId));
    },

    async findPersonal(
      ownerId: number,
      remoteDriveId: string,
      folderItemId: string | null = null
    ): Promise<DriveRow | null> {
      return (await query().findOne({
        where: {
          scope: 'personal',
          ownerId,
          remoteDriveId,
          folderItemId: folderCondition(folderItemId),
        },
      })) as DriveRow | null;
    },

    async personalIdsOf(ownerId: number): Promise<number[]> {
      return ids(await query().findMany({ where: { scope: 'personal', ownerId }, select: ['id'] }));
    },

    /** The drives using a connected account's tokens (those in one status, when given). */
    async idsOfAccount(accountId: number, status?: DriveStatus): Promise<number[]> {
      return ids(
        await query().findMany({
          where: { accountId, ...(status ? { status } : {}) },
          select: ['id'],
        })
      );
    },

    async countOfAccount(accountId: number): Promise<number> {
      return query().count({ where: { accountId } });
    },

    /** A site some platform drive is in (one the app is known to be granted), if any. */
    async aPlatformSiteId(): Promise<string | null> {
      const [drive] = (await query().findMany({
        where: { scope: 'platform' },
        select: ['siteId'],
        limit: 1,
      })) as Array<Pick<DriveRow, 'siteId'>>;
      return drive?.siteId ?? null;
    },

    /**
     * Drives not waiting for new credentials whose last sync ended before `cutoff` (or never), or
     * before `subscribedCutoff` for drives with a live change-notification subscription; with `id`,
     * that drive if it is one of them. The longest overdue first (never synced before all).
     */
    async dueForSync(cutoff: Date, subscribedCutoff: Date, id?: number): Promise<number[]> {
      const now = Date.now();
      const rows = (await query().findMany({
        select: ['id', 'lastSyncAt', 'subscriptionId', 'subscriptionExpiresAt'],
        where: {
          ...(id === undefined ? {} : { id }),
          // Waiting for new credentials, or following a folder that was deleted: nothing to sync.
          status: { $notIn: ['auth_required', 'folder_deleted'] },
          $or: [{ lastSyncAt: null }, { lastSyncAt: { $lt: cutoff } }],
        },
      })) as Array<
        Pick<DriveRow, 'id' | 'lastSyncAt' | 'subscriptionId' | 'subscriptionExpiresAt'>
      >;
      const lastSync = (row: (typeof rows)[number]) =>
        row.lastSyncAt ? new Date(row.lastSyncAt).getTime() : -Infinity;
      const subscribed = (row: (typeof rows)[number]) =>
        Boolean(row.subscriptionId) &&
        Boolean(row.subscriptionExpiresAt) &&
        new Date(row.subscriptionExpiresAt!).getTime() > now;
      return rows
        .filter((row) => !subscribed(row) || lastSync(row) < subscribedCutoff.getTime())
        .sort((a, b) => lastSync(a) - lastSync(b) || a.id - b.id)
        .map((row) => row.id);
    },

    /** Whether the drive has a live change-notification subscription, and when it last synced. */
    async pollingState(id: number) {
      const row = (await query().findOne({
        where: { id },
        select: ['lastSyncAt', 'subscriptionId', 'subscriptionExpiresAt'],
      })) as Pick<DriveRow, 'lastSyncAt' | 'subscriptionId' | 'subscriptionExpiresAt'> | null;
      if (!row) return null;
      return {
        lastSyncAt: row.lastSyncAt ? new Date(row.lastSyncAt).getTime() : null,
        subscribed:
          Boolean(row.subscriptionId) &&
          Boolean(row.subscriptionExpiresAt) &&
          new Date(row.subscriptionExpiresAt!).getTime() > Date.now(),
      };
    },

    async statuses(): Promise<Array<Pick<DriveRow, 'id' | 'status'>>> {
      return (await query().findMany({ select: ['id', 'status'] })) as Array<
        Pick<DriveRow, 'id' | 'status'>
      >;
    },

    /** Drives with a subscription Graph may send notifications for, as the webhook matches them. */
    async subscriptions(): Promise<
      Array<{ id: number; subscriptionId: string; clientStateHash: string }>
    > {
      return (await query().findMany({
        where: { subscriptionId: { $notNull: true }, clientStateHash: { $notNull: true } },
        select: ['id', 'subscriptionId', 'clientStateHash'],
      })) as Array<{ id: number; subscriptionId: string; clientStateHash: string }>;
    },

    /** Drives (not waiting for new credentials) without a subscription, or one ending before. */
    async dueForSubscription(renewBefore: Date): Promise<number[]> {
      return ids(
        await query().findMany({
          where: {
            status: { $ne: 'auth_required' },
            $or: [
              { subscriptionId: { $null: true } },
              { subscriptionExpiresAt: { $lt: renewBefore } },
            ],
          },
          select: ['id'],
        })
      );
    },

    /** Takes the drive's subscription work for `forMs`, unless another instance holds it. */
    async claimSubscriptionWork(id: number, forMs: number): Promise<boolean> {
      const now = new Date();
      const taken = await strapi.db
        .connection(TABLE.drive)
        .where('id', id)
        .andWhere((builder) =>
          builder
            .whereNull('subscription_claimed_until')
            .orWhere('subscription_claimed_until', '<', now)
        )
        .update({ subscription_claimed_until: new Date(now.getTime() + forMs) });
      return taken === 1;
    },

    async releaseSubscriptionWork(id: number): Promise<void> {
      await query().update({ where: { id }, data: { subscriptionClaimedUntil: null } });
    },
  };
}

export type DriveTable = ReturnType<typeof createDriveTable>;
