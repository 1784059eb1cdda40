import { challengedClaims, tokenRequestAfter401 } from '../../../server/src/graph/token-source';

const claims = '{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}';
const encoded = Buffer.from(claims).toString('base64');

describe('what to ask for after Graph answered 401', () => {
  it('passes the decoded claims of a claims challenge, with a fresh token', () => {
    const header = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="${encoded}"`;
    expect(challengedClaims(header)).toBe(claims);
    expect(tokenRequestAfter401(header)).toEqual({ forceRefresh: true, claims });
  });

  it('asks only for a fresh token after a plain 401, or a challenge it cannot read', () => {
    expect(tokenRequestAfter401(null)).toEqual({ forceRefresh: true });
    expect(tokenRequestAfter401('Bearer realm="", error="invalid_token"')).toEqual({
      forceRefresh: true,
    });
    const unreadable = `Bearer error="insufficient_claims", claims="${Buffer.from('not json').toString('base64')}"`;
    expect(tokenRequestAfter401(unreadable)).toEqual({ forceRefresh: true });
    // Claims of some other error are not a challenge.
    expect(challengedClaims(`Bearer error="invalid_token", claims="${encoded}"`)).toBeUndefined();
  });
});
