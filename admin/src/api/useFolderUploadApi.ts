/**
 * The folder upload routes: the tree's names checked by the server, then its folders created;
 * the files then go through the ordinary uploads (useFileTransfers, uploadFile.ts).
 */
import { useFetchClient } from '@strapi/strapi/admin';
import { useMemo } from 'react';
import type {
  FolderUploadRequest,
  FolderUploadSummary,
  FolderUploadTree,
  RefusedName,
} from '../../../shared/contracts/folder-uploads';
import { itemPath } from './resources/items';

const folderUploadPath = (driveId: number, parentId: string) =>
  `${itemPath({ driveId, itemId: parentId })}/folder-upload`;

export const useFolderUploadApi = () => {
  const { post } = useFetchClient();
  return useMemo(
    () => ({
      check: async (driveId: number, parentId: string, request: FolderUploadRequest) =>
        (
          await post<{ data: FolderUploadSummary }>(
            `${folderUploadPath(driveId, parentId)}/check`,
            request
          )
        ).data.data,
      createTree: async (driveId: number, parentId: string, request: FolderUploadRequest) =>
        (await post<{ data: FolderUploadTree }>(folderUploadPath(driveId, parentId), request)).data
          .data,
    }),
    [post]
  );
};

/** The names a refusal of the server lists (`details.refused`), or null for another failure. */
export function refusedNamesOf(error: unknown): RefusedName[] | null {
  const body = (error as { response?: { data?: unknown } })?.response?.data as
    { error?: { details?: { refused?: RefusedName[] } } } | undefined;
  const refused = body?.error?.details?.refused;
  return Array.isArray(refused) ? refused : null;
}
