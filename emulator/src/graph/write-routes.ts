import type Router from '@koa/router';
import type { Context } from 'koa';
import { BodyTooLargeError, storeBody } from '../content/stored-files';
import type { EmulatorContext } from '../context';
import { GraphError, badRequest, itemNotFound } from '../errors';
import { readJsonBody } from '../http-body';
import type { Drive, DriveItem } from '../store/model';
import { createUploadSession } from '../upload/upload-sessions';
import type { Principal } from './principal';
import { resolveDrive, resolveItem } from './resolve';
import { serializeItem } from './serialize';
import {
  actorOf,
  assertIfMatch,
  assertNotLocked,
  assertQuota,
  parseConflictBehavior,
  resolveConflict,
} from './write-support';

const ITEM = '/v1.0/drives/:driveId/items/:itemId';
const ITEM_BY_PATH = '/v1.0/drives/:driveId/items/:itemId/path/:relativePath';
const SIMPLE_UPLOAD_LIMIT = 250 * 1024 * 1024;

interface PatchBody {
  name?: string;
  parentReference?: { id?: string; driveId?: string; path?: string };
  '@microsoft.graph.conflictBehavior'?: string;
}

/** Where a path-addressed write lands: the existing item, or its parent folder and new name. */
function writeTarget(
  emulator: EmulatorContext,
  ctx: Context
): { drive: Drive; parent: DriveItem; name: string; existing?: DriveItem } {
  const drive = resolveDrive(emulator, ctx, true);
  const base = emulator.store.requireItem(drive, ctx.params.itemId);
  if (ctx.params.relativePath === undefined) {
    if (base.isFolder) throw badRequest('Cannot write content to a folder.');
    return { drive, parent: emulator.store.parentOf(drive, base), name: base.name, existing: base };
  }
  const segments = ctx.params.relativePath.split('/').filter(Boolean);
  const name = segments.pop();
  if (!name) throw badRequest('A file name is required.');
  // Missing intermediate folders are created, as OneDrive does for uploads by path.
  let parent = base;
  for (const segment of segments) {
    const next = parent.children?.get(segment.toLowerCase());
    if (next && !next.isFolder) throw badRequest(`'${segment}' is not a folder.`);
    parent =
      next ??
      emulator.store.createItem(drive, parent, {
        name: segment,
        folder: true,
        by: actorOf(ctx.state.principal),
      });
  }
  return { drive, parent, name, existing: parent.children?.get(name.toLowerCase()) };
}

