/**
 * The shapes a delta feed can take, produced by the emulator (its control API and fault rules),
 * synced through the plugin in a real Strapi: every case ends with Strapi's rows (paths derived
 * from parent ids) equal to the emulator's true tree.
 */
import { ControlClient, type ControlItem } from '../../emulator/src';
import { TABLE, UID } from '../../server/src/constants';
import { parseCursor } from '../../server/src/sync/delta-cursor';
import { adminRequest, connectLargeLibrary, createAdmin, syncAndWait } from '../../testkit/admin';
import { expectExactTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { createGraphReader, type GraphReader } from '../../testkit/graph-reader';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';

interface Row {
  remoteId: string;
  parentRemoteId: string | null;
  name: string;
  deleted: boolean;
}

describe('delta feed shapes through the plugin', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let reader: GraphReader;
  let app: TestStrapi;
  let token: string;
  let driveId: number;
  let remoteDriveId: string;

  const api = () => adminRequest(app.http, token);
  const sync = () => syncAndWait(api(), driveId);
  const expectExact = () => expectExactTree(app.strapi, driveId, control, remoteDriveId);
  const rowOf = async (remoteId: string) =>
    (await app.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId, remoteId } })) as Row | null;
  /** The link the plugin fetches next, as its last committed page saved it. */
  const savedLink = async () => {
    const [row] = await app.strapi.db
      .connection(TABLE.drive)
      .where('id', driveId)
      .select('sync_cursor');
    return parseCursor(row.sync_cursor)!.link;
  };
  const folder = (name: string, parentId?: string) =>
    control.createItem(remoteDriveId, { name, folder: true, parentId });
  const file = (name: string, parentId?: string, size = 100) =>
    control.createItem(remoteDriveId, { name, parentId, size });

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo', items: 600 });
    control = ControlClient.from(emulator.info);
    reader = createGraphReader(emulator.info);
    app = await startTestStrapi({ emulator: emulator.info });
    token = (await createAdmin(app.strapi, { email: 'feeds@example.com', roles: 'super' })).token;
    ({ driveId, remoteDriveId } = await connectLargeLibrary(api(), emulator.info));
    // Waiting on a sync joins the first one, started by connecting the drive.
    await sync();
    await expectExact();
  });
  afterAll(async () => {
    await app?.close();
    await reader?.close();
    await control?.close();
    await emulator?.close();
  });

  it('keeps the latest state of an item listed several times in one delta page', async () => {
    const known = await file('known.txt');
    const doomed = await file('doomed.txt');
    await sync();
    await control.setDeltaHistory(remoteDriveId, true);
    try {
      const created = await file('draft.txt', undefined, 10);
      await control.renameItem(remoteDriveId, created.id, 'final.txt');
      await control.modifyItem(remoteDriveId, created.id, { size: 4321 });
      const box = await folder('Box');
      await control.renameItem(remoteDriveId, box.id, 'Box renamed');
      await control.moveItem(remoteDriveId, known.id, box.id);
      await control.modifyItem(remoteDriveId, known.id, { size: 777 });
      await control.modifyItem(remoteDriveId, doomed.id, { size: 55 });
      await control.deleteItem(remoteDriveId, doomed.id);

      // The page the plugin is about to read lists these items more than once, latest last.
      const page = await reader.get<{ value: Array<{ id: string; name?: string }> }>(
        await savedLink()
      );
      const occurrences = (id: string) => page.value.filter((item) => item.id === id);
      expect(occurrences(created.id).map((item) => item.name)).toEqual([
        'draft.txt',
        'final.txt',
        'final.txt',
      ]);
      expect(occurrences(box.id)).toHaveLength(2);
      expect(occurrences(known.id)).toHaveLength(2);
      expect(occurrences(doomed.id)).toHaveLength(2);

      const run = await sync();
      expect(run.pages).toBe(1);
      // Counted once each: two new items, one updated, one deleted.
      expect(run).toMatchObject({ itemsAdded: 2, itemsUpdated: 1, itemsDeleted: 1 });
      expect(await rowOf(created.id)).toMatchObject({ name: 'final.txt' });
      expect(await rowOf(known.id)).toMatchObject({ parentRemoteId: box.id });
      expect(await rowOf(doomed.id)).toBeNull();
      await expectExact();
    } finally {
      await control.setDeltaHistory(remoteDriveId, false);
    }
  });

  it('removes a deleted folder with everything below it, including children listed after it, only at the end of the round', async () => {
    const doomed = await folder('Doomed');
    const keep = await folder('Keep');
    const inner = await folder('Inner', doomed.id);
    const below: ControlItem[] = [];
    for (let i = 0; i < 4; i += 1) below.push(await file(`d${i}.txt`, doomed.id));
    for (let i = 0; i < 3; i += 1) below.push(await file(`i${i}.txt`, inner.id));
    const rescued = await file('rescued.txt', doomed.id);
    await sync();

    // One file leaves the folder first; then the folder goes. The emulator lists the folder's
    // deletion, then its content's, two items a page, the round's pages in reverse.
    await control.moveItem(remoteDriveId, rescued.id, keep.id);
    await control.deleteItem(remoteDriveId, doomed.id);
    await control.setDeltaPageSize(remoteDriveId, 2);
    await control.setDeltaOrder(remoteDriveId, 'reverse');
    // Only the first page gets through: the run fails with that page committed.
    await control.addFaults([
      {
        kind: 'serverError',
        status: 500,
        path: '/delta$',
        driveId: remoteDriveId,
        nth: [2, 3, 4, 5, 6, 7],
      },
    ]);
    try {
      const failed = await api().post(`${BASE}/drives/${driveId}/sync?wait=true`);
      expect(failed.status).toBe(502);
      // Its deletion is known, but the round is not over: the folder and its content stay.
      expect(await rowOf(doomed.id)).toMatchObject({ deleted: true });
      expect(await rowOf(inner.id)).toMatchObject({ deleted: false });
      expect(await rowOf(rescued.id)).toMatchObject({ parentRemoteId: keep.id });
      for (const item of below) expect(await rowOf(item.id)).not.toBeNull();

      await control.clearFaults();
      const run = await sync();
      // The folder, its subfolder and the seven files below them.
      expect(run.itemsDeleted).toBe(2 + below.length);
      expect(await rowOf(doomed.id)).toBeNull();
      for (const item of below) expect(await rowOf(item.id)).toBeNull();
      expect(await rowOf(rescued.id)).toMatchObject({ parentRemoteId: keep.id });
      await expectExact();
    } finally {
      await control.clearFaults();
      await control.setDeltaOrder(remoteDriveId, 'sequence');
      await control.setDeltaPageSize(remoteDriveId, null);
    }
  });

  it('moves a folder under a new parent with one row: the paths of its subtree follow', async () => {
    const source = await folder('Projects');
    const moved = await folder('Alpha', source.id);
    const sub = await folder('Specs', moved.id);
    const deep = await file('deep.txt', sub.id);
    const top = await file('top.txt', moved.id);
    const target = await folder('Archive 2020');
    await sync();

    await control.moveItem(remoteDriveId, moved.id, target.id, 'Alpha (old)');
    const run = await sync();
    expect(run).toMatchObject({ itemsAdded: 0, itemsUpdated: 1, itemsDeleted: 0 });
    const paths = new Map(
      (await syncedTree(app.strapi, driveId)).map((entry) => [entry.id, entry.path])
    );
    expect(paths.get(moved.id)).toBe('/Archive 2020/Alpha (old)');
    expect(paths.get(sub.id)).toBe('/Archive 2020/Alpha (old)/Specs');
    expect(paths.get(deep.id)).toBe('/Archive 2020/Alpha (old)/Specs/deep.txt');
    expect(paths.get(top.id)).toBe('/Archive 2020/Alpha (old)/top.txt');
    await expectExact();
  });

  it('honours Retry-After in the middle of an enumeration: no request before it expires, and the round ends exact', async () => {
    await control.bulk(remoteDriveId, { modify: 5, delete: 3, create: 4, seed: 'retry-after' });
    await control.invalidateDeltaTokens(remoteDriveId);
    await control.setDeltaPageSize(remoteDriveId, 100);
    await control.clearRetryAfter();
    // The third delta request of the re-enumeration is throttled.
    await control.addFaults([
      {
        kind: 'throttle',
        method: 'GET',
        path: '/delta$',
        driveId: remoteDriveId,
        nth: [3],
        retryAfterSeconds: 2,
      },
    ]);
    try {
      const mark = await control.mark();
      const run = await sync();
      const stats = await control.stats(mark);
      expect(run.fullEnumeration).toBe(true);
      expect(run.pages).toBeGreaterThan(3);
      expect(stats.faultsByKind.throttle).toBe(1);
      expect(run.throttledWaits).toBeGreaterThanOrEqual(1);
      // The throttled request was sent again, and counted.
      expect(run.graphRequests).toBe(stats.graphRequests);
      const ledger = await control.retryAfter();
      const client = ledger.find((entry) => entry.retryAfterSent >= 1)!;
      expect(client).toBeDefined();
      expect(client.violations).toBe(0);
      expect(stats.retryAfterViolations).toBe(0);
      await expectExact();
    } finally {
      await control.clearFaults();
      await control.setDeltaPageSize(remoteDriveId, null);
    }
  });
});
