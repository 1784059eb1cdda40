/**
 * "Access shared items": `GET /shares/{shareIdOrEncodedSharingUrl}/driveItem`. As Microsoft
 * documents it, a sharing URL is passed as `u!` + the unpadded base64url of the URL. A URL of an
 * item in a document library or OneDrive (its `webUrl`) resolves to that item, for a caller who may
 * read its drive; anything else is itemNotFound. Sharing links proper (`/:f:/s/...` tokens) are not
 * minted by the emulator, so only item URLs resolve.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { EmulatorContext } from '../context';
import { badRequest, itemNotFound } from '../errors';
import type { Drive, DriveItem } from '../store/model';
import { assertCanAccessDrive, type Principal } from './principal';
import { applySelect, parseSelect, serializeItem } from './serialize';

/** The URL a `u!` share id encodes, or null when the id is not one. */
export function decodeSharingUrl(shareId: string): string | null {
  if (!shareId.startsWith('u!')) return null;
  const encoded = shareId.slice(2);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

const comparable = (url: string) => {
  try {
    const parsed = new URL(url);
    return `${parsed.origin.toLowerCase()}${decodeURI(parsed.pathname).replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return null;
  }
};

/** The drive whose webUrl the URL starts with, and the item at the rest of the path. */
function itemAtUrl(
  emulator: EmulatorContext,
  url: string
): { drive: Drive; item: DriveItem } | null {
  const target = comparable(url);
  if (!target) return null;
  for (const drive of emulator.store.drives.values()) {
    const base = comparable(drive.webUrl);
    if (!base || (target !== base && !target.startsWith(`${base}/`))) continue;
    const root = drive.items.get(drive.rootId)!;
    const rest = target.slice(base.length);
    // Paths compare case-insensitively (children are keyed by lower-cased name).
    const item = rest ? emulator.store.findByPath(drive, root, rest) : root;
    if (item && !item.deleted) return { drive, item };
  }
  return null;
}

export function registerSharesRoutes(router: Router, emulator: EmulatorContext): void {
  router.get('/v1.0/shares/:shareId/driveItem', (ctx: Context) => {
    const url = decodeSharingUrl(String(ctx.params.shareId));
    if (url === null) throw badRequest('The sharing token is invalid.');
    const found = itemAtUrl(emulator, url);
    if (!found)
      throw itemNotFound(
        'The sharing link no longer exists, or you do not have permission to access it.'
      );
    assertCanAccessDrive(emulator, ctx.state.principal as Principal, found.drive);
    ctx.body = applySelect(
      serializeItem(emulator, found.drive, found.item, 'item', { downloadUrl: true }),
      parseSelect(ctx.query.$select)
    );
  });
}
