import { generatedQuickXorHash } from '../content/generated-content';
import { GraphError, badRequest, itemNotFound, nameAlreadyExists } from '../errors';
import { deterministicGuid, driveId as makeDriveId, driveItemId } from '../ids';
import { ChangeIndex } from './change-index';
import type {
  Actor,
  AppRegistration,
  Drive,
  DriveItem,
  FileContent,
  Site,
  SiteRole,
  Tenant,
  User,
} from './model';
import { assertValidItemName, mimeTypeOf } from './names';
import { keepCurrentVersion } from './versions';

const DEFAULT_QUOTA = 1024 ** 4; // 1 TiB, as a SharePoint library

export interface NewItem {
  name: string;
  folder?: boolean;
  content?: FileContent;
  by?: Actor;
  /** Seeding passes a fixed clock so runs are reproducible. */
  at?: string;
}

export type SiteSearchRefusal = 'accessDenied' | 'emptyList';

/** The whole emulated tenant in memory: directory objects, drives and their items. */
export class TenantStore {
  readonly apps = new Map<string, AppRegistration>();
  readonly users = new Map<string, User>();
  readonly sites = new Map<string, Site>();
  readonly drives = new Map<string, Drive>();
  tokenLifetimeSeconds = 3600;
  /**
   * How far Entra ID's clock is ahead of its clients' (seconds; negative: behind). Client assertions
   * are judged against it: a client whose clock is off by more than the allowed skew is refused
   * with AADSTS700024, as when a server's clock drifts.
   */
  clientClockSkewSeconds = 0;
  /**
   * How `GET /sites?search=` answers an app without tenant-wide site read (Sites.Selected only).
   * Microsoft documents only that site search "does not support the Sites.Selected application
   * permission"; tenants are seen answering 403 accessDenied (the default) or an empty list.
   */
  siteSearchRefusal: SiteSearchRefusal = 'accessDenied';
  /** Told after every change of a drive's items (change notifications listen here). */
  onDriveChanged?: (drive: Drive) => void;

  constructor(readonly tenant: Tenant) {}

  get myHost(): string {
    return this.tenant.sharepointHost.replace('.sharepoint.com', '-my.sharepoint.com');
  }

  // ---------- directory ----------

  createApp(options: {
    displayName: string;
    permissions: string[];
    secret?: string;
    clientId?: string;
  }): AppRegistration {
    const clientId =
      options.clientId ?? deterministicGuid(`${this.tenant.id}:app:${options.displayName}`);
    const app: AppRegistration = {
      clientId,
      displayName: options.displayName,
      secret:
        options.secret ??
        `emu~${Buffer.from(deterministicGuid(`${clientId}:secret`))
          .toString('base64url')
          .slice(0, 36)}`,
      permissions: new Set(options.permissions),
      siteGrants: new Map(),
      servicePrincipalId: deterministicGuid(`${clientId}:sp`),
      redirectUris: new Set(),
      certificates: [],
    };
    this.apps.set(clientId, app);
    return app;
  }

  grant(clientId: string, siteId: string, role: SiteRole): void {
    this.requireApp(clientId);
    this.requireSite(siteId);
    this.requireApp(clientId).siteGrants.set(siteId, role);
  }

  requireApp(clientId: string): AppRegistration {
    const app = this.apps.get(clientId);
    if (!app) throw new GraphError(404, 'itemNotFound', `No app ${clientId}`);
    return app;
  }

  createUser(displayName: string, at?: string): User {
    const alias = displayName.split(/\s+/)[0].toLowerCase();
    const userPrincipalName = `${alias}@${this.tenant.domain}`;
    const id = deterministicGuid(`${this.tenant.id}:user:${userPrincipalName}`);
    const personalPath = `/personal/${userPrincipalName.replace(/[@.]/g, '_')}`;
    const drive = this.createDrive({
      name: 'OneDrive',
      driveType: 'business',
      ownerUserId: id,
      webUrl: `https://${this.myHost}${personalPath}/Documents`,
      key: `${this.tenant.id}:onedrive:${id}`,
      at,
    });
    const user: User = {
      id,
      displayName,
      mail: userPrincipalName,
      userPrincipalName,
      driveId: drive.id,
    };
    this.users.set(id, user);
    return user;
  }