/** PATCH (rename/move), DELETE, POST children (folders), PUT content, createUploadSession. */
export function registerWriteRoutes(router: Router, emulator: EmulatorContext): void {
  const principalOf = (ctx: Context) => ctx.state.principal as Principal;
  const itemBody = (drive: Drive, item: DriveItem) =>
    serializeItem(emulator, drive, item, 'item', { downloadUrl: true });

  const patch = async (ctx: Context) => {
    const { drive, item } = resolveItem(emulator, ctx, true);
    const body = await readJsonBody<PatchBody>(ctx);
    assertIfMatch(ctx, item);
    assertNotLocked(item);
    const by = actorOf(principalOf(ctx));
    const newParentId = body.parentReference?.id;
    if (body.parentReference?.driveId && body.parentReference.driveId !== drive.id) {
      throw badRequest('Moving items between drives is not supported (use copy).');
    }
    if (newParentId && newParentId !== item.parentId) {
      const target = emulator.store.requireItem(drive, newParentId);
      emulator.store.move(drive, item, target, body.name ?? item.name, by);
    } else if (body.name !== undefined && body.name !== item.name) {
      emulator.store.rename(drive, item, body.name, by);
    }
    ctx.body = itemBody(drive, item);
  };
  router.patch(ITEM, patch);
  router.patch(ITEM_BY_PATH, patch);

  const remove = (ctx: Context) => {
    const { drive, item } = resolveItem(emulator, ctx, true);
    assertIfMatch(ctx, item);
    assertNotLocked(item);
    emulator.store.delete(drive, item, actorOf(principalOf(ctx)));
    ctx.status = 204;
  };
  router.delete(ITEM, remove);
  router.delete(ITEM_BY_PATH, remove);

  const createChild = async (ctx: Context) => {
    const { drive, item: parent } = resolveItem(emulator, ctx, true);
    const body = await readJsonBody<{
      name?: string;
      folder?: object;
      file?: object;
      '@microsoft.graph.conflictBehavior'?: string;
    }>(ctx);
    if (!body.name) throw badRequest('The name property is required.');
    if (!body.folder)
      throw badRequest('Only folders can be created this way; upload files with PUT content.');
    const behavior = parseConflictBehavior(body['@microsoft.graph.conflictBehavior'], 'fail');
    const by = actorOf(principalOf(ctx));
    const resolved = resolveConflict(parent, body.name, behavior);
    if (resolved.existing) emulator.store.delete(drive, resolved.existing, by);
    const folder = emulator.store.createItem(drive, parent, {
      name: resolved.name,
      folder: true,
      by,
    });
    ctx.status = 201;
    ctx.body = itemBody(drive, folder);
  };
  router.post(`${ITEM}/children`, createChild);
  router.post(`${ITEM_BY_PATH}/children`, createChild);

  const putContent = async (ctx: Context) => {
    const target = writeTarget(emulator, ctx);
    const { drive } = target;
    const by = actorOf(principalOf(ctx));
    const behavior = parseConflictBehavior(
      ctx.query['@microsoft.graph.conflictBehavior'],
      'replace'
    );
    const declared = Number(ctx.get('content-length') || NaN);
    if (declared > SIMPLE_UPLOAD_LIMIT)
      throw new GraphError(
        413,
        'invalidRequest',
        'The request is too large for a simple upload; use an upload session.'
      );
    if (target.existing) {
      if (target.existing.isFolder)
        throw new GraphError(409, 'nameAlreadyExists', `A folder named '${target.name}' exists.`);
      assertIfMatch(ctx, target.existing);
      assertNotLocked(target.existing);
    } else {
      assertIfMatch(ctx, undefined);
    }
    const replacing = target.existing && behavior === 'replace' ? target.existing : undefined;
    const resolved = resolveConflict(target.parent, target.name, behavior);
    if (Number.isFinite(declared))
      assertQuota(emulator.store, drive, declared - (replacing?.size ?? 0));
    let stored;
    try {
      stored = await storeBody(emulator.dataDir, ctx.req, SIMPLE_UPLOAD_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        throw new GraphError(
          413,
          'invalidRequest',
          'The request is too large for a simple upload.'
        );
      throw error;
    }
    assertQuota(emulator.store, drive, stored.size - (replacing?.size ?? 0));
    const content = { kind: 'stored' as const, ...stored };
    if (replacing) {
      emulator.store.replaceContent(drive, replacing, content, by);
      ctx.status = 200;
      ctx.body = itemBody(drive, replacing);
      return;
    }
    const item = emulator.store.createItem(drive, target.parent, {
      name: resolved.name,
      content,
      by,
    });
    ctx.status = 201;
    ctx.body = itemBody(drive, item);
  };
  router.put(`${ITEM}/content`, putContent);
  router.put(`${ITEM_BY_PATH}/content`, putContent);

  const startSession = async (ctx: Context) => {
    const target = writeTarget(emulator, ctx);
    const body = await readJsonBody<{
      item?: { name?: string; fileSize?: number; '@microsoft.graph.conflictBehavior'?: string };
      deferCommit?: boolean;
    }>(ctx);
    if (target.existing) {
      assertIfMatch(ctx, target.existing);
      assertNotLocked(target.existing);
    } else if (ctx.get('if-match')) {
      throw itemNotFound('The item to match does not exist.');
    }
    const fileSize = body.item?.fileSize;
    if (fileSize !== undefined)
      assertQuota(emulator.store, target.drive, fileSize - (target.existing?.size ?? 0));
    ctx.body = createUploadSession(emulator, {
      driveId: target.drive.id,
      parentId: target.parent.id,
      name: body.item?.name ?? target.name,
      conflictBehavior: parseConflictBehavior(
        body.item?.['@microsoft.graph.conflictBehavior'],
        'replace'
      ),
      fileSize,
      by: actorOf(principalOf(ctx)),
    });
  };
  router.post(`${ITEM}/createUploadSession`, startSession);
  router.post(`${ITEM_BY_PATH}/createUploadSession`, startSession);
}
