/**
 * Revocation of access tokens already issued, without touching the app's secret or the user's
 * refresh tokens: what an admin's revocation or a sign-in risk event does. A token issued before
 * its principal's revocation is refused by Graph from then on (401 InvalidAuthenticationToken);
 * one issued after it is accepted. Tokens are told apart by their id (`uti`), not their `iat`
 * (whole seconds), so a token issued in the same second as the revocation is judged right.
 */

/** Whose tokens a revocation covers: an application's own (app-only) tokens, or a user's. */
export type TokenPrincipal = { kind: 'app'; clientId: string } | { kind: 'user'; userId: string };

const keyOf = (principal: TokenPrincipal) =>
  principal.kind === 'app' ? `app:${principal.clientId}` : `user:${principal.userId}`;

export class TokenRevocations {
  /** Ids of the tokens issued to each principal and not revoked yet. */
  private readonly live = new Map<string, Set<string>>();
  /** Revoked token id -> when its revocation happened (epoch seconds). */
  private readonly revoked = new Map<string, number>();

  recordIssued(principal: TokenPrincipal, tokenId: string): void {
    const key = keyOf(principal);
    let ids = this.live.get(key);
    if (!ids) this.live.set(key, (ids = new Set()));
    ids.add(tokenId);
  }

  /** Revokes every token issued to the principal so far; returns how many there were. */
  revoke(principal: TokenPrincipal): number {
    const key = keyOf(principal);
    const ids = this.live.get(key) ?? new Set<string>();
    const at = Math.floor(Date.now() / 1000);
    for (const id of ids) this.revoked.set(id, at);
    this.live.delete(key);
    return ids.size;
  }

  /** When the token was revoked (epoch seconds), or undefined while it is valid. */
  revokedAt(tokenId: string): number | undefined {
    return this.revoked.get(tokenId);
  }

  clear(): void {
    this.live.clear();
    this.revoked.clear();
  }
}
