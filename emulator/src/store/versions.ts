/**
 * File versions as SharePoint and OneDrive for Business keep them: every content change makes a
 * new major version ("1.0", "2.0", ...) and keeps the one it replaces. Restoring a version makes a
 * new current version with that version's content and keeps every existing one ("Restore version",
 * Microsoft Graph driveItemVersion docs).
 */
import { itemNotFound } from '../errors';
import type { Actor, Drive, DriveItem, FileContent, FileVersion } from './model';
import type { TenantStore } from './tenant-store';

/** A version as the routes describe it: the current one is not kept in `history`. */
export interface VersionView {
  id: string;
  content: FileContent;
  lastModifiedDateTime: string;
  lastModifiedBy: Actor;
  current: boolean;
}

const idOf = (number: number) => `${number}.0`;

/** Called before a file's content is replaced: the replaced content becomes an earlier version. */
export function keepCurrentVersion(item: DriveItem): void {
  if (item.isFolder || !item.content) return;
  const number = item.versionNumber ?? 1;
  const kept: FileVersion = {
    number,
    content: item.content,
    lastModifiedDateTime: item.lastModifiedDateTime,
    lastModifiedBy: item.lastModifiedBy,
  };
  (item.history ??= []).push(kept);
  item.versionNumber = number + 1;
}

/** The file's versions, the current one first, then the earlier ones newest first. */
export function versionsOf(item: DriveItem): VersionView[] {
  if (item.isFolder || !item.content) return [];
  const current: VersionView = {
    id: idOf(item.versionNumber ?? 1),
    content: item.content,
    lastModifiedDateTime: item.lastModifiedDateTime,
    lastModifiedBy: item.lastModifiedBy,
    current: true,
  };
  const earlier = [...(item.history ?? [])].reverse().map((version): VersionView => ({
    id: idOf(version.number),
    content: version.content,
    lastModifiedDateTime: version.lastModifiedDateTime,
    lastModifiedBy: version.lastModifiedBy,
    current: false,
  }));
  return [current, ...earlier];
}

/** One version by its id ("2.0"); 404 itemNotFound when the file has no such version. */
export function requireVersion(item: DriveItem, versionId: string): VersionView {
  const version = versionsOf(item).find((candidate) => candidate.id === versionId);
  if (!version) throw itemNotFound(`The version '${versionId}' of this item was not found.`);
  return version;
}

/** Makes a new current version with that version's content; every existing version stays. */
export function restoreVersion(
  store: TenantStore,
  drive: Drive,
  item: DriveItem,
  versionId: string,
  by: Actor
): void {
  const version = requireVersion(item, versionId);
  store.replaceContent(drive, item, version.content, by);
}
