/**
 * A file's versions: the list (read from Microsoft 365 each time the modal opens), a version's
 * bytes (a blob, outside the cache), and restoring one, which refreshes the drive's items.
 */
import type { FileVersion, FileVersionList } from '../../../../shared/contracts/versions';
import type { DriveItem } from '../types';
import { authorizedBlob } from '../authorizedFetch';
import { externalDrivesApi, TAGS, unwrapData } from '../externalDrivesApi';
import { itemPath } from './items';

interface ItemRef {
  driveId: number;
  itemId: string;
}

const versionPath = (item: ItemRef, versionId: string) =>
  `${itemPath(item)}/versions/${encodeURIComponent(versionId)}`;

const versionsApi = externalDrivesApi.injectEndpoints({
  endpoints: (build) => ({
    externalDrivesGetVersions: build.query<FileVersion[], ItemRef>({
      query: (item) => `${itemPath(item)}/versions`,
      transformResponse: (response: FileVersionList) => response.data,
      providesTags: (_versions, _error, { driveId }) => [{ type: TAGS.items, id: driveId }],
    }),
    externalDrivesRestoreVersion: build.mutation<DriveItem, ItemRef & { versionId: string }>({
      query: ({ versionId, ...item }) => ({
        url: `${versionPath(item, versionId)}/restore`,
        method: 'POST',
        data: {},
      }),
      transformResponse: unwrapData<DriveItem>,
      invalidatesTags: (_item, _error, { driveId }) => [{ type: TAGS.items, id: driveId }],
    }),
  }),
});

export const {
  useExternalDrivesGetVersionsQuery: useFileVersions,
  useExternalDrivesRestoreVersionMutation: useRestoreVersion,
} = versionsApi;

/** One version's bytes, with the server's own error when it refuses (downloads off). */
export const downloadVersion = (token: string | null, item: ItemRef, versionId: string) =>
  authorizedBlob(token, `${versionPath(item, versionId)}/content`);
