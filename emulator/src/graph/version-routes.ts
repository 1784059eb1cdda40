/**
 * A file's versions, as Microsoft Graph documents driveItemVersion:
 *   GET  .../items/{id}/versions                      -> { value: [current first, then older] }
 *   GET  .../items/{id}/versions/{version}            -> one driveItemVersion
 *   GET  .../items/{id}/versions/{version}/content    -> 302 to a pre-authenticated download URL
 *   POST .../items/{id}/versions/{version}/restoreVersion -> 204; a new current version
 * Ids are SharePoint's major versions ("1.0", "2.0"); an unknown one is 404 itemNotFound.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { badRequest } from '../errors';
import type { Drive, DriveItem } from '../store/model';
import { requireVersion, restoreVersion, versionsOf, type VersionView } from '../store/versions';
import type { Principal } from './principal';
import { resolveItem } from './resolve';
import { identitySet } from './serialize';
import { actorOf, assertNotLocked } from './write-support';

const ITEM = '/v1.0/drives/:driveId/items/:itemId';
const ITEM_BY_PATH = '/v1.0/drives/:driveId/items/:itemId/path/:relativePath';

export function registerVersionRoutes(router: Router, emulator: EmulatorContext): void {
  const serialize = (version: VersionView) => ({
    id: version.id,
    lastModifiedBy: identitySet(emulator, version.lastModifiedBy),
    lastModifiedDateTime: version.lastModifiedDateTime,
    size: version.content.size,
  });

  /** Versions belong to files: a folder has none to list (SharePoint keeps no folder versions). */
  const fileOf = (ctx: Context, write = false): { drive: Drive; item: DriveItem } => {
    const resolved = resolveItem(emulator, ctx, write);
    if (resolved.item.isFolder) throw badRequest('Versions are only available for files.');
    return resolved;
  };

  const list = (ctx: Context) => {
    const { drive, item } = fileOf(ctx);
    ctx.body = {
      '@odata.context': `${emulator.apiOrigin}/v1.0/$metadata#drives('${drive.id}')/items('${item.id}')/versions`,
      value: versionsOf(item).map(serialize),
    };
  };

  const getOne = (ctx: Context) => {
    const { item } = fileOf(ctx);
    ctx.body = serialize(requireVersion(item, ctx.params.versionId));
  };

  const content = (ctx: Context) => {
    const { drive, item } = fileOf(ctx);
    const version = requireVersion(item, ctx.params.versionId);
    ctx.status = 302;
    ctx.set(
      'Location',
      emulator.downloads.url(
        drive.id,
        item.id,
        item.version,
        version.current ? undefined : version.id
      )
    );
  };

  const restore = (ctx: Context) => {
    const { drive, item } = fileOf(ctx, true);
    assertNotLocked(item);
    restoreVersion(
      emulator.store,
      drive,
      item,
      ctx.params.versionId,
      actorOf(ctx.state.principal as Principal)
    );
    ctx.status = 204;
  };

  for (const base of [ITEM, ITEM_BY_PATH]) {
    router.get(`${base}/versions`, list);
    router.get(`${base}/versions/:versionId`, getOne);
    router.get(`${base}/versions/:versionId/content`, content);
    router.post(`${base}/versions/:versionId/restoreVersion`, restore);
  }
}
