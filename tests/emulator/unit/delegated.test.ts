import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import {
  http,
  msalConfig,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

const REDIRECT_URI = 'http://localhost:3000/auth/callback';
const SCOPES = ['Files.ReadWrite.All', 'Sites.Read.All'];

/** What a person does on the sign-in page: pick a user, press Accept (or Cancel). */
async function signIn(
  emulator: HttpEmulator,
  authorizeUrl: string,
  userId: string,
  action: 'accept' | 'cancel' = 'accept'
) {
  const page = await http(emulator, 'GET', authorizeUrl);
  expect(page.status).toBe(200);
  expect(page.text).toContain('<form method="post"');
  const fields: Record<string, string> = {};
  for (const match of page.text.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[match[1]] = match[2].replace(/&#(\d+);/g, (_, code) =>
      String.fromCharCode(Number(code))
    );
  }
  expect(page.text).toContain(`value="${userId}"`);
  const posted = await http(emulator, 'POST', authorizeUrl.split('?')[0], {
    form: { ...fields, user_id: userId, action },
  });
  expect(posted.status).toBe(302);
  return new URL(String(posted.headers.location));
}

describe('delegated sign-in with msal-node (authorization code + PKCE, refresh tokens)', () => {
  let emulator: HttpEmulator;
  let crypto: CryptoProvider;
  beforeAll(async () => {
    emulator = await startHttpEmulator();
    await emulator.control.setRedirectUris(emulator.info.clientId, [REDIRECT_URI]);
    crypto = new CryptoProvider();
  });
  afterAll(async () => {
    await emulator.close();
  });

  async function authorize(msal: ConfidentialClientApplication, userIndex = 0) {
    const { verifier, challenge } = await crypto.generatePkceCodes();
    const state = crypto.createNewGuid();
    const url = await msal.getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: REDIRECT_URI,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      state,
    });
    const redirect = await signIn(emulator, url, emulator.info.users[userIndex].id);
    expect(redirect.searchParams.get('state')).toBe(state);
    return { code: redirect.searchParams.get('code')!, verifier };
  }

  it('signs a user in, reads /me and their OneDrive, and refreshes silently after expiry', async () => {
    const msal = new ConfidentialClientApplication(await msalConfig(emulator.info));
    const user = emulator.info.users[0];
    const { code, verifier } = await authorize(msal);
    const result = await msal.acquireTokenByCode({
      code,
      scopes: SCOPES,
      redirectUri: REDIRECT_URI,
      codeVerifier: verifier,
    });
    expect(result.account?.username).toBe(user.mail);
    expect(result.account?.homeAccountId).toBe(`${user.id}.${emulator.info.tenantId}`);
    const claims = decodeJwt(result.accessToken);
    expect(claims).toMatchObject({ oid: user.id, tid: emulator.info.tenantId, idtyp: 'user' });
    expect(String(claims.scp).split(' ').sort()).toEqual([...SCOPES].sort());

    const me = await http(emulator, 'GET', `${emulator.info.graphUrl}/me`, {
      token: result.accessToken,
    });
    expect(me.body).toMatchObject({ id: user.id, displayName: user.displayName });
    const drive = await http(emulator, 'GET', `${emulator.info.graphUrl}/me/drive`, {
      token: result.accessToken,
    });
    expect(drive.body.id).toBe(user.driveId);
    const delta = await http(emulator, 'GET', `${emulator.info.graphUrl}/me/drive/root/delta`, {
      token: result.accessToken,
    });
    expect(delta.status).toBe(200);
    expect(delta.body.value.length).toBeGreaterThan(10);
    // Adele is a member of Marketing, not of Engineering; and not the owner of Alex's OneDrive.
    const marketing = emulator.info.sites.find((site) => site.name === 'Marketing')!;
    const engineering = emulator.info.sites.find((site) => site.name === 'Engineering')!;
    expect(
      (
        await http(emulator, 'GET', `${emulator.info.graphUrl}/sites/${marketing.id}/drive/root`, {
          token: result.accessToken,
        })
      ).status
    ).toBe(200);
    expect(
      (
        await http(emulator, 'GET', `${emulator.info.graphUrl}/sites/${engineering.id}`, {
          token: result.accessToken,
        })
      ).status
    ).toBe(403);
    expect(
      (
        await http(
          emulator,
          'GET',
          `${emulator.info.graphUrl}/drives/${emulator.info.users[1].driveId}/root`,
          { token: result.accessToken }
        )
      ).status
    ).toBe(403);

    // Silent: cached while valid...
    const cached = await msal.acquireTokenSilent({ account: result.account!, scopes: SCOPES });
    expect(cached.accessToken).toBe(result.accessToken);
    // ...refreshed without being asked once the token nears expiry (msal renews within 5 minutes).
    await emulator.control.setTokenLifetime(60);
    try {
      const shortLived = new ConfidentialClientApplication(await msalConfig(emulator.info));
      const signedIn = await authorize(shortLived);
      const first = await shortLived.acquireTokenByCode({
        code: signedIn.code,
        scopes: SCOPES,
        redirectUri: REDIRECT_URI,
        codeVerifier: signedIn.verifier,
      });
      const mark = await emulator.control.mark();
      const refreshed = await shortLived.acquireTokenSilent({
        account: first.account!,
        scopes: SCOPES,
      });
      expect(refreshed.accessToken).not.toBe(first.accessToken);
      expect(
        (await emulator.control.stats(mark)).byRoute['identity POST /:tenant/oauth2/v2.0/token']
      ).toBe(1);
      const again = await http(emulator, 'GET', `${emulator.info.graphUrl}/me`, {
        token: refreshed.accessToken,
      });
      expect(again.status).toBe(200);
    } finally {
      await emulator.control.setTokenLifetime(3600);
    }

    // Revoked sessions: the refresh token no longer works.
    await emulator.control.revokeUserSessions(user.id);
    await expect(
      msal.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true })
    ).rejects.toMatchObject({
      errorCode: 'invalid_grant',
      errorMessage: expect.stringContaining('AADSTS50173'),
    });
  });

  it('rejects a wrong PKCE verifier with AADSTS501481 and a reused code with AADSTS54005', async () => {
    const msal = new ConfidentialClientApplication(await msalConfig(emulator.info));
    const { code, verifier } = await authorize(msal, 1);
    await expect(
      msal.acquireTokenByCode({
        code,
        scopes: SCOPES,
        redirectUri: REDIRECT_URI,
        codeVerifier: `${verifier}x`,
      })
    ).rejects.toMatchObject({
      errorCode: 'invalid_grant',
      errorMessage: expect.stringContaining('AADSTS501481'),
    });
    const second = await authorize(msal, 1);
    await msal.acquireTokenByCode({
      code: second.code,
      scopes: SCOPES,
      redirectUri: REDIRECT_URI,
      codeVerifier: second.verifier,
    });
    await expect(
      msal.acquireTokenByCode({
        code: second.code,
        scopes: SCOPES,
        redirectUri: REDIRECT_URI,
        codeVerifier: second.verifier,
      })
    ).rejects.toMatchObject({ errorMessage: expect.stringContaining('AADSTS54005') });
  });

  it('reports an expired refresh token as invalid_grant AADSTS700082', async () => {
    const msal = new ConfidentialClientApplication(await msalConfig(emulator.info));
    await emulator.control.setRefreshTokenLifetime(0);
    try {
      const { code, verifier } = await authorize(msal, 2);
      const result = await msal.acquireTokenByCode({
        code,
        scopes: SCOPES,
        redirectUri: REDIRECT_URI,
        codeVerifier: verifier,
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await expect(
        msal.acquireTokenSilent({ account: result.account!, scopes: SCOPES, forceRefresh: true })
      ).rejects.toMatchObject({
        errorCode: 'invalid_grant',
        errorMessage: expect.stringContaining('AADSTS700082'),
      });
    } finally {
      await emulator.control.setRefreshTokenLifetime(90 * 24 * 3600);
    }
  });

  it('redirects with error=access_denied when the user cancels, and refuses unknown redirect URIs', async () => {
    const msal = new ConfidentialClientApplication(await msalConfig(emulator.info));
    const url = await msal.getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: REDIRECT_URI,
      state: 'xyz',
    });
    const redirect = await signIn(emulator, url, emulator.info.users[0].id, 'cancel');
    expect(redirect.searchParams.get('error')).toBe('access_denied');
    expect(redirect.searchParams.get('state')).toBe('xyz');
    expect(redirect.searchParams.get('code')).toBeNull();
    const foreign = await msal.getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: 'https://evil.example/callback',
    });
    const page = await http(emulator, 'GET', foreign);
    expect(page.status).toBe(400);
    expect(page.text).toContain('AADSTS50011');
  });
});
