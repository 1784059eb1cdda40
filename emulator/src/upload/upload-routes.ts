import type Router from '@koa/router';
import { closeSync, openSync, readSync, truncateSync } from 'node:fs';
import type { Context } from 'koa';
import { appendWithHash, BodyTooLargeError, commitStoredFile } from '../content/stored-files';
import type { EmulatorContext } from '../context';
import { GraphError, badRequest, itemNotFound } from '../errors';
import { serializeItem } from '../graph/serialize';
import { assertNotLocked, assertQuota, resolveConflict } from '../graph/write-support';
import { sessionStatus, type UploadSession } from './upload-sessions';

const FRAGMENT_MULTIPLE = 320 * 1024;
const MAX_FRAGMENT = 60 * 1024 * 1024;

function parseContentRange(header: string): { start: number; end: number; total: number } {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header.trim());
  if (!match) throw badRequest('The Content-Range header is missing or malformed.');
  const [start, end, total] = match.slice(1).map(Number);
  if (end < start || end >= total)
    throw new GraphError(416, 'invalidRange', 'The Content-Range is not valid.');
  return { start, end, total };
}

function requireSession(emulator: EmulatorContext, ctx: Context): UploadSession {
  const session = emulator.uploads.find(ctx.params.sessionId);
  if (!session) throw itemNotFound('The upload session was not found or has expired.');
  return session;
}

/** The last fragment: applies the conflict behaviour and creates (201) or replaces (200) the file. */
function commit(emulator: EmulatorContext, ctx: Context, session: UploadSession): void {
  const { store } = emulator;
  const drive = store.requireDrive(session.driveId);
  const parent = drive.items.get(session.parentId);
  if (!parent || parent.deleted) throw itemNotFound('The parent folder no longer exists.');
  const resolved = resolveConflict(parent, session.name, session.conflictBehavior);
  const existing = resolved.existing;
  if (existing) assertNotLocked(existing);
  assertQuota(store, drive, session.received - (existing?.size ?? 0));
  const content = {
    kind: 'stored' as const,
    file: commitStoredFile(emulator.dataDir, session.file),
    size: session.received,
    quickXorHash: session.hash.digest(),
  };
  emulator.uploads.remove(session, true);
  if (existing && !existing.isFolder) {
    store.replaceContent(drive, existing, content, session.by);
    ctx.status = 200;
    ctx.body = serializeItem(emulator, drive, existing, 'item', { downloadUrl: true });
    return;
  }
  const item = store.createItem(drive, parent, { name: resolved.name, content, by: session.by });
  ctx.status = 201;
  ctx.body = serializeItem(emulator, drive, item, 'item', { downloadUrl: true });
}

/** A fragment PUT: in order, 320 KiB multiples except the last, under 60 MiB, hashed as it streams. */
async function putFragment(emulator: EmulatorContext, ctx: Context): Promise<void> {
  if (ctx.get('authorization')) {
    throw new GraphError(
      401,
      'unauthenticated',
      'The upload URL is pre-authenticated: do not send an Authorization header.'
    );
  }
  const session = requireSession(emulator, ctx);
  const { start, end, total } = parseContentRange(ctx.get('content-range'));
  const length = end - start + 1;
  const declared = Number(ctx.get('content-length'));
  if (!Number.isInteger(declared) || declared !== length) {
    throw badRequest('Content-Length must equal the size of the Content-Range.');
  }
  if (session.total !== undefined && total !== session.total) {
    throw badRequest(`The total size must stay ${session.total} on every fragment.`);
  }
  if (length > MAX_FRAGMENT)
    throw new GraphError(413, 'invalidRequest', 'A fragment must be smaller than 60 MiB.');
  const last = end === total - 1;
  if (!last && length % FRAGMENT_MULTIPLE !== 0) {
    throw badRequest(
      'Fragments other than the last must be a multiple of 320 KiB (327,680 bytes).'
    );
  }
  if (session.busy || start < session.received) {
    throw new GraphError(
      416,
      'invalidRange',
      'The uploaded fragment overlaps with data that has already been received.',
      'fragmentOverlap'
    );
  }
  if (start > session.received) {
    throw new GraphError(
      416,
      'invalidRange',
      `Fragments must be sent in order; expected a fragment starting at ${session.received}.`
    );
  }
  session.total = total;
  session.busy = true;
  const before = session.hash.clone();
  try {
    const received = await appendWithHash(ctx.req, session.file, session.hash, {
      append: true,
      maxBytes: length,
    });
    if (received !== length)
      throw badRequest(`Received ${received} bytes, the Content-Range announced ${length}.`);
  } catch (error) {
    // Roll the session back to where it was, so the client can resend this fragment.
    truncateSync(session.file, session.received);
    session.hash = before;
    if (error instanceof BodyTooLargeError)
      throw badRequest('The fragment is longer than its Content-Range.');
    throw error;
  } finally {
    session.busy = false;
  }
  if (ctx.state.partialFragment) {
    // An injected partial acceptance: keep only the first whole 320 KiB units of the fragment.
    const kept = Math.floor(length / 2 / FRAGMENT_MULTIPLE) * FRAGMENT_MULTIPLE;
    keepOnly(session, before, kept);
    emulator.uploads.extend(session);
    ctx.status = 202;
    ctx.body = sessionStatus(session);
    return;
  }
  session.received += length;
  emulator.uploads.extend(session);
  if (session.received === total) {
    commit(emulator, ctx, session);
    return;
  }
  ctx.status = 202;
  ctx.body = sessionStatus(session);
}

/** Truncates the session file to received + kept bytes and re-hashes those kept bytes. */
function keepOnly(session: UploadSession, hashBefore: UploadSession['hash'], kept: number): void {
  truncateSync(session.file, session.received + kept);
  const bytes = Buffer.alloc(kept);
  const descriptor = openSync(session.file, 'r');
  try {
    readSync(descriptor, bytes, 0, kept, session.received);
  } finally {
    closeSync(descriptor);
  }
  hashBefore.update(bytes);
  session.hash = hashBefore;
  session.received += kept;
}

/** Upload session URLs on the content host: PUT fragments, GET status, DELETE cancels. */
export function registerUploadRoutes(router: Router, emulator: EmulatorContext): void {
  router.put('/upload/:sessionId', (ctx) => putFragment(emulator, ctx));
  router.get('/upload/:sessionId', (ctx) => {
    ctx.body = sessionStatus(requireSession(emulator, ctx));
  });
  router.delete('/upload/:sessionId', (ctx) => {
    emulator.uploads.remove(requireSession(emulator, ctx));
    ctx.status = 204;
  });
}
