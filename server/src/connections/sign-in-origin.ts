/**
 * A personal sign-in only completes on the origin of the redirect URI: Microsoft sends the browser
 * back there, and the cookie that binds the sign-in to this browser is set on the origin the
 * sign-in started from. A user who opened the admin panel under another name of the same server
 * (127.0.0.1 rather than localhost, an internal host name rather than the public one) would sign in
 * at Microsoft and then be refused as "another browser". Say so before they leave the page.
 */
import { externalDrivesError } from '../graph/errors';

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Refuses a sign-in started from `browserOrigin` (the request's Origin header) when Microsoft
 * would send the browser back to another origin. Requests without an Origin (API clients, which
 * carry the cookie themselves) are not a browser's and pass.
 */
export function assertSignInOrigin(
  browserOrigin: string | undefined,
  redirectUri: string,
  adminPath: string
): void {
  if (!browserOrigin || browserOrigin === 'null') return;
  const expected = originOf(redirectUri);
  if (!expected || originOf(browserOrigin) === expected) return;
  const adminUrl = `${expected}${adminPath}`;
  throw externalDrivesError('invalidRequest', {
    message: `Sign-in with Microsoft must start from ${adminUrl}`,
    nextStep:
      `Microsoft sends you back to ${expected} after signing in, and this page is open at ` +
      `${browserOrigin}. Open ${adminUrl} and connect from there.`,
    details: { signInFrom: adminUrl },
  });
}
