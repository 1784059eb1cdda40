/**
 * Where Graph requests get their access tokens, and what to ask for after Graph refused one.
 *
 * msal's cache hands back a token until it nears expiry, even when Graph no longer accepts it (an
 * admin revoked it, a sign-in risk event, continuous access evaluation). So after a 401 the retry
 * policy asks its token source for a fresh token past the cache and, when Graph sent a claims
 * challenge (`WWW-Authenticate: Bearer ... error="insufficient_claims", claims="<base64>"`), for a
 * token carrying those claims.
 */

export interface TokenRequest {
  /** Past msal's cache: `skipCache` for client credentials, `forceRefresh` for the silent flow. */
  forceRefresh?: boolean;
  /** The claims (JSON) a claims challenge asked for; msal adds the client capabilities to them. */
  claims?: string;
}

/** Gives an access token for Graph; with no request, msal's cached one when it has one. */
export type TokenSource = (request?: TokenRequest) => Promise<string>;

/** Parameters of a `WWW-Authenticate: Bearer a="b", c="d"` challenge. */
function challengeParameters(header: string): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const [, name, value] of header.matchAll(/([\w-]+)="([^"]*)"/g)) {
    parameters.set(name.toLowerCase(), value);
  }
  return parameters;
}

/**
 * The claims of a claims challenge (decoded JSON), or undefined when the 401 is not one (or its
 * claims cannot be read, in which case a fresh token is all that can be asked for).
 */
export function challengedClaims(wwwAuthenticate: string | null | undefined): string | undefined {
  if (!wwwAuthenticate) return undefined;
  const parameters = challengeParameters(wwwAuthenticate);
  const encoded = parameters.get('claims');
  if (parameters.get('error') !== 'insufficient_claims' || !encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  try {
    JSON.parse(decoded);
    return decoded;
  } catch {
    return undefined;
  }
}

/** What to ask the token source for after Graph answered 401 with this WWW-Authenticate. */
export function tokenRequestAfter401(wwwAuthenticate: string | null | undefined): TokenRequest {
  const claims = challengedClaims(wwwAuthenticate);
  return { forceRefresh: true, ...(claims ? { claims } : {}) };
}

/**
 * Whether a request must go past every cache: after a 401 (`forceRefresh`), and for a claims
 * challenge, whose claims no cached token carries.
 */
export const goesPastCache = (request: TokenRequest) =>
  Boolean(request.forceRefresh || request.claims);

/** An access token as msal issued it, with when it expires (null when msal does not say). */
export interface IssuedToken {
  accessToken: string;
  expiresOn: Date | null;
}

/** msal's own margin: it hands a cached token out only until five minutes before it expires. */
export const TOKEN_REUSE_MARGIN_MS = 5 * 60_000;

/**
 * A token source that hands out the token it last got from `issue` until msal itself would stop
 * handing it out (TOKEN_REUSE_MARGIN_MS before it expires), and asks `issue` again only then, or
 * when asked past the cache (after a 401). msal answers from its cache too, but not cheaply: a
 * delegated account's cache is unsealed from its database row on every call (three reads per
 * token, each on SQLite waiting for the connection a sync page's transaction holds), and even the
 * app's in-memory cache took several turns of the event loop. Every Graph request asks for a token
 * before it leaves, and a sync asks for its next page while it writes the current one.
 */
export function reusingTokens(
  issue: (request: TokenRequest) => Promise<IssuedToken>,
  now: () => number = Date.now
): TokenSource {
  let last: IssuedToken | null = null;
  return async (request: TokenRequest = {}) => {
    const pastCache = goesPastCache(request);
    const reusableUntil = (last?.expiresOn?.getTime() ?? 0) - TOKEN_REUSE_MARGIN_MS;
    if (last && !pastCache && now() < reusableUntil) return last.accessToken;
    // Asked past the cache, Graph refused the token: it is not handed out again, even if no new
    // one comes.
    if (pastCache) last = null;
    last = await issue(request);
    return last.accessToken;
  };
}
