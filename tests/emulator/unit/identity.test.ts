import { ConfidentialClientApplication } from '@azure/msal-node';
import { decodeJwt } from 'jose';
import {
  appToken,
  http,
  msalConfig,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

describe('emulated Entra ID: client credentials', () => {
  let emulator: HttpEmulator;
  beforeAll(async () => {
    emulator = await startHttpEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  const tokenRequest = (form: Record<string, string>, tenant = emulator.info.tenantId) =>
    http(emulator, 'POST', `${emulator.info.authorityHost}/${tenant}/oauth2/v2.0/token`, { form });
  const validForm = () => ({
    grant_type: 'client_credentials',
    client_id: emulator.info.clientId,
    client_secret: emulator.info.clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });

  it('serves an OpenID configuration and its keys under the authority', async () => {
    const config = await http(
      emulator,
      'GET',
      `${emulator.info.authority}/v2.0/.well-known/openid-configuration`
    );
    expect(config.status).toBe(200);
    expect(config.body.token_endpoint).toBe(`${emulator.info.authority}/oauth2/v2.0/token`);
    expect(config.body.authorization_endpoint).toBe(
      `${emulator.info.authority}/oauth2/v2.0/authorize`
    );
    expect(config.body.issuer).toContain(emulator.info.tenantId);
    const keys = await http(emulator, 'GET', config.body.jwks_uri);
    expect(keys.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  });

  it('grants an RS256 access token with tid, appid and roles', async () => {
    const response = await tokenRequest(validForm());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const claims = decodeJwt(response.body.access_token);
    expect(claims).toMatchObject({
      tid: emulator.info.tenantId,
      appid: emulator.info.clientId,
      roles: ['Sites.Selected'],
    });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  it('rejects a wrong secret with invalid_client / AADSTS7000215', async () => {
    const response = await tokenRequest({ ...validForm(), client_secret: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.body.error).toBe('invalid_client');
    expect(response.body.error_description).toMatch(
      /^AADSTS7000215: Invalid client secret provided/
    );
    expect(response.body.error_codes).toEqual([7000215]);
  });

  it('rejects an unknown client with unauthorized_client / AADSTS700016', async () => {
    const response = await tokenRequest({
      ...validForm(),
      client_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('unauthorized_client');
    expect(response.body.error_codes).toEqual([700016]);
  });

  it('rejects an unknown tenant with AADSTS90002', async () => {
    const response = await tokenRequest(validForm(), '11111111-1111-4111-8111-111111111111');
    expect(response.status).toBe(400);
    expect(response.body.error_codes).toEqual([90002]);
  });

  it('rejects a scope other than Graph /.default', async () => {
    const response = await tokenRequest({ ...validForm(), scope: 'Files.Read.All' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('invalid_scope');
  });

  it('rejects an unsupported grant type', async () => {
    const response = await tokenRequest({ ...validForm(), grant_type: 'password' });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe('unsupported_grant_type');
  });

  it('works with msal-node as a real client (knownAuthorities + authorityMetadata)', async () => {
    const app = new ConfidentialClientApplication(await msalConfig(emulator.info));
    const result = await app.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    expect(result?.accessToken).toBeTruthy();
    expect(decodeJwt(result!.accessToken).appid).toBe(emulator.info.clientId);
    const me = await http(
      emulator,
      'GET',
      `${emulator.info.graphUrl}/sites/${emulator.info.sites[0].id}`,
      {
        token: result!.accessToken,
      }
    );
    expect(me.status).toBe(200);
  });

  it('surfaces a wrong secret through msal-node as AADSTS7000215', async () => {
    const app = new ConfidentialClientApplication(
      await msalConfig(emulator.info, emulator.info.clientId, 'not-the-secret')
    );
    await expect(
      app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })
    ).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining('AADSTS7000215'),
    });
  });

  it('answers 401 InvalidAuthenticationToken for a missing, forged or expired token', async () => {
    const url = `${emulator.info.graphUrl}/sites/${emulator.info.sites[0].id}`;
    const missing = await http(emulator, 'GET', url);
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('InvalidAuthenticationToken');

    const token = await appToken(emulator);
    const [header, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.roles = ['Sites.FullControl.All'];
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${token.split('.')[2]}`;
    const forgedAnswer = await http(emulator, 'GET', url, { token: forged });
    expect(forgedAnswer.status).toBe(401);
    expect(forgedAnswer.body.error.code).toBe('InvalidAuthenticationToken');
    expect(forgedAnswer.body.error.innerError).toMatchObject({
      'request-id': expect.any(String),
      date: expect.any(String),
    });
    expect(forgedAnswer.headers['request-id']).toBeTruthy();

    await emulator.control.setTokenLifetime(1);
    try {
      const shortLived = await appToken(emulator);
      expect((await http(emulator, 'GET', url, { token: shortLived })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2100));
      const expired = await http(emulator, 'GET', url, { token: shortLived });
      expect(expired.status).toBe(401);
      expect(expired.body.error.message).toMatch(/expired/);
    } finally {
      await emulator.control.setTokenLifetime(3600);
    }
  });

  it('takes a changed secret into account at once', async () => {
    const app = await emulator.control.createApp({
      permissions: ['Sites.Read.All'],
      secret: 'first',
    });
    await expect(appToken(emulator, app.clientId, 'first')).resolves.toBeTruthy();
    await emulator.control.setAppSecret(app.clientId, 'second');
    await expect(appToken(emulator, app.clientId, 'first')).rejects.toThrow(/AADSTS7000215/);
    await expect(appToken(emulator, app.clientId, 'second')).resolves.toBeTruthy();
  });
});
