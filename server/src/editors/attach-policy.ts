/**
 * Who may attach which file, checked on every document-service write of an entry with External
 * file fields, whoever makes it:
 * - the value must have the stored shape ({ driveId, itemId }, or a list of them); anything the
 *   content API added on read is dropped, so an entry read and written back stores the same;
 * - files already referenced by the document are kept as they are (an editor who cannot read a
 *   drive can still edit an entry someone else attached its file to);
 * - a newly referenced file must be a live file of a platform drive (a personal drive's files are
 *   private to their owner: never attached, whoever asks);
 * - an admin (the content manager) must be able to read that drive;
 * - the content API (any request without an admin user) cannot add files: attaching is an
 *   editor's act in the admin panel.
 * Files asked as sharing links (`link: 'sharing'`) are checked and linked by link-policy.ts.
 * Server code outside a request (bootstrap seeds, scripts) is trusted like an admin who sees every
 * platform drive.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  MAX_FILES_PER_FIELD,
  referenceKey,
  toReference,
  wantsSharingLink,
  type ExternalFileReference,
} from '../../../shared/external-file';
import { canRead, type Ability, type AdminUser } from '../files/access';
import { createDriveTable } from '../drives/table';

import { visitFields, type SchemaLike, type SchemaLookup } from './fields';
import { resolveReferences } from './resolve';
import { LINK_REFUSALS } from './link-refusals';

export type Actor =
  | { kind: 'admin'; user: AdminUser; ability?: Ability }
  /** Any request without an admin user: the content API, tokens, other plugins' open routes. */
  | { kind: 'request' }
  | { kind: 'server' };

interface RequestState {
  route?: { info?: { type?: string } };
  user?: AdminUser;
  userAbility?: Ability;
}

/** Who is writing: read from the request Strapi is serving, if any. */
export function currentActor(strapi: Core.Strapi): Actor {
  const context = strapi.requestContext.get();
  if (!context) return { kind: 'server' };
  const state = context.state as RequestState | undefined;
  if (state?.route?.info?.type === 'admin' && state.user) {
    return { kind: 'admin', user: state.user, ability: state.userAbility };
  }
  return { kind: 'request' };
}

/** True while Strapi serves a content-API request (the reads to enrich). */
export function isContentApiRequest(strapi: Core.Strapi): boolean {
  const state = strapi.requestContext.get()?.state as RequestState | undefined;
  return state?.route?.info?.type === 'content-api';
}

export interface Problem {
  path: Array<string | number>;
  message: string;
}

export const refusal = (problems: Problem[]) =>
  new errors.ValidationError(
    problems.length === 1 ? problems[0].message : `${problems.length} external files were refused`,
    {
      errors: problems.map((problem) => ({
        path: problem.path.map(String),
        message: problem.message,
        name: 'ValidationError',
      })),
    }
  );

export interface PreparedWrite {
  /** The references the data holds, each with its path. */
  references: Array<{ path: Array<string | number>; reference: ExternalFileReference }>;
}

/**
 * Rewrites the External file values of write data to their stored shape, in place. Throws a
 * ValidationError (400, with each field's path) for a value that is not a reference.
 */
export function normalizeWriteData(
  data: unknown,
  schema: SchemaLike,
  lookup: SchemaLookup
): PreparedWrite {
  const problems: Problem[] = [];
  const references: PreparedWrite['references'] = [];
  visitFields(data, schema, lookup, ({ holder, key, kind, path }) => {
    const raw = holder[key];
    if (raw === null || raw === undefined) return;
    if (kind === 'single') {
      const reference = toReference(raw);
      if (!reference) {
        problems.push({ path, message: 'An external file is given as { driveId, itemId }' });
        return;
      }
      holder[key] = reference;
      references.push({ path, reference });
      return;
    }
    if (!Array.isArray(raw)) {
      problems.push({ path, message: 'External files are given as a list of { driveId, itemId }' });
      return;
    }
    const kept = new Map<string, ExternalFileReference>();
    raw.forEach((candidate, index) => {
      const reference = toReference(candidate);
      if (!reference)
        problems.push({
          path: [...path, index],
          message: 'An external file is given as { driveId, itemId }',
        });
      else if (!kept.has(referenceKey(reference))) {
        kept.set(referenceKey(reference), reference);
        references.push({ path: [...path, index], reference });
      }
    });
    if (kept.size > MAX_FILES_PER_FIELD)
      problems.push({ path, message: `At most ${MAX_FILES_PER_FIELD} files per field` });
    holder[key] = [...kept.values()];
  });
  if (problems.length) throw refusal(problems);
  return { references };
}

/** Refuses references `actor` may not add. `existing` holds what the document references now. */
export async function assertMayAttach(
  strapi: Core.Strapi,
  actor: Actor,
  prepared: PreparedWrite,
  existing: Set<string>
): Promise<void> {
  const added = prepared.references.filter(
    ({ reference }) => !existing.has(referenceKey(reference))
  );
  if (added.length === 0) return;
  if (actor.kind === 'request') {
    throw refusal(
      added.map(({ path }) => ({
        path,
        message:
          'External files are attached in the admin panel; the content API can keep them but not add others',
      }))
    );
  }

  const resolved = await resolveReferences(
    strapi,
    added.map(({ reference }) => reference)
  );
  const personalDriveIds = await createDriveTable(strapi).personalRemoteIds([
    ...new Set(added.map(({ reference }) => reference.driveId)),
  ]);

  const problems: Problem[] = [];
  for (const { path, reference } of added) {
    const file = resolved.get(referenceKey(reference));
    if (!file) {
      problems.push({
        path,
        message: !personalDriveIds.has(reference.driveId)
          ? 'The file was not found in a drive you can see'
          : wantsSharingLink(reference)
            ? LINK_REFUSALS.personal
            : 'Files of personal drives cannot be attached to content',
      });
    } else if (actor.kind === 'admin' && !canRead(file.drive, actor.user, actor.ability)) {
      // The same words as a missing file: whether a drive the editor cannot see holds it is
      // not the editor's business.
      problems.push({ path, message: 'The file was not found in a drive you can see' });
    }
  }
  if (problems.length) throw refusal(problems);
}
