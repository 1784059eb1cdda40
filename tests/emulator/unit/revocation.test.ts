/**
 * The emulator's revocation of issued access tokens (continuous access evaluation) and its
 * token-endpoint faults, shaped as Microsoft documents them.
 */
import { decodeJwt } from 'jose';
import { http, startHttpEmulator, type HttpEmulator } from '../../../testkit/emulator-http';

const CP1 = JSON.stringify({ access_token: { xms_cc: { values: ['CP1'] } } });

describe('emulated revocation and claims challenges', () => {
  let emulator: HttpEmulator;
  beforeAll(async () => {
    emulator = await startHttpEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  afterEach(async () => {
    await emulator.control.clearFaults();
  });

  const tokenRequest = (extra: Record<string, string> = {}) =>
    http(emulator, 'POST', `${emulator.info.authority}/oauth2/v2.0/token`, {
      form: {
        grant_type: 'client_credentials',
        client_id: emulator.info.clientId,
        client_secret: emulator.info.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
        ...extra,
      },
    });
  const appToken = async (extra?: Record<string, string>) =>
    (await tokenRequest(extra)).body.access_token as string;
  const readSite = (token: string) =>
    http(emulator, 'GET', `${emulator.info.graphUrl}/sites/${emulator.info.sites[0].id}`, {
      token,
    });

  it('refuses tokens issued before a revocation with a plain 401, and accepts newer ones', async () => {
    const before = await appToken();
    expect((await readSite(before)).status).toBe(200);
    const { revoked } = await emulator.control.revokeAppTokens(emulator.info.clientId);
    expect(revoked).toBeGreaterThanOrEqual(1);
    const refused = await readSite(before);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('InvalidAuthenticationToken');
    expect(refused.headers['www-authenticate']).toBeUndefined();
    // Issued after the revocation (possibly within the same second): accepted.
    expect((await readSite(await appToken())).status).toBe(200);
  });

  it('challenges a CP1 token with the claims of a token issued after the revocation', async () => {
    const before = await appToken({ claims: CP1 });
    expect(decodeJwt(before).xms_cc).toEqual(['CP1']);
    await emulator.control.revokeAppTokens(emulator.info.clientId);
    const mark = await emulator.control.mark();
    const challenged = await readSite(before);
    expect(challenged.status).toBe(401);
    const header = String(challenged.headers['www-authenticate']);
    expect(header).toMatch(/^Bearer realm="", authorization_uri="[^"]+", client_id="[^"]+"/);
    expect(header).toContain('error="insufficient_claims"');
    const claims = JSON.parse(
      Buffer.from(/claims="([^"]+)"/.exec(header)![1], 'base64').toString('utf8')
    );
    expect(claims).toEqual({
      access_token: { nbf: { essential: true, value: expect.stringMatching(/^\d+$/) } },
    });
    // Still refused until a newer token comes: the same challenge again.
    expect((await readSite(before)).status).toBe(401);
    const answered = JSON.stringify({
      access_token: { ...claims.access_token, xms_cc: { values: ['CP1'] } },
    });
    const fresh = await appToken({ claims: answered });
    expect(decodeJwt(fresh).iat).toBeGreaterThanOrEqual(Number(claims.access_token.nbf.value));
    expect((await readSite(fresh)).status).toBe(200);
    const stats = await emulator.control.stats(mark);
    expect(stats.claimsChallenges).toBe(2);
    expect(stats.challengeClaimsAnswered).toBe(1);
  });

  it("revokes one user's tokens, not the app's", async () => {
    const app = await appToken();
    const user = emulator.info.users[0];
    await emulator.control.revokeUserTokens(user.id);
    expect((await readSite(app)).status).toBe(200);
    expect(
      (await emulator.control.revokeUserTokens('no-such-user').catch((e) => e)).message
    ).toMatch(/404/);
  });

  it("revokes the caller's tokens as a request arrives (revokeTokens fault)", async () => {
    const token = await appToken();
    await emulator.control.addFaults([{ kind: 'revokeTokens', host: 'graph', nth: 1 }]);
    expect((await readSite(token)).status).toBe(401);
    expect((await readSite(token)).status).toBe(401);
    expect((await readSite(await appToken())).status).toBe(200);
  });

  it.each([
    ['temporarilyUnavailable', 503, 'temporarily_unavailable', 90006],
    ['invalidSecret', 401, 'invalid_client', 7000215],
    ['expiredSecret', 401, 'invalid_client', 7000222],
    ['unknownApplication', 400, 'unauthorized_client', 700016],
    ['consentRequired', 400, 'invalid_grant', 65001],
    ['revokedGrant', 400, 'invalid_grant', 50173],
  ] as const)(
    'answers the token error %s as Entra ID does',
    async (tokenError, status, error, aadsts) => {
      await emulator.control.addFaults([{ kind: 'tokenError', tokenError, nth: 1 }]);
      const answer = await tokenRequest();
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({ error, error_codes: [aadsts] });
      expect(answer.body.error_description).toMatch(new RegExp(`^AADSTS${aadsts}: `));
      if (tokenError === 'temporarilyUnavailable') expect(answer.headers['retry-after']).toBe('1');
      // Only that request: the next one gets its token.
      expect((await tokenRequest()).status).toBe(200);
    }
  );

  it("shapes a 5xx of the token endpoint as Entra ID's error body", async () => {
    await emulator.control.addFaults([{ kind: 'serverError', host: 'identity', nth: 1 }]);
    const answer = await tokenRequest();
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ error: 'server_error', error_codes: [50000] });
  });
});