  /**
   * A site collection, or with `parentSiteId` a subsite under it. As in SharePoint, a subsite
   * shares its site collection's id, has a web id of its own, lives under its parent's path and
   * keeps its own libraries and members.
   */
  createSite(displayName: string, at?: string, parentSiteId?: string): Site {
    const parent = parentSiteId ? this.requireSite(parentSiteId) : undefined;
    const name = displayName.replace(/\s+/g, '');
    const serverRelativePath = parent ? `${parent.serverRelativePath}/${name}` : `/sites/${name}`;
    const siteGuid = parent
      ? parent.id.split(',')[1]
      : deterministicGuid(`${this.tenant.id}:site:${name}`);
    const webGuid = deterministicGuid(
      `${this.tenant.id}:web:${parent ? serverRelativePath : name}`
    );
    const site: Site = {
      id: `${this.tenant.sharepointHost},${siteGuid},${webGuid}`,
      name,
      displayName,
      webUrl: `https://${this.tenant.sharepointHost}${serverRelativePath}`,
      serverRelativePath,
      parentSiteId: parent?.id,
      driveIds: [],
      memberUserIds: new Set(),
      createdDateTime: at ?? new Date().toISOString(),
    };
    this.sites.set(site.id, site);
    return site;
  }

  requireSite(siteId: string): Site {
    const site = this.sites.get(siteId);
    if (!site) throw itemNotFound(`Site ${siteId} not found.`);
    return site;
  }

  createLibrary(siteId: string, name: string, at?: string): Drive {
    const site = this.requireSite(siteId);
    const urlName = name === 'Documents' ? 'Shared Documents' : name;
    const drive = this.createDrive({
      name,
      driveType: 'documentLibrary',
      siteId,
      webUrl: `${site.webUrl}/${encodeURI(urlName)}`,
      key: `${siteId}:library:${name}`,
      at,
    });
    site.driveIds.push(drive.id);
    return drive;
  }

  private createDrive(options: {
    name: string;
    driveType: Drive['driveType'];
    siteId?: string;
    ownerUserId?: string;
    webUrl: string;
    key: string;
    at?: string;
  }): Drive {
    const id = makeDriveId(options.key);
    const now = options.at ?? new Date().toISOString();
    const drive: Drive = {
      id,
      name: options.name,
      driveType: options.driveType,
      siteId: options.siteId,
      ownerUserId: options.ownerUserId,
      webUrl: options.webUrl,
      createdDateTime: now,
      rootId: driveItemId(`${id}:root`),
      items: new Map(),
      changes: new ChangeIndex(),
      tokenGeneration: 1,
      deltaOrder: 'sequence',
      quotaTotal: DEFAULT_QUOTA,
      nextItemNumber: 1,
      list: {
        id: deterministicGuid(`${id}:list`),
        columns: [],
        tokenGeneration: 1,
        nextListItemId: 1,
      },
    };
    const root: DriveItem = {
      id: drive.rootId,
      guid: deterministicGuid(`${id}:root`),
      driveId: id,
      parentId: null,
      name: 'root',
      isFolder: true,
      createdDateTime: now,
      lastModifiedDateTime: now,
      createdBy: { kind: 'app', clientId: 'system' },
      lastModifiedBy: { kind: 'app', clientId: 'system' },
      version: 1,
      contentVersion: 1,
      seq: 0,
      deleted: false,
      children: new Map(),
      size: 0,
      locked: false,
    };
    drive.items.set(root.id, root);
    drive.changes.stamp(root);
    this.drives.set(id, drive);
    return drive;
  }

