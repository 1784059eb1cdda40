/**
 * The document-service middleware behind External file fields. A document-service middleware
 * (rather than database lifecycles or a route middleware) because every way to an entry goes
 * through the document service: the content manager, the content API, other plugins and server
 * code alike; and it sees the content type, the action and the request (Strapi's request
 * context), which the three jobs need:
 * - before create/update/clone: normalise the values and refuse files the writer may not attach;
 * - after any write: recompute the document's rows of the attachment index;
 * - after a read served to the content API: replace each reference by the file's current
 *   metadata and download link (the content manager keeps the stored value).
 */
import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../constants';
import { getService } from '../services';
import { currentActor, isContentApiRequest } from './attach-policy';

interface DocumentContext {
  uid: string;
  action: string;
  params: { data?: unknown; documentId?: string } & Record<string, unknown>;
}

const WRITES_WITH_DATA = new Set(['create', 'update', 'clone']);
const WRITES = new Set([
  'create',
  'update',
  'clone',
  'delete',
  'publish',
  'unpublish',
  'discardDraft',
]);
const READS = new Set(['findOne', 'findFirst', 'findMany', 'create', 'update']);

/** The document a write touched: the new one for create and clone, the given one otherwise. */
const writtenDocumentId = (context: DocumentContext, result: unknown): string | undefined => {
  const fromResult = (result as { documentId?: unknown } | null)?.documentId;
  if (
    (context.action === 'create' || context.action === 'clone') &&
    typeof fromResult === 'string'
  ) {
    return fromResult;
  }
  return context.params.documentId ?? (typeof fromResult === 'string' ? fromResult : undefined);
};

export function createExternalFilesMiddleware(strapi: Core.Strapi) {
  const attachments = () => getService(strapi, 'editors');

  return async (context: DocumentContext, next: () => Promise<unknown>) => {
    const service = attachments();
    const holds = service.index.holdsFields(context.uid);

    if (holds && WRITES_WITH_DATA.has(context.action) && context.params.data) {
      // A clone starts from its source's files: those are "already referenced".
      await service.prepareWrite(
        context.uid,
        context.params.data,
        context.params.documentId,
        currentActor(strapi)
      );
    }

    const result = await next();

    if (holds && WRITES.has(context.action)) {
      const documentId = writtenDocumentId(context, result);
      // The write itself succeeded: a failed reindex only hides the document's files from the
      // download route until its next write or the next boot (stale rows are never trusted).
      if (documentId)
        await service.index.reindexDocument(context.uid, documentId).catch((error: Error) => {
          if (strapi.db.inTransaction()) throw error;
          strapi.log.warn(
            `[${PLUGIN_ID}] attachment index of ${context.uid} ${documentId} not updated: ${error.message}`
          );
        });
    }
    if (READS.has(context.action) && service.index.anyFields() && isContentApiRequest(strapi)) {
      await service.enrich(context.uid, result);
    }
    return result;
  };
}
