import type { Context } from 'koa';
import { badRequest } from './errors';

const LIMIT = 1024 * 1024;

/** Reads a small request body (JSON or form) fully; large uploads never come through here. */
export async function readSmallBody(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of ctx.req) {
    length += (chunk as Buffer).length;
    if (length > LIMIT) throw badRequest('Request body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJsonBody<T = Record<string, unknown>>(ctx: Context): Promise<T> {
  const text = await readSmallBody(ctx);
  if (!text.trim()) return {} as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw badRequest('Invalid JSON body.');
  }
}

/** The form body, read once and kept: Entra ID's fault rules look at it before the route does. */
export async function readFormBody(ctx: Context): Promise<URLSearchParams> {
  ctx.state.formBody ??= new URLSearchParams(await readSmallBody(ctx));
  return ctx.state.formBody as URLSearchParams;
}