  /** Removes a document library and everything in it (a test resets its drive this way). */
  removeLibrary(driveId: string): void {
    const drive = this.requireDrive(driveId);
    if (!drive.siteId) throw badRequest('Only a document library can be removed.');
    const site = this.requireSite(drive.siteId);
    site.driveIds = site.driveIds.filter((id) => id !== driveId);
    this.drives.delete(driveId);
  }

  requireDrive(driveId: string): Drive {
    const drive = this.drives.get(driveId);
    if (!drive) throw itemNotFound(`Drive ${driveId} not found.`);
    return drive;
  }

  // ---------- items ----------

  requireItem(drive: Drive, itemId: string): DriveItem {
    const item = drive.items.get(itemId === 'root' ? drive.rootId : itemId);
    if (!item || item.deleted) throw itemNotFound('The resource could not be found.');
    return item;
  }

  /** Resolves `relativePath` ("a/b/c.txt") below `base`; undefined when some segment is missing. */
  findByPath(drive: Drive, base: DriveItem, relativePath: string): DriveItem | undefined {
    let current: DriveItem | undefined = base;
    for (const segment of relativePath.split('/').filter(Boolean)) {
      current = current?.children?.get(segment.toLowerCase());
      if (!current) return undefined;
    }
    return current;
  }

  /** "/a/b" of an item's parent chain below the root ("" for the root). */
  pathOf(drive: Drive, item: DriveItem): string {
    const names: string[] = [];
    let current: DriveItem | undefined = item;
    while (current && current.parentId !== null) {
      names.push(current.name);
      current = drive.items.get(current.parentId);
    }
    return names.length ? `/${names.reverse().join('/')}` : '';
  }

  createItem(drive: Drive, parent: DriveItem, spec: NewItem): DriveItem {
    if (!parent.isFolder || !parent.children) throw badRequest('The parent item is not a folder.');
    assertValidItemName(spec.name);
    if (parent.children.has(spec.name.toLowerCase())) throw nameAlreadyExists(spec.name);
    const now = spec.at ?? new Date().toISOString();
    const number = drive.nextItemNumber++;
    const by = spec.by ?? { kind: 'app', clientId: 'system' };
    const item: DriveItem = {
      id: driveItemId(`${drive.id}:item:${number}`),
      guid: deterministicGuid(`${drive.id}:item:${number}`),
      driveId: drive.id,
      parentId: parent.id,
      name: spec.name,
      isFolder: Boolean(spec.folder),
      content: spec.folder ? undefined : spec.content,
      mimeType: spec.folder ? undefined : mimeTypeOf(spec.name),
      createdDateTime: now,
      lastModifiedDateTime: now,
      createdBy: by,
      lastModifiedBy: by,
      version: 1,
      contentVersion: 1,
      seq: 0,
      deleted: false,
      children: spec.folder ? new Map() : undefined,
      size: spec.folder ? 0 : (spec.content?.size ?? 0),
      locked: false,
      listItemId: drive.list.nextListItemId++,
    };
    drive.items.set(item.id, item);
    parent.children.set(item.name.toLowerCase(), item);
    this.addSizeToAncestors(drive, parent, item.size);
    drive.changes.stamp(item);
    this.onDriveChanged?.(drive);
    return item;
  }

  replaceContent(drive: Drive, item: DriveItem, content: FileContent, by?: Actor): void {
    if (item.isFolder) throw badRequest('A folder has no content.');
    keepCurrentVersion(item);
    this.addSizeToAncestors(drive, this.parentOf(drive, item), content.size - item.size);
    item.content = content;
    item.size = content.size;
    item.cachedQuickXorHash = undefined;
    item.contentVersion++;
    this.touch(drive, item, by);
  }

  rename(drive: Drive, item: DriveItem, newName: string, by?: Actor): void {
    this.move(drive, item, this.parentOf(drive, item), newName, by);
  }

