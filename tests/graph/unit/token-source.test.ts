import {
  challengedClaims,
  reusingTokens,
  TOKEN_REUSE_MARGIN_MS,
  tokenRequestAfter401,
  type IssuedToken,
  type TokenRequest,
} from '../../../server/src/graph/token-source';

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

describe('a token reused until msal would stop handing it out', () => {
  const HOUR = 60 * 60_000;
  /** An issuer whose tokens live an hour from `clock.now`, counting what it was asked. */
  const issuer = (clock: { now: number }) => {
    const asked: TokenRequest[] = [];
    const issue = async (request: TokenRequest): Promise<IssuedToken> => {
      asked.push(request);
      return { accessToken: `token-${asked.length}`, expiresOn: new Date(clock.now + HOUR) };
    };
    return { asked, issue };
  };

  it('asks msal once while the token has more than the margin left, then again', async () => {
    const clock = { now: 1_000_000 };
    const { asked, issue } = issuer(clock);
    const getToken = reusingTokens(issue, () => clock.now);
    expect(await getToken()).toBe('token-1');
    expect(await getToken()).toBe('token-1');
    clock.now += HOUR - TOKEN_REUSE_MARGIN_MS - 1;
    expect(await getToken({})).toBe('token-1');
    clock.now += 1;
    expect(await getToken()).toBe('token-2');
    expect(asked).toEqual([{}, {}]);
  });

  it('goes past it when asked to (after a 401, or a claims challenge), and reuses the new one', async () => {
    const clock = { now: 0 };
    const { asked, issue } = issuer(clock);
    const getToken = reusingTokens(issue, () => clock.now);
    await getToken();
    expect(await getToken({ forceRefresh: true })).toBe('token-2');
    expect(await getToken({ claims: '{"access_token":{}}' })).toBe('token-3');
    expect(await getToken()).toBe('token-3');
    expect(asked).toEqual([{}, { forceRefresh: true }, { claims: '{"access_token":{}}' }]);
  });

  it('does not hand a refused token out again when no fresh one comes', async () => {
    let refreshFails = true;
    let issued = 0;
    const getToken = reusingTokens(async (request) => {
      if (request.forceRefresh && refreshFails) throw new Error('AADSTS50173');
      issued += 1;
      return { accessToken: `token-${issued}`, expiresOn: new Date(Date.now() + 60 * 60_000) };
    });
    expect(await getToken()).toBe('token-1');
    await expect(getToken({ forceRefresh: true })).rejects.toThrow('AADSTS50173');
    refreshFails = false;
    expect(await getToken()).toBe('token-2');
  });

  it('never reuses a token whose expiry msal did not give, nor a failure', async () => {
    let calls = 0;
    const getToken = reusingTokens(async () => {
      calls += 1;
      if (calls === 2) throw new Error('AADSTS700082');
      return { accessToken: `token-${calls}`, expiresOn: null };
    });
    expect(await getToken()).toBe('token-1');
    await expect(getToken()).rejects.toThrow('AADSTS700082');
    expect(await getToken()).toBe('token-3');
  });
});
