/**
 * The folder a new drive is limited to, from what the admin chose: a folder picked while browsing
 * the library (its id) or a pasted SharePoint URL. Resolved through Graph with the client that will
 * sync the drive, so a folder out of its reach is refused before anything is stored. Choosing the
 * library's own root means the whole library (no folder).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FolderSummary } from '../../../shared/contracts/folders';
import { folderByUrl, folderOfLibrary } from '../graph/folders';
import { externalDrivesError } from '../graph/errors';

export interface FolderChoice {
  folderId?: string;
  folderUrl?: string;
}

/** The drive row's folder fields for this choice (all null for the whole library). */
export interface DriveFolderFields {
  folderItemId: string | null;
  folderPath: string | null;
  libraryName: string | null;
}

export async function resolveFolderChoice(
  client: Client,
  library: { id: string; name: string },
  choice: FolderChoice
): Promise<DriveFolderFields & { folder: FolderSummary | null }> {
  const folderId = choice.folderId?.trim();
  const folderUrl = choice.folderUrl?.trim();
  if (folderId && folderUrl) {
    throw externalDrivesError('invalidRequest', {
      message: 'Choose the folder by browsing or by URL, not both',
    });
  }
  const folder = folderId
    ? await folderOfLibrary(client, library.id, folderId)
    : folderUrl
      ? await folderByUrl(client, library.id, folderUrl)
      : null;
  if (!folder || folder.path === '') {
    return { folder: null, folderItemId: null, folderPath: null, libraryName: null };
  }
  return { folder, folderItemId: folder.id, folderPath: folder.path, libraryName: library.name };
}
