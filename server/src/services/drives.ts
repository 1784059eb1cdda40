/**
 * The `drives` service: connected drives and who sees them. Platform drives are added by drive
 * managers and shown to the roles they name; personal drives (connections issue) to their owner.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, TABLE, UID } from '../constants';
import { canRead, type Ability, type AdminUser } from '../files/access';
import type { DriveRow } from '../files/rows';
import { externalDrivesError } from '../graph/errors';
import { libraryOfSite, siteById } from '../graph/sites';
import type { GraphService } from '../graph/service';
import type { SyncService } from '../sync/service';
import type { ConnectionsService } from '../connections/service';
import type { NotificationsService } from '../notifications/service';
import type { SettingsService } from './settings';

import type {
  DrivePresentation,
  DriveRole,
  DriveSyncMode,
  DriveUpdate,
  PlatformDriveInput,
} from '../../../shared/contracts/drives';

export type { DriveRole, PlatformDriveInput };

/** What the API shows of a drive: never its delta cursor or token references. */
const PUBLIC_FIELDS = [
  'id',
  'name',
  'kind',
  'scope',
  'remoteDriveId',
  'siteId',
  'siteName',
  'webUrl',
  'ownerId',
  'roles',
  'status',
  'lastSyncAt',
  'lastSuccessfulSyncAt',
  'lastError',
  'itemCount',
  'subscriptionExpiresAt',
  'createdAt',
] as const;

export interface PersonalDriveInput {
  ownerId: number;
  accountId: number;
  kind: 'onedrive' | 'sharepoint';
  remoteDriveId: string;
  name: string;
  siteId?: string;
  siteName?: string;
  webUrl?: string | null;
}

export type DriveRecord = DriveRow & { roles?: DriveRole[] | null; [key: string]: unknown };

/** A drive as the admin routes answer with it. */
export type PresentedDrive = DriveRecord & DrivePresentation;

/** Change notifications while the drive's subscription is live; polling alone otherwise. */
const syncModeOf = (drive: DriveRecord): DriveSyncMode => {
  const expiresAt = drive.subscriptionExpiresAt
    ? new Date(drive.subscriptionExpiresAt as string).getTime()
    : 0;
  return expiresAt > Date.now() ? 'notifications' : 'polling';
};

const drivesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.drive as never);
  const graph = () => strapi.plugin(PLUGIN_ID).service('graph') as GraphService;
  const sync = () => strapi.plugin(PLUGIN_ID).service('sync') as SyncService;
  const connections = () => strapi.plugin(PLUGIN_ID).service('connections') as ConnectionsService;

  const notifications = () =>
    strapi.plugin(PLUGIN_ID).service('notifications') as NotificationsService;
  const settings = () => strapi.plugin(PLUGIN_ID).service('settings') as SettingsService;

  const find = async (id: number) => {
    if (!Number.isSafeInteger(id)) return null;
    return (await query().findOne({
      where: { id },
      select: [...PUBLIC_FIELDS],
    })) as DriveRecord | null;
  };

  /**
   * Drives as the admin panel shows them: their sync mode, and the integration's settings that
   * decide what the panel offers on them (read once per answer, not on every file operation).
   */
  const present = async (drives: DriveRecord[]): Promise<PresentedDrive[]> => {
    const { syncIntervalMinutes, downloadsEnabled } = await settings().getIntegration();
    return drives.map((drive) => ({
      ...drive,
      syncMode: syncModeOf(drive),
      syncIntervalMinutes,
      downloadsEnabled,
    }));
  };
  const presentOne = async (drive: DriveRecord) => (await present([drive]))[0];
  const findPresented = async (id: number) => {
    const drive = await find(id);
    return drive && presentOne(drive);
  };

  /** A new drive: its first sync now, and change notifications when the host app has them. */
  const started = (driveId: number) => {
    sync().requestSync(driveId, 'connect');
    void notifications().ensure(driveId);
  };

  return {
    async list(user: AdminUser, ability?: Ability) {
      const all = (await query().findMany({
        select: [...PUBLIC_FIELDS],
        orderBy: { name: 'asc' },
      })) as DriveRecord[];
      return present(all.filter((drive) => canRead(drive, user, ability)));
    },

    present: presentOne,

    /** The drive if this user may see it; 404 otherwise (existence is not disclosed). */
    async getVisible(id: number, user: AdminUser, ability?: Ability) {
      const drive = await find(id);
      if (!drive || !canRead(drive, user, ability)) {
        throw externalDrivesError('notFound', { message: 'The drive was not found', nextStep: '' });
      }
      return drive;
    },

    /** Checks the site and library through Graph first: nothing is stored for a drive out of reach. */
    async createPlatform(input: PlatformDriveInput) {
      const client = await graph().appClient();
      const site = await siteById(client, input.siteId);
      const library = await libraryOfSite(client, site, input.driveId);
      const existing = await query().findOne({
        where: { scope: 'platform', remoteDriveId: library.id },
      });
      if (existing) {
        throw externalDrivesError('invalidRequest', {
          message: 'This library is already connected as a platform drive',
          httpStatus: 409,
        });
      }
      const drive = (await query().create({
        data: {
          name: input.name?.trim() || `${site.name} – ${library.name}`,
          kind: 'sharepoint',
          scope: 'platform',
          remoteDriveId: library.id,
          siteId: site.id,
          siteName: site.name,
          webUrl: library.webUrl ?? null,
          roles: input.roles ?? [],
          status: 'pending',
        },
      })) as DriveRecord;
      started(drive.id);
      return findPresented(drive.id);
    },

    async update(id: number, changes: DriveUpdate) {
      const data: Record<string, unknown> = {};
      if (changes.name !== undefined) data.name = changes.name.trim();
      if (changes.roles !== undefined) data.roles = changes.roles;
      await query().update({ where: { id }, data });
      return findPresented(id);
    },

    /**
     * A drive of the user's own Microsoft account. Connecting the same library again returns the
     * drive already there (and moves it to this account: the newest sign-in holds its tokens).
     */
    async createPersonal(input: PersonalDriveInput) {
      const existing = (await query().findOne({
        where: { scope: 'personal', ownerId: input.ownerId, remoteDriveId: input.remoteDriveId },
      })) as DriveRecord | null;
      if (existing) {
        await query().update({
          where: { id: existing.id },
          data: { accountId: String(input.accountId) },
        });
        return (await findPresented(existing.id)) as PresentedDrive;
      }
      const drive = (await query().create({
        data: {
          name: input.name,
          kind: input.kind,
          scope: 'personal',
          ownerId: input.ownerId,
          accountId: String(input.accountId),
          remoteDriveId: input.remoteDriveId,
          siteId: input.siteId ?? null,
          siteName: input.siteName ?? null,
          webUrl: input.webUrl ?? null,
          roles: [],
          status: 'pending',
        },
      })) as DriveRecord;
      started(drive.id);
      return (await findPresented(drive.id)) as PresentedDrive;
    },

    /** The account signed in again: its drives that waited for it sync again, data intact. */
    async resumeAccountDrives(accountId: number) {
      const waiting = (await query().findMany({
        where: { accountId: String(accountId), status: 'auth_required' },
        select: ['id'],
      })) as Array<{ id: number }>;
      for (const { id } of waiting) {
        await query().update({ where: { id }, data: { status: 'pending', lastError: null } });
        sync().requestSync(id, 'manual');
      }
    },

    /**
     * Disconnects a drive: removes it and its synced rows from Strapi, and its account's tokens
     * once no other drive uses them. Nothing is deleted in Microsoft 365.
     */
    async remove(id: number) {
      const drive = (await query().findOne({ where: { id } })) as
        (DriveRecord & { accountId?: string | null }) | null;
      if (drive) await notifications().unsubscribe(drive as never);
      await strapi.db.transaction(async ({ trx }) => {
        await trx(TABLE.driveItem).where('drive_id', id).del();
        await trx(TABLE.itemStage).where('drive_id', id).del();
        await trx(TABLE.syncRun).where('drive_id', id).del();
        await trx(TABLE.activity).where('drive_id', id).del();
        await trx(TABLE.drive).where('id', id).del();
      });
      if (drive?.accountId) await connections().releaseIfUnused(Number(drive.accountId));
    },

    async removeAccountDrives(accountId: number) {
      const owned = (await query().findMany({
        where: { accountId: String(accountId) },
        select: ['id'],
      })) as Array<{ id: number }>;
      for (const { id } of owned) await this.remove(id);
    },

    async removePersonalDrivesOf(ownerId: number) {
      const owned = (await query().findMany({
        where: { scope: 'personal', ownerId },
        select: ['id'],
      })) as Array<{ id: number }>;
      for (const { id } of owned) await this.remove(id);
    },
  };
};

export type DrivesService = ReturnType<typeof drivesService>;
export default drivesService;
