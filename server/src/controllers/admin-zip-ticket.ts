/**
 * A folder's ZIP by a single-use ticket (files/zip-tickets.ts): the panel asks for the ticket
 * through an authorised call (every check of a ZIP made then), then the browser navigates to the
 * ticket's URL, which carries no token; the server streams the archive to disk as an attachment.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../services';
import { toFileOperationError } from '../files/errors';
import { sendDownload } from '../files/send-download';
import type { FilesUser } from '../files/service';

interface AdminState {
  user: FilesUser;
  userAbility?: { can(action: string): boolean };
  session?: { id?: string };
}

/** Where the browser goes with its ticket (admin routes are served under the plugin's id). */
export const zipTicketUrl = (ticket: string) =>
  `/external-drives/zip-downloads/${encodeURIComponent(ticket)}`;

const adminZipTicketController = ({ strapi }: { strapi: Core.Strapi }) => {
  const files = () => getService(strapi, 'files');
  return {
    issue: async (ctx: Context) => {
      const { user, userAbility, session } = ctx.state as AdminState;
      try {
        const { ticket, expiresAt } = await files().issueZipTicket(
          Number(ctx.params.id),
          user,
          userAbility,
          ctx.params.itemId,
          session?.id ?? null
        );
        ctx.status = 201;
        ctx.body = { data: { url: zipTicketUrl(ticket), expiresAt } };
      } catch (error) {
        throw toFileOperationError(error, 'download');
      }
    },

    download: async (ctx: Context) => {
      try {
        sendDownload(ctx, await files().downloadZipByTicket(String(ctx.params.ticket)));
        // A ticket is a credential in the URL: keep it out of caches and Referer headers.
        ctx.set('Cache-Control', 'no-store');
        ctx.set('Referrer-Policy', 'no-referrer');
      } catch (error) {
        throw toFileOperationError(error, 'download');
      }
    },
  };
};

export default adminZipTicketController;
