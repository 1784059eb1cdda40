import { useQueryParams } from '@strapi/strapi/admin';
import { FRESH } from '../../../api/externalDrivesApi';
import { useChildren, useItemSearch, useUsageCounts } from '../../../api/resources/items';
import type { DriveItem, SearchResult } from '../../../api/types';
import { SORT_KEYS, type SortKey } from '../../../../../shared/contracts/items';
import { useQueryErrorReport } from '../../../hooks/useQueryErrorReport';

interface DriveQuery {
  folder?: string;
  page?: string;
  pageSize?: string;
  sort?: string;
  _q?: string;
  scope?: SearchScope;
}

/** Where the search text applies: the open folder's children, or every item of the drive. */
export type SearchScope = 'folder' | 'drive';

export const DEFAULT_PAGE_SIZE = 50;

/** `name:DESC` (Strapi's Table header) -> the children route's `sort` and `order`. */
const parseSort = (sort: string | undefined) => {
  const [key, order] = (sort ?? '').split(':');
  return {
    sort: (SORT_KEYS as readonly string[]).includes(key) ? (key as SortKey) : 'name',
    order: order === 'DESC' ? ('desc' as const) : ('asc' as const),
  };
};

/**
 * The folder the URL names (`?folder=&page=&pageSize=&sort=&_q=&scope=`), read from Strapi's
 * database a page at a time, with how many entries use each of its files ("Used in N entries").
 * With a search text and `scope=drive`, the page shows the drive-wide search's results instead,
 * each with its folder's path; without a text, the folder, whatever the scope.
 */
export const useDriveListing = (driveId: number, pollingInterval: number) => {
  const [{ query }, setQuery] = useQueryParams<DriveQuery>();
  const folder = query.folder || undefined;
  const page = Number(query.page) || 1;
  const pageSize = Number(query.pageSize) || DEFAULT_PAGE_SIZE;
  const filter = query._q || undefined;
  const scope: SearchScope = query.scope === 'drive' ? 'drive' : 'folder';
  const searchesDrive = scope === 'drive' && filter !== undefined;
  // Still read while searching the drive: the open folder is where uploads and new folders go.
  const children = useChildren(
    {
      driveId,
      parentId: folder,
      page: searchesDrive ? 1 : page,
      pageSize,
      ...parseSort(query.sort),
      filter: searchesDrive ? undefined : filter,
    },
    { ...FRESH, pollingInterval }
  );
  const found = useItemSearch(
    { driveId, q: filter ?? '', page, pageSize },
    { ...FRESH, pollingInterval, skip: !searchesDrive }
  );
  const shown = searchesDrive ? found : children;
  useQueryErrorReport(shown.error);

  const results: Array<DriveItem | SearchResult> = shown.data?.results ?? [];
  const fileIds = results.filter((item) => !item.isFolder).map((item) => item.remoteId);
  const usage = useUsageCounts({ driveId, itemIds: fileIds }, { skip: fileIds.length === 0 });
  useQueryErrorReport(usage.error);

  return {
    folder,
    filter,
    scope,
    searchesDrive,
    pageSize,
    results,
    total: shown.data?.pagination.total ?? 0,
    isLoading: shown.isLoading,
    /** The root's remote id is known through its children (and the trail once inside a folder). */
    currentFolderId: folder ?? children.data?.results[0]?.parentRemoteId ?? undefined,
    usage: (fileIds.length ? usage.data : undefined) ?? ({} as Record<string, number>),
    refetch: () => {
      void children.refetch();
      if (searchesDrive) void found.refetch();
    },
    openFolder: (remoteId?: string) =>
      setQuery({ folder: remoteId, page: '1', _q: undefined } as DriveQuery),
    /** The results restart at their first page: a page number means nothing in the other list. */
    setScope: (next: SearchScope) => setQuery({ scope: next, page: '1' } as DriveQuery),
  };
};

export type DriveListing = ReturnType<typeof useDriveListing>;
