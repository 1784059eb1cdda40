/**
 * Answers a request with a download stream: the file's name as an attachment, the headers Graph
 * gave (type, length, range), Graph's status (200, or 206 for a range). Shared by the admin and
 * content-API download routes.
 */
import type { Context } from 'koa';
import type { DownloadResult } from './manage';

/** 'Überblick.pdf' -> 'Uberblick.pdf'; what cannot be decomposed becomes '_'. */
const asciiFallback = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');

export function sendDownload(ctx: Context, result: DownloadResult) {
  // koa's attachment() (the content-disposition package) writes RFC 6266: an ASCII `filename`
  // for old clients and, since the fallback differs for non-ASCII names, an RFC 5987 `filename*`.
  // Always an attachment, never inline: a synced HTML or SVG file must not run on this origin.
  ctx.attachment(result.fileName, { fallback: asciiFallback(result.fileName) });
  for (const [name, value] of Object.entries(result.headers)) ctx.set(name, value);
  ctx.status = result.status;
  ctx.body = result.body;
}
