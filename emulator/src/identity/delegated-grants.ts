import { randomBytes } from 'node:crypto';

/** An authorization code waiting to be redeemed (single use, 10 minutes). */
export interface PendingCode {
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  expiresAt: number;
  redeemed: boolean;
}

export interface RefreshGrant {
  clientId: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

const CODE_LIFETIME_MS = 10 * 60 * 1000;

/** Authorization codes and refresh tokens of delegated sign-ins (opaque random strings). */
export class DelegatedGrants {
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  /** 90 days unused, as Entra ID; the control API shortens it to exercise AADSTS700082. */
  refreshTokenLifetimeSeconds = 90 * 24 * 3600;

  issueCode(grant: Omit<PendingCode, 'expiresAt' | 'redeemed'>): string {
    const code = `1.${randomBytes(48).toString('base64url')}`;
    this.codes.set(code, { ...grant, expiresAt: Date.now() + CODE_LIFETIME_MS, redeemed: false });
    return code;
  }

  findCode(code: string): PendingCode | undefined {
    return this.codes.get(code);
  }

  issueRefreshToken(clientId: string, userId: string, scopes: string[]): string {
    const token = `1.${randomBytes(64).toString('base64url')}`;
    this.refreshTokens.set(token, {
      clientId,
      userId,
      scopes,
      expiresAt: Date.now() + this.refreshTokenLifetimeSeconds * 1000,
      revoked: false,
    });
    return token;
  }

  findRefreshToken(token: string): RefreshGrant | undefined {
    return this.refreshTokens.get(token);
  }

  /** Revokes every refresh token of a user (as "revoke sessions" in Entra ID). */
  revokeUser(userId: string): number {
    let count = 0;
    for (const grant of this.refreshTokens.values()) {
      if (grant.userId === userId && !grant.revoked) {
        grant.revoked = true;
        count++;
      }
    }
    return count;
  }
}
