/**
 * Folders of a document library, for connecting a drive to one folder instead of the whole
 * library: the folder picker's listing, a folder by id, and a folder by its SharePoint URL (through
 * Graph's shares API, as Microsoft documents it: `GET /shares/u!{base64url of the URL}/driveItem`).
 * Every request goes through the client it is given, so through the plugin's one pacer.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FolderListing, FolderSummary } from '../../../shared/contracts/folders';
import { externalDrivesError, toExternalDrivesError } from './errors';

interface GraphFolderItem {
  id: string;
  name?: string;
  folder?: { childCount?: number };
  root?: unknown;
  parentReference?: { driveId?: string; id?: string; path?: string };
}

const FOLDER_SELECT = 'id,name,folder,root,parentReference';
/** The picker shows folders by name; a level with more than this many is cut (and says so). */
const MAX_FOLDERS_PER_LEVEL = 2000;

/**
 * The item's path in its library, "" for the root. `parentReference.path` is
 * "/drives/{id}/root:/A/B" (percent-encoded); items read by id carry it (delta items do not).
 */
export function libraryPathOf(item: GraphFolderItem): string {
  if (item.root) return '';
  const parentPath = item.parentReference?.path ?? '';
  const at = parentPath.indexOf('root:');
  const parent = at < 0 ? '' : parentPath.slice(at + 'root:'.length);
  let decoded = parent;
  try {
    decoded = decodeURIComponent(parent);
  } catch {
    // Already plain text.
  }
  return [...decoded.split('/'), item.name ?? ''].filter(Boolean).join('/');
}

const summary = (item: GraphFolderItem): FolderSummary => ({
  id: item.id,
  name: item.root ? '' : (item.name ?? item.id),
  path: libraryPathOf(item),
  childCount: item.folder?.childCount ?? null,
});

const itemPath = (driveId: string, itemId: string) =>
  `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}`;

const folderNotFound = () =>
  externalDrivesError('notFound', {
    message: 'The folder was not found in this library',
    nextStep: 'Choose the folder again from the library, or check its URL.',
  });

async function asConnectError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) throw folderNotFound();
    throw toExternalDrivesError(error, 'connect');
  }
}

/** A folder of the library by id (`root` for the library itself): refused if it is a file. */
export async function folderOfLibrary(
  client: Client,
  driveId: string,
  itemId: string
): Promise<FolderSummary> {
  const item = (await asConnectError(() =>
    client.api(itemPath(driveId, itemId)).select(FOLDER_SELECT).get()
  )) as GraphFolderItem;
  if (!item.folder && !item.root) {
    throw externalDrivesError('invalidRequest', {
      message: 'This item is a file, not a folder',
      nextStep: 'Choose a folder of the library.',
    });
  }
  return summary(item);
}

/** One level of the folder picker: the folder and its sub-folders, by name. */
export async function listLibraryFolders(
  client: Client,
  driveId: string,
  parentId = 'root'
): Promise<FolderListing> {
  const folder = await folderOfLibrary(client, driveId, parentId);
  const folders: FolderSummary[] = [];
  let link: string | undefined = `${itemPath(driveId, folder.id)}/children`;
  let first = true;
  while (link && folders.length < MAX_FOLDERS_PER_LEVEL) {
    const request = client.api(link);
    if (first) request.select(FOLDER_SELECT).top(200);
    first = false;
    const page = (await asConnectError(() => request.get())) as {
      value?: GraphFolderItem[];
      '@odata.nextLink'?: string;
    };
    for (const child of page.value ?? []) if (child.folder) folders.push(summary(child));
    link = page['@odata.nextLink'];
  }
  folders.sort((a, b) => a.name.localeCompare(b.name));
  return { folder, folders };
}

/**
 * The URL of the folder itself from what a browser shows: a library view
 * (".../Forms/AllItems.aspx?id=/sites/HR/Shared Documents/Policies") names the folder in `id`.
 */
export function folderUrlOf(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw externalDrivesError('invalidRequest', { message: 'The folder URL is not a valid URL' });
  }
  if (url.protocol !== 'https:') {
    throw externalDrivesError('invalidRequest', {
      message: 'The folder URL must start with https://',
    });
  }
  const viewed = url.searchParams.get('id');
  if (viewed && viewed.startsWith('/')) return `${url.origin}${encodeURI(viewed)}`;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `u!` + the unpadded base64url of the URL: how the shares API takes a URL. */
export const sharingToken = (url: string) => `u!${Buffer.from(url, 'utf8').toString('base64url')}`;

/** The folder a SharePoint URL points at, which must be a folder of this library. */
export async function folderByUrl(
  client: Client,
  driveId: string,
  rawUrl: string
): Promise<FolderSummary> {
  const url = folderUrlOf(rawUrl);
  const item = (await asConnectError(() =>
    client
      .api(`/shares/${sharingToken(url)}/driveItem`)
      .select(FOLDER_SELECT)
      .get()
  )) as GraphFolderItem;
  if (item.parentReference?.driveId && item.parentReference.driveId !== driveId && !item.root) {
    throw externalDrivesError('invalidRequest', {
      message: 'This folder is in another library',
      nextStep: 'Choose the library the folder is in, or paste the URL of a folder of this one.',
    });
  }
  if (!item.folder && !item.root) {
    throw externalDrivesError('invalidRequest', {
      message: 'The URL points at a file, not a folder',
      nextStep: 'Paste the URL of a folder of the library.',
    });
  }
  // The library's own root: confirmed to be this library by reading it through the library.
  if (item.root) return folderOfLibrary(client, driveId, item.id);
  return summary(item);
}
