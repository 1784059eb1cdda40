/**
 * The `drives` service: connected drives and who sees them. Platform drives are added by drive
 * managers and shown to the roles they name; personal drives (connections issue) to their owner.
 */
import type { Core } from '@strapi/strapi';
import type { DriveRole, DriveSyncMode, DriveUpdate } from '../../../shared/contracts/drives';
import { linkScopeOfDrive, sharingLinksOn } from '../../../shared/contracts/sharing-links';
import { removeDriveActivity } from '../files/activity';
import { canRead, type Ability, type AdminUser } from '../files/access';
import { externalDrivesError } from '../graph/errors';
import { libraryOfSite, siteById } from '../graph/sites';
import type { GraphService } from '../graph/service';
import { SUBSCRIBED_POLL_MS, type SyncService } from '../sync/service';
import type { ConnectionsService } from '../connections/service';
import type { NotificationsService } from '../notifications/service';
import type { SettingsService } from '../settings/service';
import { removeDriveItems } from '../items/rows';
import { removeDriveRuns } from '../sync/run-recorder';
import { resolveFolderChoice } from './folder-choice';
import { clearListFields } from '../sync/list-fields/table';
import { createDriveTable, type DriveChanges, type DriveRow } from './table';
import type { PersonalDriveInput, PlatformDriveInput, PresentedDrive } from './types';

export type { DriveRole, PersonalDriveInput, PlatformDriveInput, PresentedDrive };

/** Drives sit on top: they coordinate the services below them, which never call back up. */
interface DrivesDeps {
  strapi: Core.Strapi;
  settings: SettingsService;
  graph: GraphService;
  connections: ConnectionsService;
  sync: SyncService;
  notifications: NotificationsService;
}

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
  'folderItemId',
  'folderPath',
  'libraryName',
  'ownerId',
  'roles',
  'linkScope',
  'status',
  'lastSyncAt',
  'lastSuccessfulSyncAt',
  'lastError',
  'itemCount',
  'libraryColumns',
  'subscriptionExpiresAt',
  'createdAt',
] as const;

/** Change notifications while the drive's subscription is live; polling alone otherwise. */
const syncModeOf = (drive: DriveRow): DriveSyncMode => {
  const expiresAt = drive.subscriptionExpiresAt
    ? new Date(drive.subscriptionExpiresAt as string).getTime()
    : 0;
  return expiresAt > Date.now() ? 'notifications' : 'polling';
};

/** How often the schedule syncs a drive in this mode (`SyncService`'s due drives). */
const scheduledSyncMinutesOf = (syncMode: DriveSyncMode, intervalMinutes: number) =>
  syncMode === 'notifications'
    ? Math.max(intervalMinutes, SUBSCRIBED_POLL_MS / 60_000)
    : intervalMinutes;

