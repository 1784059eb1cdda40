/**
 * The small thumbnail of a synced file (routes/admin-files.ts), for My Files and the editors'
 * picker. The bytes are relayed by the server: no Microsoft URL or token reaches the browser. The
 * panel asks with `?v=<cTag>`; while that is the item's current cTag the answer may be kept as
 * long as the browser likes (a changed file is asked for under its new cTag), otherwise it is
 * revalidated with its ETag. Failures leave through the one error mapping.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { toFileOperationError } from '../files/errors';
import type { FilesUser } from '../files/service';

interface AdminState {
  user: FilesUser;
  userAbility?: { can(action: string): boolean };
}

const adminThumbnailController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async thumbnail(ctx: Context) {
    const { user, userAbility } = ctx.state as AdminState;
    let result;
    try {
      result = await getService(strapi, 'files').thumbnail(
        Number(ctx.params.id),
        user,
        userAbility,
        ctx.params.itemId
      );
    } catch (error) {
      throw toFileOperationError(error, 'read');
    }
    const pinned = typeof ctx.query.v === 'string' && ctx.query.v === result.version;
    ctx.set('Cache-Control', pinned ? 'private, max-age=604800, immutable' : 'private, no-cache');
    ctx.set('ETag', result.etag);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.type = result.contentType;
    ctx.status = 200;
    // koa answers 304 itself when the request's If-None-Match names this ETag (ctx.fresh).
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.body = result.bytes;
  },
});

export default adminThumbnailController;
