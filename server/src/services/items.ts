/**
 * The `items` service: a drive's files and folders as Strapi stores them (no Graph call), paged
 * and sorted, folders first, with paths derived from parent ids when they are read.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

export const SORTABLE = {
  name: 'name',
  size: 'size',
  modified: 'remoteModifiedAt',
  modifiedBy: 'modifiedByName',
} as const;

export interface ChildrenQuery {
  parentId?: string;
  page: number;
  pageSize: number;
  sort: keyof typeof SORTABLE;
  order: 'asc' | 'desc';
  filter?: string;
}

const ITEM_FIELDS = [
  'id',
  'remoteId',
  'parentRemoteId',
  'name',
  'isFolder',
  'size',
  'mimeType',
  'webUrl',
  'childCount',
  'remoteCreatedAt',
  'remoteModifiedAt',
  'createdByName',
  'createdByEmail',
  'modifiedByName',
  'modifiedByEmail',
  'quickXorHash',
  'eTag',
];

const itemsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.driveItem as never);

  const root = async (driveId: number) =>
    (await query().findOne({ where: { driveId, isRoot: true } })) as { remoteId: string } | null;

  return {
    async children(driveId: number, options: ChildrenQuery) {
      const parentRemoteId = options.parentId ?? (await root(driveId))?.remoteId;
      if (!parentRemoteId)
        return { results: [], pagination: { page: 1, pageSize: options.pageSize, total: 0 } };
      const where: Record<string, unknown> = { driveId, parentRemoteId, deleted: false };
      if (options.filter) where.name = { $containsi: options.filter };
      const [results, total] = await Promise.all([
        query().findMany({
          where,
          select: ITEM_FIELDS,
          orderBy: [
            { isFolder: 'desc' },
            { [SORTABLE[options.sort]]: options.order },
            { id: 'asc' },
          ],
          offset: (options.page - 1) * options.pageSize,
          limit: options.pageSize,
        }),
        query().count({ where }),
      ]);
      return { results, pagination: { page: options.page, pageSize: options.pageSize, total } };
    },

    /** From the root down to the item: [{ remoteId, name }]. */
    async breadcrumbs(driveId: number, remoteId: string) {
      const trail: Array<{ remoteId: string; name: string | null }> = [];
      let current = (await query().findOne({ where: { driveId, remoteId } })) as {
        remoteId: string;
        name: string | null;
        parentRemoteId: string | null;
        isRoot: boolean;
      } | null;
      for (let depth = 0; current && depth < 1000; depth += 1) {
        trail.unshift({ remoteId: current.remoteId, name: current.isRoot ? null : current.name });
        if (current.isRoot || !current.parentRemoteId) break;
        current = await query().findOne({ where: { driveId, remoteId: current.parentRemoteId } });
      }
      return trail;
    },

    async search(driveId: number, text: string, limit = 50) {
      return query().findMany({
        where: { driveId, deleted: false, isRoot: false, name: { $containsi: text } },
        select: ITEM_FIELDS,
        orderBy: [{ isFolder: 'desc' }, { name: 'asc' }],
        limit,
      });
    },
  };
};

export type ItemsService = ReturnType<typeof itemsService>;
export default itemsService;
