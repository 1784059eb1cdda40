/**
 * The content-API download of files attached to published entries (Users & Permissions decides
 * which roles reach it; the attachments service decides which files it serves: those of entries
 * the caller may also read).
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { toReference } from '../../../shared/external-file';
import { getService } from '../services';
import { notFound, toFileOperationError } from '../files/errors';
import { sendDownload } from '../files/send-download';
import { contentTypeReader } from '../editors/content-read-access';

const contentFileController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async download(ctx: Context) {
    try {
      const reference = toReference({ driveId: ctx.params.driveId, itemId: ctx.params.itemId });
      if (!reference) throw notFound('The file');
      const attachments = getService(strapi, 'editors');
      sendDownload(
        ctx,
        await attachments.downloadAttached(
          reference,
          contentTypeReader(strapi, ctx.state.auth),
          ctx.get('range') || undefined
        )
      );
    } catch (error) {
      throw toFileOperationError(error, 'download');
    }
  },
});

export default contentFileController;
