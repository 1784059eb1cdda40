import type { Context } from 'koa';
import { GraphError, nameAlreadyExists } from '../errors';
import type { Actor, Drive, DriveItem } from '../store/model';
import { eTagOf } from '../store/tags';
import type { TenantStore } from '../store/tenant-store';
import type { Principal } from './principal';

export type ConflictBehavior = 'fail' | 'replace' | 'rename';

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'user'
    ? { kind: 'user', userId: principal.user.id }
    : { kind: 'app', clientId: principal.app.clientId };
}

export function parseConflictBehavior(
  value: unknown,
  fallback: ConflictBehavior
): ConflictBehavior {
  if (value === undefined || value === null || value === '') return fallback;
  const normalized = String(value).toLowerCase();
  if (normalized === 'fail' || normalized === 'replace' || normalized === 'rename')
    return normalized;
  throw new GraphError(400, 'invalidRequest', `Invalid conflict behavior '${String(value)}'.`);
}

/** "Report.docx" -> "Report 1.docx", "Report 2.docx"... as OneDrive names a renamed duplicate. */
export function uniqueName(parent: DriveItem, name: string): string {
  if (!parent.children?.has(name.toLowerCase())) return name;
  const dot = name.lastIndexOf('.');
  const [base, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) {
    const candidate = `${base} ${n}${extension}`;
    if (!parent.children.has(candidate.toLowerCase())) return candidate;
  }
}

/** if-match with an eTag (or cTag) that no longer matches -> 412 resourceModified. */
export function assertIfMatch(ctx: Context, item: DriveItem | undefined): void {
  const ifMatch = ctx.get('if-match');
  if (!ifMatch || ifMatch.trim() === '*') return;
  const tags = ifMatch.match(/"[^"]*"/g) ?? [ifMatch.trim()];
  const current = item
    ? [eTagOf(item), `"c:{${item.guid.toUpperCase()}},${item.contentVersion}"`]
    : [];
  if (!tags.some((tag) => current.includes(tag))) {
    throw new GraphError(412, 'resourceModified', "ETag does not match current item's value");
  }
}

export function assertNotLocked(item: DriveItem): void {
  if (item.locked) {
    throw new GraphError(423, 'resourceLocked', `The resource '${item.name}' is locked.`);
  }
}

/** 507 quotaLimitReached when `additionalBytes` do not fit in the drive. */
export function assertQuota(store: TenantStore, drive: Drive, additionalBytes: number): void {
  if (additionalBytes > 0 && store.usedBytes(drive) + additionalBytes > drive.quotaTotal) {
    throw new GraphError(507, 'quotaLimitReached', 'Insufficient Space Available');
  }
}

/** The existing child of that name, resolved according to the conflict behaviour. */
export function resolveConflict(
  parent: DriveItem,
  name: string,
  behavior: ConflictBehavior
): { name: string; existing?: DriveItem } {
  const existing = parent.children?.get(name.toLowerCase());
  if (!existing) return { name };
  if (behavior === 'fail') throw nameAlreadyExists(name);
  if (behavior === 'rename') return { name: uniqueName(parent, name) };
  return { name: existing.name, existing };
}
