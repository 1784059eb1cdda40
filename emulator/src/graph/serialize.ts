import { cTagOf, eTagOf } from '../store/tags';
import type { EmulatorContext } from '../context';
import type { Actor, Drive, DriveItem, Site, User } from '../store/model';

export type ItemView = 'item' | 'delta';

export function identitySet(emulator: EmulatorContext, actor: Actor): Record<string, unknown> {
  if (actor.kind === 'user') {
    const user = emulator.store.users.get(actor.userId);
    if (user) return { user: { email: user.mail, id: user.id, displayName: user.displayName } };
    return { user: { displayName: 'Unknown user' } };
  }
  const app = emulator.store.apps.get(actor.clientId);
  if (!app) return { user: { displayName: 'System Account' } };
  return {
    application: { id: app.clientId, displayName: app.displayName },
    user: { displayName: 'SharePoint App' },
  };
}

function webUrlOf(drive: Drive, path: string): string {
  return path ? `${drive.webUrl}${encodeURI(path)}` : drive.webUrl;
}

/** A driveItem in Graph's shape; `view: 'delta'` drops parentReference.path as Microsoft does. */
export function serializeItem(
  emulator: EmulatorContext,
  drive: Drive,
  item: DriveItem,
  view: ItemView,
  options: { downloadUrl: boolean; sharepointIds?: boolean }
): Record<string, unknown> {
  const { store } = emulator;
  const eTag = eTagOf(item);
  const parentReference: Record<string, unknown> = {
    driveType: drive.driveType,
    driveId: drive.id,
  };
  if (item.parentId) parentReference.id = item.parentId;
  if (item.deleted) {
    // Deleted items: the deleted facet, no name, no cTag.
    return {
      id: item.id,
      eTag,
      lastModifiedDateTime: item.lastModifiedDateTime,
      parentReference,
      deleted: { state: 'deleted' },
      ...(item.isFolder ? { folder: { childCount: 0 } } : { file: {} }),
    };
  }
  const path = store.pathOf(drive, item);
  if (view === 'item' && item.parentId) {
    const parent = drive.items.get(item.parentId)!;
    const parentPath = store.pathOf(drive, parent);
    parentReference.name = parent.parentId ? parent.name : drive.name;
    parentReference.path = `/drives/${drive.id}/root:${parentPath}`;
  }
  if (drive.siteId) parentReference.siteId = drive.siteId;
  const body: Record<string, unknown> = {};
  if (options.downloadUrl && !item.isFolder) {
    body['@microsoft.graph.downloadUrl'] = emulator.downloads.url(drive.id, item.id, item.version);
  }
  Object.assign(body, {
    createdBy: identitySet(emulator, item.createdBy),
    createdDateTime: item.createdDateTime,
    eTag,
    id: item.id,
    lastModifiedBy: identitySet(emulator, item.lastModifiedBy),
    lastModifiedDateTime: item.lastModifiedDateTime,
    name: item.parentId ? item.name : 'root',
    parentReference,
    webUrl: webUrlOf(drive, path),
  });
  if (!item.isFolder) body.cTag = cTagOf(item);
  if (!item.isFolder) {
    body.file = { mimeType: item.mimeType, hashes: { quickXorHash: store.quickXorHashOf(item) } };
  }
  body.fileSystemInfo = {
    createdDateTime: item.createdDateTime,
    lastModifiedDateTime: item.lastModifiedDateTime,
  };
  if (item.isFolder) body.folder = { childCount: item.children?.size ?? 0 };
  if (item.parentId === null) body.root = {};
  body.size = item.size;
  // "Not returned by default": only when $select names it.
  if (options.sharepointIds) body.sharepointIds = sharepointIdsOf(emulator, drive, item);
  return body;
}

/** Applies $select: keeps only the named properties (id always, the deleted facet on tombstones). */
export function applySelect(
  body: Record<string, unknown>,
  select: string[] | undefined
): Record<string, unknown> {
  if (!select) return body;
  const wanted = new Set(select.map((name) => name.toLowerCase()));
  wanted.add('id');
  wanted.add('deleted');
  return Object.fromEntries(Object.entries(body).filter(([key]) => wanted.has(key.toLowerCase())));
}

export function parseSelect(value: unknown): string[] | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  return value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

export function selectsDownloadUrl(select: string[] | undefined): boolean {
  return Boolean(select?.some((name) => name.toLowerCase() === '@microsoft.graph.downloadurl'));
}

export function serializeDrive(emulator: EmulatorContext, drive: Drive): Record<string, unknown> {
  const used = emulator.store.usedBytes(drive);
  const owner: Record<string, unknown> = {};
  if (drive.ownerUserId) {
    const user = emulator.store.users.get(drive.ownerUserId);
    if (user) owner.user = { email: user.mail, id: user.id, displayName: user.displayName };
  } else if (drive.siteId) {
    owner.group = { displayName: `${emulator.store.sites.get(drive.siteId)?.displayName} Owners` };
  }
  return {
    createdDateTime: drive.createdDateTime,
    description: '',
    id: drive.id,
    lastModifiedDateTime: drive.createdDateTime,
    name: drive.name,
    webUrl: drive.webUrl,
    driveType: drive.driveType,
    createdBy: { user: { displayName: 'System Account' } },
    owner,
    quota: {
      deleted: 0,
      remaining: Math.max(0, drive.quotaTotal - used),
      state: used >= drive.quotaTotal ? 'exceeded' : 'normal',
      total: drive.quotaTotal,
      used,
    },
  };
}

export function serializeSite(emulator: EmulatorContext, site: Site): Record<string, unknown> {
  const [, siteCollectionId, webId] = site.id.split(',');
  return {
    createdDateTime: site.createdDateTime,
    description: `${site.displayName} team site`,
    id: site.id,
    lastModifiedDateTime: site.createdDateTime,
    name: site.name,
    webUrl: site.webUrl,
    displayName: site.displayName,
    root: {},
    siteCollection: { hostname: emulator.store.tenant.sharepointHost },
    sharepointIds: {
      siteId: siteCollectionId,
      webId,
      siteUrl: site.webUrl,
      tenantId: emulator.store.tenant.id,
    },
  };
}

export function serializeUser(user: User): Record<string, unknown> {
  return {
    id: user.id,
    displayName: user.displayName,
    mail: user.mail,
    userPrincipalName: user.userPrincipalName,
    givenName: user.displayName.split(' ')[0],
    surname: user.displayName.split(' ').slice(1).join(' '),
  };
}

/** driveItem/listItem `sharepointIds`: where the item is in SharePoint's terms. */
export function sharepointIdsOf(
  emulator: EmulatorContext,
  drive: Drive,
  item: DriveItem
): Record<string, unknown> {
  const site = drive.siteId ? emulator.store.sites.get(drive.siteId) : undefined;
  const [, siteId, webId] = site ? site.id.split(',') : [];
  return {
    listId: drive.list.id,
    ...(item.listItemId !== undefined
      ? { listItemId: String(item.listItemId), listItemUniqueId: item.guid }
      : {}),
    ...(site ? { siteId, siteUrl: site.webUrl, webId } : {}),
    tenantId: emulator.store.tenant.id,
  };
}

export const selectsProperty = (select: string[] | undefined, name: string): boolean =>
  Boolean(select?.some((selected) => selected.toLowerCase() === name.toLowerCase()));
