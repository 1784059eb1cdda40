/**
 * `POST /drives/:id/items/:itemId/link` ("Copy link"): a view link to the item with the scope the
 * drive allows. The body may be empty; it may only restate what is created (`type: 'view'`,
 * `scope: 'organization'`): anonymous and "specific people" links are refused, never downgraded.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { yup } from '@strapi/utils';
import { getService } from '../services';
import { toFileOperationError } from '../files/errors';
import type { FilesUser } from '../files/service';
import { validateRequest } from './validation/validate';

const validateLinkRequest = validateRequest(
  yup
    .object({
      type: yup.string().oneOf(['view'], 'Only view links are created (type: view)'),
      scope: yup
        .string()
        .oneOf(
          ['organization'],
          'Only links for people in your organization are created (scope: organization)'
        ),
    })
    .noUnknown(true, 'Only type and scope may be given')
    .strict()
);

/** Graph ids are short and never hold a slash; anything else is not an item. */
const ITEM_ID = /^[^/\\]{1,400}$/;

interface AdminState {
  user: FilesUser;
  userAbility?: { can(action: string): boolean };
}

const adminSharingLinkController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context) {
    const { itemId } = ctx.params as { itemId: string };
    await validateLinkRequest(ctx.request.body ?? {});
    try {
      if (!ITEM_ID.test(itemId)) {
        throw Object.assign(new Error('Not an item id'), { statusCode: 404, code: 'itemNotFound' });
      }
      const state = ctx.state as AdminState;
      ctx.body = {
        data: await getService(strapi, 'files').createSharingLink(
          Number(ctx.params.id),
          state.user,
          state.userAbility,
          itemId
        ),
      };
    } catch (error) {
      // Creating a link changes the item's permissions: Microsoft's refusals read as a write's.
      throw toFileOperationError(error, 'write');
    }
  },
});

export default adminSharingLinkController;
