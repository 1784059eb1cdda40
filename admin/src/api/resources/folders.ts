/**
 * The folder picker's listings: one level of a library's folders, with the app's access (platform
 * drives, drive managers) or with a signed-in account's (personal SharePoint drives).
 */
import type { FolderListing } from '../../../../shared/contracts/folders';
import { BASE, externalDrivesApi, unwrapData } from '../externalDrivesApi';

interface FolderQuery {
  siteId: string;
  driveId: string;
  parentId?: string;
}

const params = (parentId?: string) => ({ params: parentId ? { parentId } : {} });

const foldersApi = externalDrivesApi.injectEndpoints({
  endpoints: (build) => ({
    externalDrivesLibraryFolders: build.query<FolderListing, FolderQuery>({
      query: ({ siteId, driveId, parentId }) => ({
        url: `${BASE}/sites/${encodeURIComponent(siteId)}/drives/${encodeURIComponent(driveId)}/folders`,
        config: params(parentId),
      }),
      transformResponse: unwrapData<FolderListing>,
    }),
    externalDrivesAccountFolders: build.query<FolderListing, FolderQuery & { accountId: number }>({
      query: ({ accountId, siteId, driveId, parentId }) => ({
        url: `${BASE}/connections/${accountId}/sites/${encodeURIComponent(siteId)}/drives/${encodeURIComponent(driveId)}/folders`,
        config: params(parentId),
      }),
      transformResponse: unwrapData<FolderListing>,
    }),
  }),
});

export const {
  useLazyExternalDrivesLibraryFoldersQuery: useLazyLibraryFolders,
  useLazyExternalDrivesAccountFoldersQuery: useLazyAccountFolders,
} = foldersApi;
