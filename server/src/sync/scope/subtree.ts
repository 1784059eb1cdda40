/**
 * Everything below a folder, by children listings (Graph's delta works on a drive's root only, and
 * a folder moved into the followed folder comes in delta alone, without what it holds). Breadth
 * first, each folder's children page by page, through the drive's client (so its pacer).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { DRIVE_ITEM_SELECT, type DriveItemJson } from '../item-mapper';
import { getCollectionPage } from '../../graph/collection-page';

/** Children listings allow larger pages than the default 200. */
const PAGE_SIZE = 1000;

export async function listSubtree(
  client: Client,
  remoteDriveId: string,
  folderId: string
): Promise<DriveItemJson[]> {
  const found: DriveItemJson[] = [];
  const folders = [folderId];
  while (folders.length) {
    const id = folders.shift()!;
    let link: string | undefined =
      `/drives/${encodeURIComponent(remoteDriveId)}/items/${encodeURIComponent(id)}/children`;
    let first = true;
    while (link) {
      const request = client.api(link);
      if (first) request.select(DRIVE_ITEM_SELECT).top(PAGE_SIZE);
      first = false;
      const page = await getCollectionPage<DriveItemJson>(request);
      for (const child of page.parseValue()) {
        found.push(child);
        const childCount = (child.folder as { childCount?: number } | undefined)?.childCount;
        if (child.folder && childCount !== 0) folders.push(child.id);
      }
      link = page.properties['@odata.nextLink'] as string | undefined;
    }
  }
  return found;
}
