/**
 * Tokens Graph stops accepting while msal still holds them (revoked by an admin, a risk event,
 * continuous access evaluation), and Entra ID's token endpoint failing: a healthy drive must go on
 * without anyone's help, in the middle of a sync, a download or an upload, and a token failure
 * that needs someone must say who and what to fix.
 */
import { randomBytes } from 'node:crypto';
import { ControlClient, quickXorHash } from '../../emulator/src';
import type { FaultRuleSpec } from '../../emulator/src';
import { TOKEN_FAILURES, type TokenFailureReason } from '../../shared/errors';
import { PLUGIN_ID } from '../../server/src/constants';
import { upsertItemRow } from '../../server/src/items/rows';
import { FRAGMENT_MULTIPLE } from '../../server/src/files/upload/fragments';
import { adminRequest, connectLargeLibrary, createAdmin, syncAndWait } from '../../testkit/admin';
import { expectExactTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';
const TOKEN_PATH = '/oauth2/v2\\.0/token$';

describe('revoked tokens and token-endpoint faults', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let token: string;
  let driveId: number;
  let remoteDriveId: string;
  let rootId: string;

  const api = () => adminRequest(app.http, token);
  const sync = () => syncAndWait(api(), driveId);
  const expectExact = () => expectExactTree(app.strapi, driveId, control, remoteDriveId);
  /** msal applications (and their token caches) dropped: the next request asks Entra ID. */
  const forgetTokens = () => app.strapi.plugin(PLUGIN_ID).service('graph').invalidate();
  const newFiles = async (prefix: string, count: number) => {
    for (let i = 0; i < count; i++) {
      await control.createItem(remoteDriveId, { name: `${prefix}-${i}.txt`, size: 100 + i });
    }
  };

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo', items: 60 });
    control = ControlClient.from(emulator.info);
    // Short enough that a held token request times out within the test, long for everything else.
    app = await startTestStrapi({
      emulator: emulator.info,
      env: { EXTERNAL_DRIVES_REQUEST_TIMEOUT_MS: '6000' },
    });
    app.strapi.config.set(`plugin::${PLUGIN_ID}.uploadFragmentBytes`, FRAGMENT_MULTIPLE);
    app.strapi.config.set(`plugin::${PLUGIN_ID}.simpleUploadThresholdBytes`, 64 * 1024);
    token = (await createAdmin(app.strapi, { email: 'tokens@example.com', roles: 'super' })).token;
    ({ driveId, remoteDriveId } = await connectLargeLibrary(api(), emulator.info));
    await sync();
    const client = await app.strapi.plugin(PLUGIN_ID).service('graph').appClient();
    const root = await client.api(`/drives/${remoteDriveId}/root`).get();
    rootId = root.id;
    // Uploads go to a folder Strapi knows.
    await upsertItemRow(app.strapi, driveId, root);
  });
  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });
  afterEach(async () => {
    await control.clearFaults();
    await control.setDeltaPageSize(remoteDriveId, null);
  });

  describe('Graph refuses a token msal still holds', () => {
    it('a revoked app token between delta pages: the page is fetched again after the claims challenge, nothing skipped or applied twice', async () => {
      await newFiles('revoked', 12);
      await control.setDeltaPageSize(remoteDriveId, 5);
      // The second delta request revokes every token the app was issued, its own included.
      await control.addFaults([
        { kind: 'revokeTokens', method: 'GET', path: '/delta$', driveId: remoteDriveId, nth: 2 },
      ]);
      const mark = await control.mark();
      const run = await sync();
      const stats = await control.stats(mark);
      expect(stats.faultsByKind.revokeTokens).toBe(1);
      // The plugin declares CP1: Graph answers with a claims challenge, whose claims it sends back.
      expect(stats.claimsChallenges).toBe(1);
      expect(stats.challengeClaimsAnswered).toBe(1);
      expect(run.itemsAdded).toBe(12);
      expect(run.pages).toBe(3);
      await expectExact();
      expect((await api().get(`${BASE}/drives/${driveId}`)).body.data.status).toBe('ok');
    });

    it('a token refused with a plain 401 (no challenge) between delta pages: a fresh token past the cache', async () => {
      await newFiles('plain', 12);
      await control.setDeltaPageSize(remoteDriveId, 5);
      await control.addFaults([
        { kind: 'expiredToken', method: 'GET', path: '/delta$', driveId: remoteDriveId, nth: 2 },
      ]);
      const mark = await control.mark();
      const run = await sync();
      expect((await control.stats(mark)).faultsByKind.expiredToken).toBe(1);
      expect(run.itemsAdded).toBe(12);
      await expectExact();
    });

    it('a fresh token refused too is an authentication failure; the next Sync Now recovers', async () => {
      await newFiles('refused', 3);
      // Every token is refused, twice: the cached one and the fresh one.
      await control.addFaults([{ kind: 'expiredToken', path: '/delta$', times: 2 }]);
      const failed = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
      expect(failed.status).toBe(424);
      expect(failed.body.error.details.code).toBe('authenticationFailed');
      await control.clearFaults();
      const run = await sync();
      expect(run.itemsAdded).toBe(3);
      await expectExact();
    });

    it('a download after the app tokens were revoked', async () => {
      const item = await control.createItem(remoteDriveId, { name: 'download-me.bin', size: 4321 });
      await sync();
      await control.revokeAppTokens(emulator.info.clientId);
      const mark = await control.mark();
      const answer = await api()
        .get(`${BASE}/drives/${driveId}/items/${item.id}/content`)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(answer.status).toBe(200);
      expect(quickXorHash(answer.body as Buffer)).toBe(item.quickXorHash);
      expect((await control.stats(mark)).claimsChallenges).toBe(1);
    });

    it('an upload: a refused token when creating the session, then the session lost mid-upload', async () => {
      const bytes = randomBytes(6 * FRAGMENT_MULTIPLE + 999);
      const total = bytes.length;
      const put = (uploadId: string, start: number, end: number) =>
        api()
          .put(`${BASE}/drives/${driveId}/uploads/${uploadId}`)
          .set('Content-Type', 'application/octet-stream')
          .set('Content-Range', `bytes ${start}-${end - 1}/${total}`)
          .send(bytes.subarray(start, end));
      await control.revokeAppTokens(emulator.info.clientId);
      await control.addFaults([
        { kind: 'expiredToken', method: 'POST', path: '/createUploadSession$', nth: 1 },
      ]);
      const mark = await control.mark();
      const started = await api()
        .post(`${BASE}/drives/${driveId}/uploads`)
        .send({ parentId: rootId, name: 'relayed.bin', size: total, conflictBehavior: 'fail' });
      expect(started.status).toBe(201);
      expect(started.body.data.mode).toBe('session');
      const { uploadId, pieceSize } = started.body.data;
      const first = await put(uploadId, 0, pieceSize);
      expect(first.body.data.nextOffset).toBe(pieceSize);

      // The session vanishes (404 on the next fragment; its status says so too): a new session
      // takes its place, from the first byte it expects.
      await control.addFaults([
        { kind: 'uploadSessionExpired', host: 'content', method: 'PUT', nth: 1 },
      ]);
      const lost = await put(uploadId, pieceSize, Math.min(2 * pieceSize, total));
      expect(lost.status).toBe(200);
      expect(lost.body.data.nextOffset).toBe(0);
      let status = lost.body.data;
      while (!status.item) {
        const end = Math.min(status.nextOffset + pieceSize, total);
        const answer = await put(uploadId, status.nextOffset, end);
        expect(answer.status).toBe(200);
        status = answer.body.data;
      }
      const stats = await control.stats(mark);
      expect(stats.faultsByKind).toMatchObject({ expiredToken: 1, uploadSessionExpired: 1 });
      const entry = (await control.tree(remoteDriveId)).find((e) => e.id === status.item.remoteId);
      expect(entry).toMatchObject({ name: 'relayed.bin', size: total });
      expect(entry?.quickXorHash).toBe(quickXorHash(bytes));
      expect(
        (await control.uploadSessions()).filter((session) => session.name === 'relayed.bin')
      ).toEqual([]);
    });
  });

  describe("Entra ID's token endpoint fails", () => {
    const testConnection = async (faults: FaultRuleSpec[]) => {
      forgetTokens();
      await control.addFaults(faults);
      const mark = await control.mark();
      const answer = await api().post(`${BASE}/settings/test-connection`);
      return { answer, stats: await control.stats(mark) };
    };

    it.each<[string, FaultRuleSpec]>([
      // First: the held request (answered after the timeout) ends while the next cases run.
      ['a timeout', { kind: 'slow', host: 'identity', path: TOKEN_PATH, nth: 1, delayMs: 8_000 }],
      [
        'temporarily_unavailable (503, Retry-After)',
        { kind: 'unavailable', host: 'identity', nth: 1, retryAfterSeconds: 1 },
      ],
      ['a 500', { kind: 'serverError', host: 'identity', path: TOKEN_PATH, nth: 1 }],
      ['a connection reset', { kind: 'reset', host: 'identity', path: TOKEN_PATH, nth: 1 }],
    ])('retries %s with backoff, and the connection test succeeds', async (_, fault) => {
      const { answer, stats } = await testConnection([fault]);
      expect(answer.status).toBe(200);
      expect(answer.body.data.ok).toBe(true);
      expect(stats.faultsInjected).toBe(1);
      // The rule saw the token request again (counted as it arrives: a held one is still open).
      const [rule] = await control.faults();
      expect(rule.matched).toBeGreaterThanOrEqual(2);
    });

    it('shows a token service that stays unavailable as such, not as bad credentials', async () => {
      const { answer } = await testConnection([
        { kind: 'tokenError', tokenError: 'temporarilyUnavailable', retryAfterSeconds: 0 },
      ]);
      const expected = TOKEN_FAILURES.signInServiceUnavailable;
      expect(answer.body.error).toMatchObject({
        message: expected.message,
        details: { code: 'unableToConnect', nextStep: expected.nextStep },
      });
    });

    it.each<[FaultRuleSpec['tokenError'], TokenFailureReason]>([
      ['invalidSecret', 'invalidClientSecret'],
      ['expiredSecret', 'expiredClientSecret'],
      ['unknownApplication', 'unknownApplication'],
      ['consentRequired', 'consentRequired'],
    ])('maps %s to what the admin must fix (%s), at once', async (tokenError, reason) => {
      const { answer, stats } = await testConnection([{ kind: 'tokenError', tokenError }]);
      const expected = TOKEN_FAILURES[reason];
      expect(answer.status).toBe(424);
      expect(answer.body.error).toMatchObject({
        message: expected.message,
        details: { code: 'authenticationFailed', reason, nextStep: expected.nextStep },
      });
      // A refusal is final: asked once, not retried. Counted by the rule as requests arrive: the
      // emulator's per-host stats count a request when it ends, so the timeout case's held token
      // request (answered 8 s later) can land in this case's window on a busy machine.
      const [rule] = await control.faults();
      expect(rule.matched).toBe(1);
      expect(stats.faultsInjected).toBe(1);
    });
  });
});
