/**
 * The `items` service: a drive's files and folders as Strapi stores them (no Graph call), paged
 * and sorted, folders first, with paths derived from parent ids when they are read.
 */
import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import type { ChildrenQuery, SearchQuery } from '../../../shared/contracts/items';
import { withKeptColumns } from './kept-columns';
import type { DriveRow } from '../drives/table';
import { latestSucceededChanges, strapiModifierOf } from '../files/activity';
import { childIdsPage, searchPage } from './listing';
import type { ColumnMatch } from './column-filter';

/** The drive a listing reads: its scope says whether Microsoft names the app as the modifier. */
type ListedDrive = Pick<DriveRow, 'id' | 'scope'> & Partial<Pick<DriveRow, 'libraryColumns'>>;

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
  'cTag',
  'listItemId',
];

interface TrailRow {
  remoteId: string;
  name: string | null;
  parentRemoteId: string | null;
  isRoot: boolean;
}

/** Folder chains deeper than this are treated as broken (a cycle would loop forever). */
const MAX_DEPTH = 1000;

export const createItemsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(UID.driveItem);

  // A drive's root item never changes, and finding it scans the drive's rows (no index has
  // is_root): looked up once per drive and process.
  const rootIds = new Map<number, string>();
  const rootId = async (driveId: number) => {
    if (!rootIds.has(driveId)) {
      const row = (await query().findOne({
        where: { driveId, isRoot: true },
        select: ['remoteId'],
      })) as { remoteId: string } | null;
      if (row) rootIds.set(driveId, row.remoteId);
    }
    return rootIds.get(driveId);
  };

  /** Rows by remote id, keyed by it: one query per level of a trail, not one per item. */
  const rowsByRemoteId = async (driveId: number, remoteIds: string[]) => {
    const rows = (await query().findMany({
      where: { driveId, remoteId: { $in: remoteIds } },
      select: ['remoteId', 'name', 'parentRemoteId', 'isRoot'],
    })) as TrailRow[];
    return new Map(rows.map((row) => [row.remoteId, row]));
  };

  /** The folder path ('/A/B', '' for the root) of each given folder, walking up level by level. */
  const folderPaths = async (driveId: number, folderIds: string[]) => {
    const chains = new Map(folderIds.map((id) => [id, [] as string[]]));
    // For each chain, the ancestor still to look up.
    let pending = new Map(folderIds.map((id) => [id, id]));
    for (let depth = 0; pending.size > 0 && depth < MAX_DEPTH; depth++) {
      const rows = await rowsByRemoteId(driveId, [...new Set(pending.values())]);
      const next = new Map<string, string>();
      for (const [start, ancestorId] of pending) {
        const row = rows.get(ancestorId);
        if (!row || row.isRoot) continue;
        chains.get(start)!.unshift(row.name ?? '');
        if (row.parentRemoteId) next.set(start, row.parentRemoteId);
      }
      pending = next;
    }
    return new Map(
      [...chains].map(([id, names]) => [id, names.length ? `/${names.join('/')}` : ''])
    );
  };

  /** The rows of these ids, in this order, through the query engine (values as everywhere else). */
  const rowsInOrder = async (ids: number[]) => {
    if (!ids.length) return [];
    const rows = (await query().findMany({
      where: { id: { $in: ids } },
      select: ITEM_FIELDS,
    })) as Array<{ id: number; parentRemoteId: string | null }>;
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id)).filter((row) => row !== undefined);
  };

  /**
   * The rows of one page, each with the Strapi user behind its latest change on an organisation
   * drive (where Microsoft records the plugin's app): one activity query for the page.
   */
  const listedRows = async (drive: ListedDrive, ids: number[]) => {
    const rows = await withKeptColumns(
      strapi,
      drive,
      (await rowsInOrder(ids)) as Array<
        { id: number; parentRemoteId: string | null } & Record<string, unknown>
      >
    );
    if (drive.scope !== 'platform' || rows.length === 0) {
      return rows.map((row) => ({ ...row, modifiedViaStrapiBy: null }));
    }
    const changes = await latestSucceededChanges(
      strapi.db.connection,
      drive.id,
      rows.map((row) => String(row.remoteId))
    );
    return rows.map((row) => ({
      ...row,
      modifiedViaStrapiBy: strapiModifierOf(
        changes.get(String(row.remoteId)),
        row.remoteModifiedAt as string | Date | null
      ),
    }));
  };

  return {
    async children(drive: ListedDrive, options: ChildrenQuery) {
      const driveId = drive.id;
      const parentRemoteId = options.parentId ?? (await rootId(driveId));
      const pagination = { page: options.page, pageSize: options.pageSize, total: 0 };
      if (!parentRemoteId) return { results: [], pagination };
      const { ids, total } = await childIdsPage(strapi.db.connection, {
        driveId,
        parentRemoteId,
        sort: options.sort,
        order: options.order,
        filter: options.filter,
        offset: (options.page - 1) * options.pageSize,
        limit: options.pageSize,
      });
      return { results: await listedRows(drive, ids), pagination: { ...pagination, total } };
    },

    /** From the root down to the item: [{ remoteId, name }] (the root's name is null). */
    async breadcrumbs(driveId: number, remoteId: string) {
      const trail: Array<{ remoteId: string; name: string | null }> = [];
      let current = (await query().findOne({ where: { driveId, remoteId } })) as TrailRow | null;
      for (let depth = 0; current && depth < MAX_DEPTH; depth += 1) {
        trail.unshift({ remoteId: current.remoteId, name: current.isRoot ? null : current.name });
        if (current.isRoot || !current.parentRemoteId) break;
        current = await query().findOne({ where: { driveId, remoteId: current.parentRemoteId } });
      }
      return trail;
    },

    /**
     * A page of the items whose name contains `text` (any case) anywhere in the drive, each with
     * the path of its folder ('/A/B', '' at the root); with a column match (a kept column,
     * checked by the caller), only items whose value of it contains the match's text.
     */
    async search(drive: ListedDrive, options: SearchQuery, column?: ColumnMatch) {
      const driveId = drive.id;
      const pagination = { page: options.page, pageSize: options.pageSize, total: 0 };
      const text = options.q.trim();
      if (!text && !column) return { results: [], pagination };
      const { ids, total } = await searchPage(strapi.db.connection, {
        driveId,
        text,
        column,
        offset: (options.page - 1) * options.pageSize,
        limit: options.pageSize,
      });
      const found = await listedRows(drive, ids);
      const parents = [...new Set(found.map((item) => item.parentRemoteId).filter(Boolean))];
      const paths = await folderPaths(driveId, parents as string[]);
      const results = found.map((item) => ({
        ...item,
        folderPath: item.parentRemoteId ? (paths.get(item.parentRemoteId) ?? '') : '',
      }));
      return { results, pagination: { ...pagination, total } };
    },
  };
};

export type ItemsService = ReturnType<typeof createItemsService>;
