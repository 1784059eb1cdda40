/**
 * A Graph driveItem as a `drive-item` row (attribute names). The one mapping, used by the sync
 * engine for delta pages and by file operations for the items Graph returns to them.
 */

/** The driveItem fields the row keeps: asked for with `$select` on delta. */
export const DRIVE_ITEM_SELECT = [
  'id',
  'name',
  'eTag',
  'cTag',
  'size',
  'file',
  'folder',
  'root',
  'deleted',
  'parentReference',
  'webUrl',
  'createdDateTime',
  'lastModifiedDateTime',
  'createdBy',
  'lastModifiedBy',
  // The item's list item (listItemId): where a library's column values are matched to the file.
  'sharepointIds',
].join(',');

export type DriveItemJson = Record<string, unknown> & { id: string };

interface GraphIdentity {
  user?: { displayName?: string; email?: string };
  application?: { displayName?: string };
}

const who = (identity: unknown) => {
  const set = (identity ?? {}) as GraphIdentity;
  return {
    name: set.user?.displayName ?? set.application?.displayName ?? null,
    email: set.user?.email ?? null,
  };
};

export function toItemRow(driveId: number, item: DriveItemJson) {
  const file = item.file as { mimeType?: string; hashes?: { quickXorHash?: string } } | undefined;
  const folder = item.folder as { childCount?: number } | undefined;
  const parent = item.parentReference as { id?: string } | undefined;
  const created = who(item.createdBy);
  const modified = who(item.lastModifiedBy);
  return {
    driveId,
    remoteId: item.id,
    parentRemoteId: parent?.id ?? null,
    name: (item.name as string | undefined) ?? null,
    isFolder: Boolean(folder),
    isRoot: Boolean(item.root),
    size: typeof item.size === 'number' ? item.size : null,
    mimeType: file?.mimeType ?? null,
    eTag: (item.eTag as string | undefined) ?? null,
    cTag: (item.cTag as string | undefined) ?? null,
    quickXorHash: file?.hashes?.quickXorHash ?? null,
    webUrl: (item.webUrl as string | undefined) ?? null,
    childCount: folder?.childCount ?? null,
    remoteCreatedAt: (item.createdDateTime as string | undefined) ?? null,
    remoteModifiedAt: (item.lastModifiedDateTime as string | undefined) ?? null,
    createdByName: created.name,
    createdByEmail: created.email,
    modifiedByName: modified.name,
    modifiedByEmail: modified.email,
    deleted: false,
    listItemId: (item.sharepointIds as { listItemId?: string } | undefined)?.listItemId ?? null,
  };
}
