import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface DownloadClaim {
  driveId: string;
  itemId: string;
  /** The eTag version the link was made for: a later change makes the link stale. */
  version: number;
  /** Set for a version's content ("2.0"): the link serves that version, not the current bytes. */
  versionId?: string;
  expiresAt: number;
}

/** Pre-authenticated, short-lived, HMAC-signed download URLs on the content host. */
export class DownloadLinks {
  private readonly key = randomBytes(32);
  lifetimeSeconds = 3600;

  constructor(private readonly contentOrigin: string) {}

  url(driveId: string, itemId: string, version: number, versionId?: string): string {
    const claim: DownloadClaim = {
      driveId,
      itemId,
      version,
      ...(versionId ? { versionId } : {}),
      expiresAt: Date.now() + this.lifetimeSeconds * 1000,
    };
    const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
    return `${this.contentOrigin}/download/${payload}.${this.sign(payload)}`;
  }

  verify(token: string): DownloadClaim | undefined {
    const [payload, signature] = token.split('.');
    if (!payload || !signature) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    const claim = JSON.parse(Buffer.from(payload, 'base64url').toString()) as DownloadClaim;
    return claim.expiresAt > Date.now() ? claim : undefined;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
