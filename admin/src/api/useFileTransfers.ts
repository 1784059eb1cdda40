/**
 * File bytes, which stay out of the query cache: resumable uploads (their pieces go as raw bytes
 * with the admin's token, see uploadFile.ts) and downloads (a blob with the server's own errors).
 */
import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import { authorizedBlob, backendUrl, useAdminToken } from './authorizedFetch';
import { BASE } from './externalDrivesApi';
import { itemPath } from './resources/items';
import type { StartUploadRequest, UploadStatus } from './types';

const uploadsPath = (driveId: number) => `${BASE}/drives/${driveId}/uploads`;

export const useFileTransfers = () => {
  const { get, post, del } = useFetchClient();
  const token = useAdminToken();

  return useMemo(
    () => ({
      token,
      startUpload: async (driveId: number, input: StartUploadRequest) =>
        (await post<{ data: UploadStatus }>(uploadsPath(driveId), input)).data.data,
      uploadStatus: async (driveId: number, uploadId: string) =>
        (await get<{ data: UploadStatus }>(`${uploadsPath(driveId)}/${uploadId}`)).data.data,
      cancelUpload: async (driveId: number, uploadId: string) => {
        await del(`${uploadsPath(driveId)}/${uploadId}`);
      },
      uploadPieceUrl: (driveId: number, uploadId: string) =>
        `${backendUrl()}${uploadsPath(driveId)}/${uploadId}`,
      downloadItem: (driveId: number, itemId: string) =>
        authorizedBlob(token, `${itemPath({ driveId, itemId })}/content`),
    }),
    [get, post, del, token]
  );
};
