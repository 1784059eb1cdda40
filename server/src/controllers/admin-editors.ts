/**
 * The editors feature's admin controller (routes/admin-editors.ts): for External file fields, the
 * field's display, "Used in N entries" for My Files, and "Copy to Media Library". "editors" is the
 * feature's one name on the server (server/src/editors/, this controller, its route file); the URL
 * paths stay as published. Its service is still registered as `attachments`: that key goes with
 * the service wiring (one typed access to every service), which names it `editors`.
 */
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import type {
  CopyToMediaLibraryRequest,
  DescribeFilesRequest,
} from '../../../shared/contracts/editors';
import { MAX_FILES_PER_FIELD, toReference } from '../../../shared/external-file';
import { getService } from '../services';
import { badRequest, toFileOperationError } from '../files/errors';
import type { FilesUser } from '../files/service';
import type { SubjectAbility } from '../editors/service';

const MAX_USAGE_ITEMS = 500;

const attachments = (strapi: Core.Strapi) => getService(strapi, 'editors');

const who = (ctx: Context) => {
  const state = ctx.state as { user: FilesUser; userAbility?: SubjectAbility };
  return { user: state.user, ability: state.userAbility };
};

const driveIdOf = (ctx: Context) => Number(ctx.params.id);

/** A request body before it is checked: the contract's fields, each of any value. */
type Unchecked<T> = { [K in keyof T]?: unknown } | undefined;

const adminEditorsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async describe(ctx: Context) {
    const raw = (ctx.request.body as Unchecked<DescribeFilesRequest>)?.references;
    if (!Array.isArray(raw) || raw.length > MAX_FILES_PER_FIELD)
      throw badRequest(`Give up to ${MAX_FILES_PER_FIELD} references`);
    const references = raw.map(toReference);
    if (references.some((reference) => reference === null))
      throw badRequest('A reference is { driveId, itemId }');
    const { user, ability } = who(ctx);
    ctx.body = {
      data: await attachments(strapi).describeForAdmin(
        references as NonNullable<(typeof references)[number]>[],
        user,
        ability
      ),
    };
  },

  /** `?itemIds=a,b,c` -> { a: 2, b: 0, c: 1 } */
  async usageCounts(ctx: Context) {
    const itemIds = String(ctx.query.itemIds ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (itemIds.length > MAX_USAGE_ITEMS)
      throw badRequest(`Ask for at most ${MAX_USAGE_ITEMS} items at once`);
    const { user, ability } = who(ctx);
    ctx.body = {
      data: await attachments(strapi).usageCounts(driveIdOf(ctx), itemIds, user, ability),
    };
  },

  async usage(ctx: Context) {
    const { user, ability } = who(ctx);
    ctx.body = {
      data: await attachments(strapi).usage(driveIdOf(ctx), ctx.params.itemId, user, ability),
    };
  },

  async copyToMediaLibrary(ctx: Context) {
    const { user, ability } = who(ctx);
    const folder = (ctx.request.body as Unchecked<CopyToMediaLibraryRequest>)?.folderId;
    if (folder !== undefined && folder !== null && !Number.isSafeInteger(folder))
      throw badRequest('folderId is the id of a Media Library folder');
    let media: Record<string, unknown>;
    try {
      media = await attachments(strapi).copyToMediaLibrary(
        driveIdOf(ctx),
        ctx.params.itemId,
        user,
        ability,
        { folderId: (folder as number | null | undefined) ?? null }
      );
    } catch (error) {
      // The upload plugin's own refusals (an invalid image, a size limit) keep their answer.
      if (error instanceof errors.ApplicationError) throw error;
      throw toFileOperationError(error, 'download');
    }
    ctx.status = 201;
    ctx.body = { data: media };
  },
});

export default adminEditorsController;
