import { createHash, X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, CryptoProvider } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import {
  http,
  msalConfig,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';
import {
  clientAssertion,
  selfSignedCertificate,
  type SelfSignedCertificate,
} from '../../../testkit/certificates';
import { signInAtMicrosoft } from '../../../testkit/microsoft-sign-in';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const REDIRECT_URI = 'http://localhost:3000/auth/callback';
const hexDigest = (pem: string, algorithm: 'sha256' | 'sha1') =>
  createHash(algorithm).update(new X509Certificate(pem).raw).digest('hex').toUpperCase();

describe('emulated Entra ID: certificate credentials (client assertions)', () => {
  let emulator: HttpEmulator;
  let registered: SelfSignedCertificate;
  let unregistered: SelfSignedCertificate;
  let tokenEndpoint: string;

  beforeAll(async () => {
    emulator = await startHttpEmulator();
    registered = selfSignedCertificate({ commonName: 'registered' });
    unregistered = selfSignedCertificate({ commonName: 'unregistered' });
    tokenEndpoint = `${emulator.info.authority}/oauth2/v2.0/token`;
    await emulator.control.setRedirectUris(emulator.info.clientId, [REDIRECT_URI]);
  });
  afterAll(async () => {
    await emulator.close();
  });

  const assertionFor = (
    overrides: Partial<Parameters<typeof clientAssertion>[0]> = {},
    certificate = registered
  ) =>
    clientAssertion({
      clientId: emulator.info.clientId,
      audience: tokenEndpoint,
      privateKeyPem: certificate.privateKeyPem,
      certificatePem: certificate.certificatePem,
      ...overrides,
    });
  const clientCredentials = (assertion: string, extra: Record<string, string> = {}) =>
    http(emulator, 'POST', tokenEndpoint, {
      form: {
        grant_type: 'client_credentials',
        client_id: emulator.info.clientId,
        scope: 'https://graph.microsoft.com/.default',
        client_assertion_type: JWT_BEARER,
        client_assertion: assertion,
        ...extra,
      },
    });
  const withCertificate = async (certificate: SelfSignedCertificate, sha1 = false) => {
    const config = await msalConfig(emulator.info);
    const { clientSecret: _secret, ...auth } = config.auth;
    return new ConfidentialClientApplication({
      ...config,
      auth: {
        ...auth,
        clientCertificate: {
          ...(sha1
            ? { thumbprint: hexDigest(certificate.certificatePem, 'sha1') }
            : { thumbprintSha256: hexDigest(certificate.certificatePem, 'sha256') }),
          privateKey: certificate.privateKeyPem,
          x5c: certificate.certificatePem,
        },
      },
    });
  };

  it('registers a certificate through the control API and answers its thumbprints', async () => {
    const added = await emulator.control.addAppCertificate(
      emulator.info.clientId,
      registered.certificatePem
    );
    expect(added).toEqual({
      thumbprintSha256: hexDigest(registered.certificatePem, 'sha256'),
      thumbprint: hexDigest(registered.certificatePem, 'sha1'),
      notAfter: new Date(new X509Certificate(registered.certificatePem).validTo).toISOString(),
    });
    expect(await emulator.control.appCertificates(emulator.info.clientId)).toHaveLength(1);
  });

  it('grants an app-only token to msal-node signing with the certificate (PS256, x5t#S256)', async () => {
    const result = await (
      await withCertificate(registered)
    ).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect(decodeJwt(result!.accessToken)).toMatchObject({ appid: emulator.info.clientId });
  });

  it('accepts the deprecated SHA-1 thumbprint (RS256, x5t) too', async () => {
    const result = await (
      await withCertificate(registered, true)
    ).acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect(result?.accessToken).toBeTruthy();
    expect((await clientCredentials(assertionFor({ algorithm: 'RS256' }))).status).toBe(200);
  });

  it('redeems an authorization code and a refresh token with the certificate (delegated)', async () => {
    const msal = await withCertificate(registered);
    const crypto = new CryptoProvider();
    const { verifier, challenge } = await crypto.generatePkceCodes();
    const url = await msal.getAuthCodeUrl({
      scopes: ['Files.ReadWrite.All'],
      redirectUri: REDIRECT_URI,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const user = emulator.info.users[0];
    const redirect = await signInAtMicrosoft(emulator.info, url, user.id);
    const byCode = await msal.acquireTokenByCode({
      code: redirect.searchParams.get('code')!,
      scopes: ['Files.ReadWrite.All'],
      redirectUri: REDIRECT_URI,
      codeVerifier: verifier,
    });
    expect(decodeJwt(byCode.accessToken)).toMatchObject({ oid: user.id });
    const refreshed = await msal.acquireTokenSilent({
      account: byCode.account!,
      scopes: ['Files.ReadWrite.All'],
      forceRefresh: true,
    });
    expect(refreshed.accessToken).not.toBe(byCode.accessToken);
  });

  const expectRefusal = async (
    response: Awaited<ReturnType<typeof clientCredentials>>,
    status: number,
    error: string,
    aadsts: number
  ) => {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error, error_codes: [aadsts] });
    expect(response.body.error_description).toMatch(new RegExp(`^AADSTS${aadsts}: `));
    expect(response.body).toHaveProperty('trace_id');
    expect(response.body).toHaveProperty('correlation_id');
    expect(response.body).toHaveProperty('timestamp');
  };

  it('refuses an assertion signed with a certificate the app does not have: AADSTS700027', async () => {
    const response = await clientCredentials(assertionFor({}, unregistered));
    await expectRefusal(response, 401, 'invalid_client', 700027);
    expect(response.body.error_description).toContain(
      hexDigest(unregistered.certificatePem, 'sha256')
    );
  });

  it('refuses a registered thumbprint over another key (forged signature): AADSTS700027', async () => {
    const forged = clientAssertion({
      clientId: emulator.info.clientId,
      audience: tokenEndpoint,
      certificatePem: registered.certificatePem,
      privateKeyPem: unregistered.privateKeyPem,
    });
    await expectRefusal(await clientCredentials(forged), 401, 'invalid_client', 700027);
  });

  it('refuses an expired or not yet valid assertion: AADSTS700024', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = assertionFor({ notBefore: now - 3600, expiresAt: now - 1800 });
    await expectRefusal(await clientCredentials(expired), 401, 'invalid_client', 700024);
    const early = assertionFor({ notBefore: now + 1800, expiresAt: now + 3600 });
    await expectRefusal(await clientCredentials(early), 401, 'invalid_client', 700024);
  });

  it("judges the time range on Entra ID's clock: a client clock off by more than 5 minutes is refused", async () => {
    await emulator.control.setClientClockSkew(3600);
    try {
      await expectRefusal(await clientCredentials(assertionFor()), 401, 'invalid_client', 700024);
    } finally {
      await emulator.control.setClientClockSkew(0);
    }
    expect((await clientCredentials(assertionFor())).status).toBe(200);
  });

  it('refuses an assertion meant for another audience: AADSTS700023', async () => {
    const assertion = assertionFor({
      audience: 'https://login.microsoftonline.com/another-tenant/oauth2/v2.0/token',
    });
    await expectRefusal(await clientCredentials(assertion), 401, 'invalid_client', 700023);
  });

  it('refuses an assertion issued for another client: AADSTS700021', async () => {
    const assertion = assertionFor({ claims: { iss: 'someone-else', sub: 'someone-else' } });
    await expectRefusal(await clientCredentials(assertion), 401, 'invalid_client', 700021);
  });

  it('refuses a malformed assertion: AADSTS50027', async () => {
    await expectRefusal(await clientCredentials('not-a-jwt'), 400, 'invalid_request', 50027);
    await expectRefusal(await clientCredentials('a.b.c'), 400, 'invalid_request', 50027);
  });

  it('refuses every assertion once the certificate is removed from the app', async () => {
    await emulator.control.removeAppCertificates(emulator.info.clientId);
    await expectRefusal(await clientCredentials(assertionFor()), 401, 'invalid_client', 700027);
  });
});
