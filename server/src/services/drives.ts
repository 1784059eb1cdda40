/**
 * The `drives` service: connected drives and who sees them. Platform drives are added by drive
 * managers and shown to the roles they name; personal drives (connections issue) to their owner.
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID, TABLE, UID } from '../constants';
import { canRead, type Ability, type AdminUser } from '../files/access';
import type { DriveRow } from '../files/rows';
import { externalDrivesError, toExternalDrivesError } from '../graph/errors';
import type { GraphService } from '../graph/service';
import type { SyncService } from '../sync/service';

export interface DriveRole {
  roleId: number;
  access: 'read' | 'write';
}

export interface PlatformDriveInput {
  siteId: string;
  driveId: string;
  name?: string;
  roles?: DriveRole[];
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
  'ownerId',
  'roles',
  'status',
  'lastSyncAt',
  'lastSuccessfulSyncAt',
  'lastError',
  'itemCount',
  'createdAt',
] as const;

export type DriveRecord = DriveRow & { roles?: DriveRole[] | null; [key: string]: unknown };

const drivesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.drive as never);
  const graph = () => strapi.plugin(PLUGIN_ID).service('graph') as GraphService;
  const sync = () => strapi.plugin(PLUGIN_ID).service('sync') as SyncService;

  const find = async (id: number) =>
    Number.isSafeInteger(id)
      ? ((await query().findOne({
          where: { id },
          select: [...PUBLIC_FIELDS],
        })) as DriveRecord | null)
      : null;

  return {
    async list(user: AdminUser, ability?: Ability) {
      const all = (await query().findMany({
        select: [...PUBLIC_FIELDS],
        orderBy: { name: 'asc' },
      })) as DriveRecord[];
      return all.filter((drive) => canRead(drive, user, ability));
    },

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
      let site: { id: string; displayName?: string; name?: string; webUrl?: string };
      let library: { id: string; name?: string; webUrl?: string };
      try {
        const client = await graph().appClient();
        site = await client.api(`/sites/${encodeURIComponent(input.siteId)}`).get();
        library = await client.api(`/drives/${encodeURIComponent(input.driveId)}`).get();
      } catch (error) {
        throw toExternalDrivesError(error, 'connect');
      }
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
          name: input.name?.trim() || `${site.displayName ?? site.name} – ${library.name}`,
          kind: 'sharepoint',
          scope: 'platform',
          remoteDriveId: library.id,
          siteId: site.id,
          siteName: site.displayName ?? site.name ?? null,
          webUrl: library.webUrl ?? null,
          roles: input.roles ?? [],
          status: 'pending',
        },
      })) as DriveRecord;
      sync().requestSync(drive.id, 'connect');
      return find(drive.id);
    },

    async update(id: number, changes: { name?: string; roles?: DriveRole[] }) {
      const data: Record<string, unknown> = {};
      if (changes.name !== undefined) data.name = changes.name.trim();
      if (changes.roles !== undefined) data.roles = changes.roles;
      await query().update({ where: { id }, data });
      return find(id);
    },

    /** Removes the drive and its synced rows from Strapi. Nothing is deleted in Microsoft 365. */
    async remove(id: number) {
      await strapi.db.transaction(async ({ trx }) => {
        await trx(TABLE.driveItem).where('drive_id', id).del();
        await trx(TABLE.syncRun).where('drive_id', id).del();
        await trx(TABLE.drive).where('id', id).del();
      });
    },
  };
};

export type DrivesService = ReturnType<typeof drivesService>;
export default drivesService;