  move(drive: Drive, item: DriveItem, newParent: DriveItem, newName = item.name, by?: Actor) {
    if (item.parentId === null) throw badRequest('The root cannot be moved or renamed.');
    if (!newParent.isFolder || !newParent.children) throw badRequest('The target is not a folder.');
    assertValidItemName(newName);
    for (let cursor: DriveItem | undefined = newParent; cursor;) {
      if (cursor.id === item.id) throw badRequest('An item cannot be moved below itself.');
      cursor = cursor.parentId ? drive.items.get(cursor.parentId) : undefined;
    }
    const clash = newParent.children.get(newName.toLowerCase());
    if (clash && clash.id !== item.id) throw nameAlreadyExists(newName);
    const oldParent = this.parentOf(drive, item);
    oldParent.children!.delete(item.name.toLowerCase());
    this.addSizeToAncestors(drive, oldParent, -item.size);
    item.name = newName;
    item.parentId = newParent.id;
    newParent.children.set(newName.toLowerCase(), item);
    this.addSizeToAncestors(drive, newParent, item.size);
    // Only the moved/renamed item changes: its descendants keep their sequence (as on Microsoft).
    this.touch(drive, item, by);
  }

  /** Deletes an item and its subtree, leaving tombstones for delta. */
  delete(drive: Drive, item: DriveItem, by?: Actor): void {
    if (item.parentId === null) throw badRequest('The root cannot be deleted.');
    const parent = this.parentOf(drive, item);
    parent.children!.delete(item.name.toLowerCase());
    this.addSizeToAncestors(drive, parent, -item.size);
    const stack = [item];
    while (stack.length) {
      const current = stack.pop()!;
      if (current.children) stack.push(...current.children.values());
      if (current !== item) current.deletedWithAncestorAfter = current.seq;
      current.deleted = true;
      this.touch(drive, current, by);
    }
  }

  /**
   * Sets values of the list's columns on an item's list item (null clears one). In SharePoint a
   * metadata change is a change of the driveItem too: new eTag, listed by both delta feeds.
   */
  setFields(drive: Drive, item: DriveItem, fields: Record<string, unknown>, by?: Actor): void {
    if (item.parentId === null) throw badRequest('The root has no list item.');
    const next = { ...(item.fields ?? {}) };
    for (const [name, value] of Object.entries(fields)) {
      if (value === null) delete next[name];
      else next[name] = value;
    }
    item.fields = next;
    this.touch(drive, item, by);
  }

  /**
   * The id of a user's item in the site's User Information List, added on first use as SharePoint
   * adds people when they first appear on the site.
   */
  userLookupId(site: Site, userId: string): number {
    site.userInfoIds ??= new Map();
    let id = site.userInfoIds.get(userId);
    if (id === undefined) {
      // SharePoint's first ids belong to system accounts; people come after them.
      id = site.userInfoIds.size + 7;
      site.userInfoIds.set(userId, id);
    }
    return id;
  }

  quickXorHashOf(item: DriveItem): string | undefined {
    if (!item.content) return undefined;
    if (item.content.kind === 'stored') return item.content.quickXorHash;
    item.cachedQuickXorHash ??= generatedQuickXorHash(item.content);
    return item.cachedQuickXorHash;
  }

  parentOf(drive: Drive, item: DriveItem): DriveItem {
    const parent = item.parentId ? drive.items.get(item.parentId) : undefined;
    if (!parent) throw badRequest('The item has no parent.');
    return parent;
  }

  usedBytes(drive: Drive): number {
    return drive.items.get(drive.rootId)!.size;
  }

  private touch(drive: Drive, item: DriveItem, by?: Actor): void {
    item.version++;
    item.lastModifiedDateTime = new Date().toISOString();
    if (by) item.lastModifiedBy = by;
    drive.changes.stamp(item);
    this.onDriveChanged?.(drive);
  }

  private addSizeToAncestors(drive: Drive, from: DriveItem, delta: number): void {
    if (delta === 0) return;
    for (let cursor: DriveItem | undefined = from; cursor;) {
      cursor.size += delta;
      cursor = cursor.parentId ? drive.items.get(cursor.parentId) : undefined;
    }
  }
}