export const createDrivesService = ({
  strapi,
  settings,
  graph,
  connections,
  sync,
  notifications,
}: DrivesDeps) => {
  const drives = createDriveTable(strapi);

  const find = (id: number) => drives.find(id, PUBLIC_FIELDS);

  /**
   * Drives as the admin panel shows them: their sync mode, and the integration's settings that
   * decide what the panel offers on them (read once per answer, not on every file operation).
   */
  const present = async (drives: DriveRow[]): Promise<PresentedDrive[]> => {
    const { syncIntervalMinutes, downloadsEnabled } = await settings.getIntegration();
    return drives.map((drive) => {
      const syncMode = syncModeOf(drive);
      return {
        ...drive,
        syncMode,
        syncIntervalMinutes,
        scheduledSyncMinutes: scheduledSyncMinutesOf(syncMode, syncIntervalMinutes),
        downloadsEnabled,
      };
    });
  };
  /** ...with the scope Copy link gets on each (issue 22): null while links are off for it. */
  const withLinkScopes = async <T extends DriveRow>(presented: T[]) => {
    const linksOn = sharingLinksOn(await settings.getIntegration());
    return presented.map((drive) => ({
      ...drive,
      sharingLinkScope: linkScopeOfDrive(drive, linksOn),
    }));
  };
  const presentOne = async (drive: DriveRow) => (await withLinkScopes(await present([drive])))[0];
  const findPresented = async (id: number) => {
    const drive = await find(id);
    return drive && presentOne(drive);
  };

  /** A new drive: its first sync now, and change notifications when the host app has them. */
  const started = (driveId: number) => {
    sync.requestSync(driveId, 'connect');
    void notifications.ensure(driveId);
  };

  return {
    async list(user: AdminUser, ability?: Ability) {
      const all = await drives.list(PUBLIC_FIELDS);
      return withLinkScopes(await present(all.filter((drive) => canRead(drive, user, ability))));
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
      const client = await graph.appClient();
      const site = await siteById(client, input.siteId);
      const library = await libraryOfSite(client, site, input.driveId);
      const { folder, ...folderFields } = await resolveFolderChoice(client, library, input);
      if (await drives.findPlatform(library.id, folderFields.folderItemId)) {
        throw externalDrivesError('invalidRequest', {
          message: folder
            ? 'This folder is already connected as a platform drive'
            : 'This library is already connected as a platform drive',
          httpStatus: 409,
        });
      }
      const drive = await drives.create({
        name:
          input.name?.trim() ||
          `${site.name} – ${library.name}${folder ? ` – ${folder.name}` : ''}`,
        ...folderFields,
        kind: 'sharepoint',
        scope: 'platform',
        remoteDriveId: library.id,
        siteId: site.id,
        siteName: site.name,
        webUrl: library.webUrl ?? null,
        roles: input.roles ?? [],
        status: 'pending',
      });
      started(drive.id);
      return findPresented(drive.id);
    },

    async update(id: number, changes: DriveUpdate) {
      const data: DriveChanges = {};
      if (changes.name !== undefined) data.name = changes.name.trim();
      if (changes.roles !== undefined) data.roles = changes.roles;
      if (changes.linkScope !== undefined) {
        if ((await drives.find(id))?.scope !== 'platform') {
          throw externalDrivesError('invalidRequest', {
            message: 'Link scope is set on organisation (platform) drives only',
          });
        }
        data.linkScope = changes.linkScope;
      }
      await drives.update(id, data);
      return findPresented(id);
    },

    /**
     * A drive of the user's own Microsoft account. Connecting the same library again returns the
     * drive already there (and moves it to this account: the newest sign-in holds its tokens).
     */
    async createPersonal(input: PersonalDriveInput) {
      const existing = await drives.findPersonal(
        input.ownerId,
        input.remoteDriveId,
        input.folderItemId ?? null
      );
      if (existing) {
        await drives.update(existing.id, { accountId: input.accountId });
        return (await findPresented(existing.id)) as PresentedDrive;
      }
      const drive = await drives.create({
        name: input.name,
        kind: input.kind,
        scope: 'personal',
        ownerId: input.ownerId,
        accountId: input.accountId,
        remoteDriveId: input.remoteDriveId,
        siteId: input.siteId ?? null,
        siteName: input.siteName ?? null,
        webUrl: input.webUrl ?? null,
        folderItemId: input.folderItemId ?? null,
        folderPath: input.folderPath ?? null,
        libraryName: input.libraryName ?? null,
        roles: [],
        status: 'pending',
      });
      started(drive.id);
      return (await findPresented(drive.id)) as PresentedDrive;
    },

    /** The account signed in again: its drives that waited for it sync again, data intact. */
    async resumeAccountDrives(accountId: number) {
      for (const id of await drives.idsOfAccount(accountId, 'auth_required')) {
        await drives.update(id, { status: 'pending', lastError: null });
        sync.requestSync(id, 'manual');
      }
    },

    /**
     * Disconnects a drive: removes it and its synced rows from Strapi, and its account's tokens
     * once no other drive uses them. Nothing is deleted in Microsoft 365.
     */
    async remove(id: number) {
      const drive = await drives.find(id);
      if (drive) await notifications.unsubscribe(drive);
      // Each table's owner removes its rows, all in one transaction.
      await strapi.db.transaction(async ({ trx }) => {
        await removeDriveItems(trx, id);
        await removeDriveRuns(trx, id);
        await removeDriveActivity(trx, id);
        await clearListFields(trx, id);
        await drives.remove(trx, id);
      });
      if (drive?.accountId) await connections.releaseIfUnused(drive.accountId);
    },

    async removeAccountDrives(accountId: number) {
      for (const id of await drives.idsOfAccount(accountId)) await this.remove(id);
    },

    async removePersonalDrivesOf(ownerId: number) {
      for (const id of await drives.personalIdsOf(ownerId)) await this.remove(id);
    },
  };
};

export type DrivesService = ReturnType<typeof createDrivesService>;
