/**
 * A folder upload, from the tree the browser read to its files in the upload queue: every name
 * checked here first with the server's rules (all refused names listed at once, nothing sent),
 * then by the server, which creates the folders (reusing those already there); each file then
 * goes as an ordinary resumable upload into its folder, a few at once (useUploads.addPlaced).
 */
import { useCallback, useState } from 'react';
import type { RefusedName } from '../../../../../shared/contracts/folder-uploads';
import { checkFolderTree, namePartOf, parentPathOf } from '../../../../../shared/folder-tree';
import { joinItemPath } from '../../../../../shared/names';
import { refusedNamesOf, useFolderUploadApi } from '../../../api/useFolderUploadApi';
import { useIntegrationState } from '../../../hooks/useIntegrationState';
import { useReportError } from '../../../hooks/useReportError';
import {
  droppedEntries,
  holdsAFolder,
  treeFromEntries,
  treeFromPickedFiles,
  type FolderTree,
} from '../../../utils/readFolderTree';
import type { UploadDestination, useUploads } from './useUploads';

/** Names the rules refuse in a folder the user chose: shown together, nothing was sent. */
export interface RefusedFolder {
  label: string;
  refused: RefusedName[];
}

/** "Photos", or "Photos and 2 more" when several folders (or files) were dropped together. */
const labelOf = (tree: FolderTree) => {
  const tops = [
    ...new Set(
      [...tree.files.map(({ path }) => path), ...tree.emptyFolders].map(
        (path) => path.split('/')[0]
      )
    ),
  ];
  return { first: tops[0] ?? '', more: tops.length - 1 };
};

export const useFolderUpload = (
  driveId: number,
  driveName: string,
  uploads: Pick<ReturnType<typeof useUploads>, 'addPlaced'>
) => {
  const api = useFolderUploadApi();
  const reportError = useReportError();
  const { rejectDiscouragedCharacters } = useIntegrationState();
  const [refused, setRefused] = useState<RefusedFolder | null>(null);
  /** The folder whose tree is being checked and created, before its files are queued. */
  const [preparing, setPreparing] = useState<string | null>(null);

  const start = useCallback(
    async (tree: FolderTree, destination: UploadDestination) => {
      const { first, more } = labelOf(tree);
      const label = more > 0 ? `${first} (+${more})` : first;
      const request = {
        files: tree.files.map(({ path, file }) => ({ path, size: file.size })),
        folders: tree.emptyFolders,
      };
      const checked = checkFolderTree(request, {
        driveName,
        folderPath: destination.folderPath,
        rejectDiscouragedCharacters,
      });
      if (checked.refused.length > 0) {
        setRefused({ label, refused: checked.refused });
        return;
      }
      setPreparing(label);
      try {
        // The server checks again (its settings may have changed), then creates the folders.
        await api.check(driveId, destination.parentId, request);
        const created = await api.createTree(driveId, destination.parentId, request);
        const group = { key: `folder-${Date.now()}-${first}`, label };
        uploads.addPlaced(
          tree.files.map(({ path, file }) => {
            const folder = parentPathOf(path);
            return {
              file,
              name: namePartOf(path),
              parentId: created.folderIds[folder],
              folderPath: joinItemPath(destination.folderPath, folder).replace(/\/$/, ''),
            };
          }),
          group
        );
      } catch (error) {
        const names = refusedNamesOf(error);
        if (names) setRefused({ label, refused: names });
        else reportError(error);
      } finally {
        setPreparing(null);
      }
    },
    [api, driveId, driveName, rejectDiscouragedCharacters, reportError, uploads]
  );

  const startIn = (tree: FolderTree, destination: UploadDestination | null) => {
    if (!destination || (tree.files.length === 0 && tree.emptyFolders.length === 0)) return;
    void start(tree, destination);
  };

  return {
    start,
    /** A folder picked with the folder input. */
    pick: (files: FileList | null, destination: UploadDestination | null) => {
      if (files) startIn(treeFromPickedFiles(files), destination);
    },
    /** Files dropped go as files; a drop holding a folder goes as a folder upload, tree and all. */
    drop: (
      transfer: DataTransfer,
      destination: UploadDestination | null,
      addFiles: (files: FileList) => void
    ) => {
      const entries = droppedEntries(transfer.items);
      if (!holdsAFolder(entries)) return addFiles(transfer.files);
      // A folder the browser may not read (permissions, a vanished file) is reported, not lost.
      treeFromEntries(entries)
        .then((tree) => startIn(tree, destination))
        .catch(reportError);
    },
    refused,
    closeRefused: () => setRefused(null),
    preparing,
  };
};
