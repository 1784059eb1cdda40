import { useQueryParams } from '@strapi/strapi/admin';
import { FRESH } from '../../../api/externalDrivesApi';
import { useChildren, useUsageCounts } from '../../../api/resources/items';
import { SORT_KEYS, type SortKey } from '../../../../../shared/contracts/items';
import { useQueryErrorReport } from '../../../hooks/useQueryErrorReport';

interface DriveQuery {
  folder?: string;
  page?: string;
  pageSize?: string;
  sort?: string;
  _q?: string;
}

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
 * The folder the URL names (`?folder=&page=&pageSize=&sort=&_q=`), read from Strapi's database a
 * page at a time, with how many entries use each of its files ("Used in N entries").
 */
export const useDriveListing = (driveId: number, pollingInterval: number) => {
  const [{ query }, setQuery] = useQueryParams<DriveQuery>();
  const folder = query.folder || undefined;
  const pageSize = Number(query.pageSize) || DEFAULT_PAGE_SIZE;
  const filter = query._q || undefined;
  const request = {
    driveId,
    parentId: folder,
    page: Number(query.page) || 1,
    pageSize,
    ...parseSort(query.sort),
    filter,
  };
  const listing = useChildren(request, { ...FRESH, pollingInterval });
  useQueryErrorReport(listing.error);

  const results = listing.data?.results ?? [];
  const fileIds = results.filter((item) => !item.isFolder).map((item) => item.remoteId);
  const usage = useUsageCounts({ driveId, itemIds: fileIds }, { skip: fileIds.length === 0 });
  useQueryErrorReport(usage.error);

  return {
    folder,
    filter,
    pageSize,
    results,
    total: listing.data?.pagination.total ?? 0,
    isLoading: listing.isLoading,
    /** The root's remote id is known through its children (and the trail once inside a folder). */
    currentFolderId: folder ?? results[0]?.parentRemoteId ?? undefined,
    usage: (fileIds.length ? usage.data : undefined) ?? ({} as Record<string, number>),
    refetch: listing.refetch,
    openFolder: (remoteId?: string) =>
      setQuery({ folder: remoteId, page: '1', _q: undefined } as DriveQuery),
  };
};

export type DriveListing = ReturnType<typeof useDriveListing>;
