import { eTagOf } from '../store/tags';
import { createReadStream } from 'node:fs';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { GraphError, itemNotFound } from '../errors';
import { requireVersion } from '../store/versions';
import { generatedContentStream } from './generated-content';

/** Parses a single "bytes=a-b" / "bytes=a-" / "bytes=-n" range; undefined = not satisfiable. */
function parseRange(
  header: string,
  size: number
): { start: number; end: number } | undefined | 'ignore' {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'ignore';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return undefined;
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return undefined;
  return { start, end };
}

/**
 * The content host's pre-authenticated download URL: no Authorization needed (or looked at),
 * Content-Length/Type/Disposition, Range -> 206 + Content-Range, 416 when unsatisfiable.
 */
export function downloadHandler(emulator: EmulatorContext) {
  return async (ctx: Context) => {
    const claim = emulator.downloads.verify(ctx.params.token);
    if (!claim)
      throw new GraphError(401, 'unauthenticated', 'The download URL is invalid or expired.');
    const drive = emulator.store.requireDrive(claim.driveId);
    const item = drive.items.get(claim.itemId);
    if (!item || item.deleted || !item.content) throw itemNotFound();
    // Like SharePoint's tempauth URLs, an item's link serves its current bytes; a version's link
    // (GET .../versions/{id}/content) serves that version's.
    const content = claim.versionId ? requireVersion(item, claim.versionId).content : item.content;
    const size = content.size;
    const encodedName = encodeURIComponent(item.name);
    ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodedName}`);
    ctx.set('Accept-Ranges', 'bytes');
    if (!claim.versionId) ctx.set('ETag', eTagOf(item));
    ctx.type = item.mimeType ?? 'application/octet-stream';
    let start = 0;
    let end = size - 1;
    const rangeHeader = ctx.get('range');
    if (rangeHeader) {
      const range = parseRange(rangeHeader, size);
      if (range === undefined) {
        ctx.status = 416;
        ctx.set('Content-Range', `bytes */${size}`);
        ctx.body = '';
        return;
      }
      if (range !== 'ignore') {
        ({ start, end } = range);
        ctx.status = 206;
        ctx.set('Content-Range', `bytes ${start}-${end}/${size}`);
      }
    }
    if (ctx.status !== 206) ctx.status = 200;
    const length = size === 0 ? 0 : end - start + 1;
    if (ctx.method === 'HEAD' || length === 0) {
      ctx.body = ctx.method === 'HEAD' ? null : '';
      ctx.length = length;
      return;
    }
    ctx.body =
      content.kind === 'generated'
        ? generatedContentStream(content, start, end)
        : createReadStream(content.file, { start, end });
    ctx.length = length;
  };
}
