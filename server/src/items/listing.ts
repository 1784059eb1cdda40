/**
 * How a folder's children (and search results) are ordered and paged in SQL, and the indexes that
 * make a page cheap in a folder of any size: both live here so the ORDER BY and the index
 * expressions cannot drift apart (a database only uses an index whose expression matches).
 *
 * Folders come first whatever the order. A single `ORDER BY is_folder DESC, key ASC` cannot walk
 * one index in both directions, so folders and files are paged as two groups, each walked along
 * (drive, parent, deleted, is_folder, key, id) forwards or backwards; the page skips through the
 * index instead of sorting the whole folder. Text keys ignore case, as Explorer and SharePoint do.
 */
import type { Knex } from 'knex';
import { TABLE } from '../constants';
import { SORT_KEYS, type SortKey, type SortOrder } from '../../../shared/contracts/items';
import { whereColumnMatches, type ColumnMatch } from './column-filter';

export { SORT_KEYS, type SortKey, type SortOrder };

/** The SQL each sort key orders by (the same expressions are indexed below). */
const SORT_EXPRESSIONS: Record<SortKey, string> = {
  name: 'lower(name)',
  size: 'size',
  modified: 'remote_modified_at',
  modifiedBy: 'lower(modified_by_name)',
};

const INDEX_NAMES: Record<SortKey, string> = {
  name: 'external_drives_items_children_name_idx',
  size: 'external_drives_items_children_size_idx',
  modified: 'external_drives_items_children_modified_idx',
  modifiedBy: 'external_drives_items_children_modified_by_idx',
};

/** One index per sort key: CREATE statements valid on SQLite and PostgreSQL. */
export const CHILDREN_INDEXES = SORT_KEYS.map((key) => ({
  name: INDEX_NAMES[key],
  sql:
    `CREATE INDEX IF NOT EXISTS ${INDEX_NAMES[key]} ON ${TABLE.driveItem} ` +
    `(drive_id, parent_remote_id, deleted, is_folder, ${SORT_EXPRESSIONS[key]}, id)`,
}));

export interface ChildrenPageQuery {
  driveId: number;
  parentRemoteId: string;
  sort: SortKey;
  order: SortOrder;
  /** Part of the name, any case. */
  filter?: string;
  offset: number;
  limit: number;
}

/** `%`, `_` and the escape character itself match literally in the filter. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

const isPostgres = (builder: Knex.QueryBuilder) =>
  (builder.client as { dialect: string }).dialect === 'postgresql';

/**
 * Rows whose name contains `text`, any case. SQLite's LIKE ignores case (of ASCII letters, as its
 * lower() does); PostgreSQL's ILIKE ignores it too. Neither wraps the column in a function, so a
 * database can test the names it reads from an index that holds them.
 */
const nameContains = (builder: Knex.QueryBuilder, text: string) =>
  builder.whereRaw(`name ${isPostgres(builder) ? 'ILIKE' : 'LIKE'} ? ESCAPE '\\'`, [
    likePattern(text),
  ]);

type ChildrenFilter = Pick<ChildrenPageQuery, 'driveId' | 'parentRemoteId' | 'filter'>;

/** A folder's live children matching the filter. */
const matchingChildren = (knex: Knex, query: ChildrenFilter) => {
  const builder = knex(TABLE.driveItem).where({
    drive_id: query.driveId,
    parent_remote_id: query.parentRemoteId,
    deleted: false,
  });
  return query.filter ? nameContains(builder, query.filter) : builder;
};

/**
 * The ids of one group (folders or files) of a folder's children, in order. The id breaks ties in
 * the same direction as the key, so the group is one walk along its index, either way.
 */
export function childGroupQuery(
  knex: Knex,
  query: Omit<ChildrenPageQuery, 'offset' | 'limit'>,
  group: { isFolder: boolean; offset: number; limit: number }
) {
  const direction = query.order === 'desc' ? 'DESC' : 'ASC';
  return matchingChildren(knex, query)
    .where('is_folder', group.isFolder)
    .orderByRaw(`${SORT_EXPRESSIONS[query.sort]} ${direction}, id ${direction}`)
    .offset(group.offset)
    .limit(group.limit)
    .select('id');
}

/** The ids of one page of a folder's children, in order, and how many children match in all. */
export async function childIdsPage(
  knex: Knex,
  query: ChildrenPageQuery
): Promise<{ ids: number[]; total: number }> {
  const counts = (await matchingChildren(knex, query)
    .select('is_folder')
    .count({ count: '*' })
    .groupBy('is_folder')) as Array<{ is_folder: unknown; count: number | string }>;
  let folders = 0;
  let total = 0;
  for (const row of counts) {
    total += Number(row.count);
    // SQLite answers 1/0, PostgreSQL true/false.
    if (row.is_folder === true || Number(row.is_folder) === 1) folders += Number(row.count);
  }

  const idsOf = async (isFolder: boolean, offset: number, limit: number) =>
    (
      (await childGroupQuery(knex, query, { isFolder, offset, limit })) as Array<{ id: unknown }>
    ).map((row) => Number(row.id));
  const ids: number[] = [];
  if (query.offset < folders) ids.push(...(await idsOf(true, query.offset, query.limit)));
  if (ids.length < query.limit && query.offset + ids.length < total) {
    const fileOffset = Math.max(0, query.offset - folders);
    ids.push(...(await idsOf(false, fileOffset, query.limit - ids.length)));
  }
  return { ids, total };
}

export interface SearchPageQuery {
  driveId: number;
  /** Part of the name, any case ('' with a column filter: any name). */
  text: string;
  /** A kept column whose value must contain a text: matches anywhere in the drive. */
  column?: ColumnMatch;
  offset: number;
  limit: number;
}

/**
 * One page of the drive's live items whose name contains the text (any case), folders first, then
 * by name, and how many match in all. No index can seek a "contains", so the match reads the
 * drive's live names from the (drive, deleted, name) index (items/store.ts) rather than its
 * rows; only the matches are sorted. Trigram indexes (SQLite FTS5, pg_trgm) would seek, but made
 * every synced insert about nine times dearer when measured: sync volume outweighs searches.
 */
export async function searchPage(
  knex: Knex,
  query: SearchPageQuery
): Promise<{ ids: number[]; total: number }> {
  const matches = () => {
    const live = knex(TABLE.driveItem).where({
      drive_id: query.driveId,
      deleted: false,
      is_root: false,
    });
    const named = query.text ? nameContains(live, query.text) : live;
    return query.column ? whereColumnMatches(knex, named, query.driveId, query.column) : named;
  };
  const [{ count }] = await matches().count({ count: '*' });
  const ids = await matches()
    .orderByRaw(`is_folder DESC, ${SORT_EXPRESSIONS.name} ASC, id ASC`)
    .offset(query.offset)
    .limit(query.limit)
    .pluck('id');
  return { ids: ids.map(Number), total: Number(count) };
}
