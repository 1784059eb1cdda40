/**
 * Graph's answer to an access token revoked after it was issued (an admin's revocation, a sign-in
 * risk event). A client that declared the capability CP1 (continuous access evaluation) gets a
 * claims challenge: 401 with `WWW-Authenticate: Bearer ... error="insufficient_claims",
 * claims="<base64 JSON>"` whose claims ask for a token issued after the revocation (`nbf`); it
 * passes them to its next token request. Any other client gets a plain 401
 * InvalidAuthenticationToken. Either way, a token issued after the revocation is accepted.
 */
import type { EmulatorContext } from '../context';
import { GraphError, unauthenticated } from '../errors';
import type { VerifiedAccessToken } from '../identity/access-tokens';

/** The resource Graph names in its challenges (Microsoft Graph's application id). */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/** The claims a challenge asks for: a token not issued before `notBefore` (epoch seconds). */
export const challengeClaims = (notBefore: number) =>
  JSON.stringify({ access_token: { nbf: { essential: true, value: String(notBefore) } } });

function claimsChallenge(emulator: EmulatorContext, notBefore: number): GraphError {
  const claims = Buffer.from(challengeClaims(notBefore)).toString('base64');
  const authorizationUri = `${emulator.apiOrigin}/common/oauth2/authorize`;
  return new GraphError(
    401,
    'InvalidAuthenticationToken',
    'Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp',
    undefined,
    {
      'WWW-Authenticate': `Bearer realm="", authorization_uri="${authorizationUri}", client_id="${GRAPH_APP_ID}", error="insufficient_claims", claims="${claims}"`,
    }
  );
}

/** Refuses a token whose principal's tokens were revoked after it was issued. */
export function assertNotRevoked(emulator: EmulatorContext, token: VerifiedAccessToken): void {
  const revokedAt = emulator.revocations.revokedAt(token.tokenId);
  if (revokedAt === undefined) return;
  if (token.capabilities?.includes('CP1')) {
    emulator.stats.count('claimsChallenges');
    throw claimsChallenge(emulator, revokedAt);
  }
  emulator.stats.count('revokedTokensRefused');
  throw unauthenticated('Access token has been revoked.');
}
