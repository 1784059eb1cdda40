/**
 * A drive's items as Strapi's database holds them: a folder's children page by page, the trail
 * to a folder, search, where files are used; and the file operations. Every read is tagged with
 * its drive, so an operation (or a finished sync, see useSyncWatch) refreshes all of them.
 */
import type { ExternalFile, ExternalFileReference } from '../../../../shared/external-file';
import { ApiError, authorizedFetch, jsonRequest, useAdminToken } from '../authorizedFetch';
import type {
  Breadcrumb,
  ChildrenPage,
  ChildrenQuery,
  CreateFolderRequest,
  DescribeFilesRequest,
  DriveItem,
  FileUsage,
  ItemChange,
  MediaLibraryCopy,
  Pagination,
  SearchPage,
  SearchQuery,
  SearchResult,
  UsageCounts,
} from '../types';
import { BASE, externalDrivesApi, TAGS, unwrapData } from '../externalDrivesApi';
import { useCallback } from 'react';

export type ChildrenRequest = ChildrenQuery & { driveId: number };
/** Without page and pageSize: the server's first page of its page size. */
export type SearchRequest = Pick<SearchQuery, 'q'> &
  Partial<Omit<SearchQuery, 'q'>> & { driveId: number };
/** A page of search results, shaped as a folder's page is (`ChildrenPage`). */
export interface FoundItems {
  results: SearchResult[];
  pagination: Pagination;
}

interface ItemRef {
  driveId: number;
  itemId: string;
}

export const itemPath = ({ driveId, itemId }: ItemRef) =>
  `${BASE}/drives/${driveId}/items/${encodeURIComponent(itemId)}`;
const itemsTag = (driveId: number) => [{ type: TAGS.items, id: driveId }];
/** Query parameters without the empty ones (the routes treat '' as a value). */
const params = (values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined && value !== '')
  );

const itemsApi = externalDrivesApi.injectEndpoints({
  endpoints: (build) => ({
    externalDrivesGetChildren: build.query<ChildrenPage, ChildrenRequest>({
      query: ({ driveId, ...request }) => ({
        url: `${BASE}/drives/${driveId}/children`,
        config: { params: params({ ...request }) },
      }),
      providesTags: (_page, _error, { driveId }) => itemsTag(driveId),
    }),
    externalDrivesGetBreadcrumbs: build.query<Breadcrumb[], ItemRef>({
      query: ({ driveId, itemId }) => ({
        url: `${BASE}/drives/${driveId}/breadcrumbs`,
        config: { params: { itemId } },
      }),
      transformResponse: unwrapData<Breadcrumb[]>,
      providesTags: (_trail, _error, { driveId }) => itemsTag(driveId),
    }),
    /** One page of the drive's items whose name contains the text, each with its folder's path. */
    externalDrivesSearchItems: build.query<FoundItems, SearchRequest>({
      query: ({ driveId, ...request }) => ({
        url: `${BASE}/drives/${driveId}/search`,
        config: { params: params({ ...request }) },
      }),
      transformResponse: ({ data, meta }: SearchPage): FoundItems => ({
        results: data,
        pagination: meta.pagination,
      }),
      providesTags: (_found, _error, { driveId }) => itemsTag(driveId),
    }),
    /** How many entries use each of these files: { [itemId]: count }. */
    externalDrivesGetUsageCounts: build.query<UsageCounts, { driveId: number; itemIds: string[] }>({
      query: ({ driveId, itemIds }) => ({
        url: `${BASE}/drives/${driveId}/usage`,
        config: { params: { itemIds: itemIds.join(',') } },
      }),
      transformResponse: unwrapData<UsageCounts>,
      providesTags: (_counts, _error, { driveId }) => itemsTag(driveId),
    }),
    externalDrivesGetUsage: build.query<FileUsage, ItemRef>({
      query: (item) => `${itemPath(item)}/usage`,
      transformResponse: unwrapData<FileUsage>,
      providesTags: (_usage, _error, { driveId }) => itemsTag(driveId),
    }),
    /** What an External file field holds, as this admin may see it. */
    externalDrivesDescribeFiles: build.query<ExternalFile[], ExternalFileReference[]>({
      query: (references) => ({
        url: `${BASE}/external-files/describe`,
        method: 'POST',
        data: { references } satisfies DescribeFilesRequest,
      }),
      transformResponse: unwrapData<ExternalFile[]>,
    }),
    externalDrivesCreateFolder: build.mutation<
      DriveItem,
      { driveId: number; parentId: string; name: string }
    >({
      query: ({ driveId, parentId, name }) => ({
        url: `${BASE}/drives/${driveId}/folders`,
        method: 'POST',
        data: { parentId, name, conflictBehavior: 'fail' } satisfies CreateFolderRequest,
      }),
      transformResponse: unwrapData<DriveItem>,
      invalidatesTags: (_item, _error, { driveId }) => itemsTag(driveId),
    }),
    // PATCH, which Strapi's fetch client does not offer: sent with the admin's token.
    externalDrivesUpdateItem: build.mutation<
      DriveItem,
      ItemRef & { change: ItemChange; token: string | null }
    >({
      queryFn: async ({ change, token, ...item }) => {
        try {
          const body = await authorizedFetch(token, itemPath(item), jsonRequest('PATCH', change));
          return { data: body.data as DriveItem };
        } catch (failure) {
          const payload = (failure as ApiError).payload as { error?: never } | undefined;
          return { error: payload?.error ?? { name: 'UnknownError', message: String(failure) } };
        }
      },
      invalidatesTags: (_item, _error, { driveId }) => itemsTag(driveId),
    }),
    /** Nothing sent: marks every read of the drive's items stale, after a sync changed them. */
    externalDrivesRefreshItems: build.mutation<null, number>({
      queryFn: () => ({ data: null }),
      invalidatesTags: (_result, _error, driveId) => itemsTag(driveId),
    }),
    externalDrivesRemoveItem: build.mutation<void, ItemRef>({
      query: (item) => ({ url: itemPath(item), method: 'DELETE' }),
      invalidatesTags: (_result, _error, { driveId }) => itemsTag(driveId),
    }),
    externalDrivesCopyToMediaLibrary: build.mutation<MediaLibraryCopy, ItemRef>({
      query: (item) => ({
        url: `${itemPath(item)}/copy-to-media-library`,
        method: 'POST',
        data: {},
      }),
      transformResponse: unwrapData<MediaLibraryCopy>,
    }),
  }),
});

export const {
  useExternalDrivesGetChildrenQuery: useChildren,
  useExternalDrivesGetBreadcrumbsQuery: useBreadcrumbTrail,
  useExternalDrivesSearchItemsQuery: useItemSearch,
  useExternalDrivesGetUsageCountsQuery: useUsageCounts,
  useExternalDrivesGetUsageQuery: useFileUsage,
  useLazyExternalDrivesDescribeFilesQuery: useLazyDescribedFiles,
  useExternalDrivesCreateFolderMutation: useCreateFolder,
  useExternalDrivesRemoveItemMutation: useRemoveItem,
  useExternalDrivesCopyToMediaLibraryMutation: useCopyToMediaLibrary,
  useExternalDrivesRefreshItemsMutation: useRefreshItems,
} = itemsApi;

/** Rename or move: `updateItem` with the admin's token, as a promise of the updated item. */
export const useUpdateItem = () => {
  const token = useAdminToken();
  const [update] = itemsApi.useExternalDrivesUpdateItemMutation();
  return useCallback(
    (item: ItemRef, change: ItemChange) => update({ ...item, change, token }).unwrap(),
    [update, token]
  );
};
