/**
 * The sync engine end to end: a real Strapi, the emulator over HTTPS, msal-node and the Graph SDK.
 * Every check compares Strapi's rows (paths derived from parent ids) with the emulator's true tree.
 */
import { ControlClient } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { INTERRUPTED } from '../../server/src/sync/run-recorder';
import { adminRequest, connectLargeLibrary, createAdmin, syncAndWait } from '../../testkit/admin';
import { expectExactTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';

describe('delta sync through the plugin', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let token: string;
  let driveId: number;
  let remoteDriveId: string;

  const api = () => adminRequest(app.http, token);
  const sync = () => syncAndWait(api(), driveId);
  const expectExact = () => expectExactTree(app.strapi, driveId, control, remoteDriveId);

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo', items: 1000 });
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({ emulator: emulator.info });
    token = (await createAdmin(app.strapi, { email: 'sync-super@example.com', roles: 'super' }))
      .token;
    ({ driveId, remoteDriveId } = await connectLargeLibrary(api(), emulator.info));
  });
  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('syncs a 1,000-item library exactly, and lists its root from Strapi', async () => {
    await sync();
    await expectExact();
    // Connecting the drive started its first sync; that run brought the items in.
    const runs = await api().get(`${BASE}/drives/${driveId}/runs`);
    const first = runs.body.data.find((run: { trigger: string }) => run.trigger === 'connect');
    expect(first).toMatchObject({ status: 'succeeded', fullEnumeration: true });
    expect(first.itemsAdded).toBeGreaterThanOrEqual(1000);

    const truth = await control.tree(remoteDriveId);
    const rootChildren = truth.filter((entry) => !entry.path.slice(1).includes('/'));
    const listed = await api().get(`${BASE}/drives/${driveId}/children?pageSize=500`);
    expect(listed.status).toBe(200);
    expect(listed.body.pagination.total).toBe(rootChildren.length);
    expect(listed.body.results.map((item: { remoteId: string }) => item.remoteId).sort()).toEqual(
      rootChildren.map((entry) => entry.id).sort()
    );
    // Folders first.
    const kinds = listed.body.results.map((item: { isFolder: boolean }) => item.isFolder);
    expect(kinds).toEqual([...kinds].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
  });

  it('applies 100 changes, including a large folder rename, with one delta round', async () => {
    await control.bulk(remoteDriveId, {
      modify: 30,
      rename: 20,
      move: 20,
      delete: 20,
      create: 10,
      renameLargeFolder: true,
      seed: 'incremental',
    });
    const run = await sync();
    expect(run.fullEnumeration).toBe(false);
    await expectExact();
  });

  it('costs at most 2 Graph requests when nothing changed', async () => {
    const mark = await control.mark();
    const run = await sync();
    const stats = await control.stats(mark);
    expect(stats.graphRequests).toBeLessThanOrEqual(2);
    expect(run.graphRequests).toBe(stats.graphRequests);
    expect(run.itemsAdded + run.itemsUpdated + run.itemsDeleted).toBe(0);
  });

  it('takes children before their parents', async () => {
    await control.setDeltaOrder(remoteDriveId, 'reverse');
    await control.bulk(remoteDriveId, { create: 15, move: 10, seed: 'reverse' });
    await sync();
    await expectExact();
    await control.setDeltaOrder(remoteDriveId, 'sequence');
  });

  it('recovers from 410 resync by re-enumerating and reconciling, without wiping the drive', async () => {
    const before = (await app.strapi.db
      .query(UID.driveItem)
      .findMany({ where: { driveId }, select: ['id', 'remoteId'] })) as Array<{
      id: number;
      remoteId: string;
    }>;
    await control.bulk(remoteDriveId, { delete: 10, modify: 10, create: 5, seed: 'resync' });
    await control.invalidateDeltaTokens(remoteDriveId);
    const mark = await control.mark();
    const run = await sync();
    expect(run.fullEnumeration).toBe(true);
    await expectExact();
    // The 410's Location (a token of its own, without our $top) was followed with $top=1000: the
    // 410, then pages of 1,000, not of Graph's default size.
    const listed = (await control.tree(remoteDriveId)).length + 1; // the root is listed too
    const stats = await control.stats(mark);
    expect(run.pages).toBe(Math.ceil(listed / 1000));
    expect(stats.graphRequests).toBe(1 + run.pages);
    // Items that survived kept their rows (updated in place, not deleted and re-inserted).
    const after = (await app.strapi.db
      .query(UID.driveItem)
      .findMany({ where: { driveId }, select: ['id', 'remoteId'] })) as Array<{
      id: number;
      remoteId: string;
    }>;
    const idsBefore = new Map(before.map((row) => [row.remoteId, row.id]));
    const kept = after.filter((row) => idsBefore.has(row.remoteId));
    expect(kept.length).toBeGreaterThan(900);
    expect(kept.every((row) => idsBefore.get(row.remoteId) === row.id)).toBe(true);
    // The run's counts: every survivor was listed again and rewritten, the new ones added.
    expect(run.itemsAdded).toBe(after.length - kept.length);
    expect(run.itemsUpdated).toBe(kept.length);
  });

  it('resumes from the last committed page after a failure mid-round', async () => {
    await control.bulk(remoteDriveId, { modify: 5, seed: 'crash' });
    await control.invalidateDeltaTokens(remoteDriveId);
    // The third delta page fails for good: the run fails after committing two pages.
    await control.addFaults([
      {
        kind: 'serverError',
        status: 500,
        path: '/delta',
        nth: [3, 4, 5, 6, 7, 8],
        driveId: remoteDriveId,
      },
    ]);
    const failed = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
    expect(failed.status).toBe(502);
    expect(failed.body.error.details.code).toBe('unableToConnect');
    await control.clearFaults();
    const mark = await control.mark();
    const run = await sync();
    // It went on from the saved cursor: not from the start of the enumeration.
    expect((await control.stats(mark)).graphRequests).toBeLessThan(run.pages + 3);
    await expectExact();
  });

  it('closes a run left "running" by a process that died, when the next run starts', async () => {
    // What a SIGKILLed instance leaves behind: its run row, still running.
    const orphan = (await app.strapi.db.query(UID.syncRun).create({
      data: { driveId, trigger: 'manual', status: 'running', startedAt: new Date() },
    })) as { id: number };
    await sync();
    const closed = await app.strapi.db.query(UID.syncRun).findOne({ where: { id: orphan.id } });
    expect(closed).toMatchObject({
      status: 'failed',
      finishedAt: expect.anything(),
      error: INTERRUPTED,
    });
    expect(
      await app.strapi.db.query(UID.syncRun).count({ where: { driveId, status: 'running' } })
    ).toBe(0);
  });

  it('honours Retry-After during a sync: no request before it expires, and the wait is counted', async () => {
    await control.bulk(remoteDriveId, { modify: 5, seed: 'throttled' });
    await control.clearRetryAfter();
    await control.addFaults([
      { kind: 'throttle', path: '/delta', nth: [1], retryAfterSeconds: 2, driveId: remoteDriveId },
    ]);
    const started = Date.now();
    const run = await sync();
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(run.throttledWaits).toBeGreaterThanOrEqual(1);
    const ledger = await control.retryAfter();
    expect(ledger.some((client) => client.retryAfterSent >= 1)).toBe(true);
    expect(ledger.reduce((sum, client) => sum + client.violations, 0)).toBe(0);
    await control.clearFaults();
    await expectExact();
  });

  it('merges a burst of "Sync Now" into the running sync and exactly one follow-up', async () => {
    const runsBefore = (await api().get(`${BASE}/drives/${driveId}/runs`)).body.data.length;
    await control.bulk(remoteDriveId, { modify: 3, seed: 'burst' });
    // The first delta answer is held back, so every later click lands during that run (5 s: the
    // seven admin requests below must all arrive before it ends, however busy the machine).
    await control.addFaults([
      { kind: 'slow', path: '/delta', nth: [1], delayMs: 5000, driveId: remoteDriveId },
    ]);
    for (let click = 0; click < 6; click += 1) {
      const answer = await api().post(`${BASE}/drives/${driveId}/sync`);
      expect(answer.status).toBe(202);
    }
    // Waiting on one more request joins the pending follow-up: it ends when the burst is done.
    const last = await sync();
    const runs = (await api().get(`${BASE}/drives/${driveId}/runs`)).body.data as Array<{
      id: number;
      trigger: string;
      status: string;
    }>;
    const burst = runs.slice(0, runs.length - runsBefore);
    expect(burst.map((run) => run.trigger)).toEqual(['manual', 'manual']);
    expect(burst.every((run) => run.status === 'succeeded')).toBe(true);
    expect(burst[0].id).toBe(last.id);
    await control.clearFaults();
    await expectExact();
  });
});
