/**
 * The page-application rules of the sync engine, on a real Strapi database (SQLite here, PostgreSQL
 * with TEST_DATABASE=postgres), fed with delta pages built in the test: every ordering the feed may
 * take is written out explicitly, and each check reads the rows back the way a reader would.
 */
import { TABLE, UID } from '../../server/src/constants';
import { SCHEDULER_JOB } from '../../server/src/jobs/in-process-runner';
import { applyPage, latestById } from '../../server/src/sync/apply-page';
import { parseCursor, roundOf, type RoundState } from '../../server/src/sync/delta-cursor';
import type { DeltaPage } from '../../server/src/sync/delta-source';
import type { DriveItemJson } from '../../server/src/sync/item-mapper';
import driveItemSchema from '../../server/src/content-types/drive-item/schema.json';
import {
  columnMap,
  createItemStore,
  DELETED_INDEX,
  MERGE_PAGE_CACHE_KIB,
  STAGE_DRIVE_INDEX,
  UNIQUE_INDEX,
  type ItemStore,
} from '../../server/src/items/store';
import { CHILDREN_INDEXES } from '../../server/src/items/listing';
import { upsertItemRow } from '../../server/src/items/rows';
import { indexNamesOf } from '../../testkit/indexes';
import { applyPages, createBareDriveRow } from '../../testkit/drive-rows';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const ROOT = 'root-id';
const root = (): DriveItemJson => ({ id: ROOT, name: 'root', root: {}, folder: { childCount: 0 } });
const folder = (id: string, name: string, parent = ROOT): DriveItemJson => ({
  id,
  name,
  folder: { childCount: 0 },
  parentReference: { id: parent },
});
const file = (id: string, name: string, parent = ROOT, size = 10): DriveItemJson => ({
  id,
  name,
  size,
  eTag: `"${id}-${name}-${size}"`,
  file: { mimeType: 'text/plain', hashes: { quickXorHash: `${id}${size}` } },
  parentReference: { id: parent },
});
/** Graph may send a deletion without a name (or anything but the id and the facet). */
const deleted = (id: string): DriveItemJson => ({ id, deleted: { state: 'deleted' } });

const next = (n: number) => `https://graph.example/delta?token=page-${n}`;
const DELTA = 'https://graph.example/delta?token=latest';

describe('applying delta pages', () => {
  let app: TestStrapi;
  let store: ItemStore;

  beforeAll(async () => {
    app = await startTestStrapi();
    // The minute scan would start syncing the (made-up) drives below while the test writes them.
    app.strapi.cron.remove(SCHEDULER_JOB);
    store = createItemStore(app.strapi);
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Pages applied in turn as the engine does; `enumeration`: the run a first sync stages for. */
  const apply = (driveId: number, pages: DeltaPage[], enumeration?: number) =>
    applyPages(app.strapi, store, driveId, pages, enumeration === undefined ? {} : { enumeration });

  /** Paths derived from parent ids, as a reader derives them: nothing else is stored. */
  const paths = async (driveId: number) => {
    const rows = (await app.strapi.db.query(UID.driveItem).findMany({
      where: { driveId },
    })) as Array<{
      remoteId: string;
      parentRemoteId: string | null;
      name: string;
      isRoot: boolean;
    }>;
    const byId = new Map(rows.map((row) => [row.remoteId, row]));
    const pathOf = (row: (typeof rows)[number]): string => {
      if (row.isRoot) return '';
      const parent = byId.get(row.parentRemoteId ?? '');
      if (!parent) throw new Error(`${row.remoteId} has no parent row`);
      return `${pathOf(parent)}/${row.name}`;
    };
    return rows
      .filter((row) => !row.isRoot)
      .map(pathOf)
      .sort();
  };

  /** What a full enumeration still in progress has staged: it reaches the items at its end. */
  const staged = async (driveId: number) =>
    (
      (await app.strapi.db
        .connection(TABLE.itemStage)
        .where('drive_id', driveId)
        .pluck('remote_id')) as string[]
    ).sort();

  const cursorOf = async (driveId: number) => {
    const [row] = await app.strapi.db
      .connection(TABLE.drive)
      .where('id', driveId)
      .select('sync_cursor');
    return parseCursor(row.sync_cursor);
  };

  it('has the unique (drive, remote id) index, the children indexes and the (drive, deleted) index', async () => {
    const knex = app.strapi.db.connection;
    expect(await indexNamesOf(knex, TABLE.driveItem)).toEqual(
      expect.arrayContaining([
        UNIQUE_INDEX,
        DELETED_INDEX,
        ...CHILDREN_INDEXES.map((index) => index.name),
      ])
    );
    // And the unique one is enforced: a second row for the same remote item is refused.
    const driveId = await createBareDriveRow(app.strapi);
    const row = { drive_id: driveId, remote_id: 'same', document_id: 'doc-a', name: 'a' };
    await knex(TABLE.driveItem).insert(row);
    // The message, not the error: the driver's error class comes from another realm under jest.
    const refusal = await knex(TABLE.driveItem)
      .insert({ ...row, document_id: 'doc-b' })
      .then(
        () => 'accepted',
        (error: Error) => error.message
      );
    expect(refusal).toMatch(/unique|duplicate/i);
  });

  it("keeps on the stage only its drive index, none of Strapi's (nothing reads the stage by them)", async () => {
    const knex = app.strapi.db.connection;
    const stageIndexes = (await indexNamesOf(knex, TABLE.itemStage)).filter(
      (name) => !/pkey$|^sqlite_autoindex/.test(name)
    );
    expect(stageIndexes).toEqual([STAGE_DRIVE_INDEX]);
  });

  it('keeps the latest state of an item listed twice in one page', async () => {
    expect(
      latestById([file('a', 'one'), file('b', 'b'), file('a', 'two')]).map((item) => item.name)
    ).toEqual(['b', 'two']);
    const driveId = await createBareDriveRow(app.strapi);
    const [outcome] = await apply(driveId, [
      {
        items: [
          root(),
          file('a', 'first.txt'),
          file('a', 'second.txt', ROOT, 99),
          folder('f', 'F'),
        ],
        deltaLink: DELTA,
      },
    ]);
    expect(await paths(driveId)).toEqual(['/F', '/second.txt']);
    expect(outcome).toMatchObject({ added: 3, updated: 0, deleted: 0 });
    // A deletion then a re-creation of the same id in one page: the item lives.
    await apply(driveId, [{ items: [deleted('f'), folder('f', 'F again')], deltaLink: DELTA }]);
    expect(await paths(driveId)).toEqual(['/F again', '/second.txt']);
  });

  it('takes children before their parents, across pages', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    await apply(driveId, [
      { items: [file('c', 'c.txt', 'sub'), folder('sub', 'Sub', 'top')], nextLink: next(1) },
      { items: [folder('top', 'Top'), root()], deltaLink: DELTA },
    ]);
    expect(await paths(driveId)).toEqual(['/Top', '/Top/Sub', '/Top/Sub/c.txt']);
  });

  it('removes a deleted folder, and children that arrive after its deletion, at the deltaLink', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    await apply(driveId, [
      {
        items: [root(), folder('f', 'F'), file('a', 'a.txt', 'f'), file('b', 'b.txt', 'f')],
        deltaLink: DELTA,
      },
      { items: [folder('keep', 'Keep'), file('moved', 'moved.txt', 'f')], deltaLink: DELTA },
    ]);
    expect(await paths(driveId)).toEqual(['/F', '/F/a.txt', '/F/b.txt', '/F/moved.txt', '/Keep']);
    const outcomes = await apply(driveId, [
      // The folder first, without a name; the round is not over, so it stays until the end.
      { items: [deleted('f')], nextLink: next(1) },
      // A late child under the deleted folder, one child deleted, one moved out of it.
      {
        items: [file('late', 'late.txt', 'f'), deleted('a'), file('moved', 'moved.txt', 'keep')],
        nextLink: next(2),
      },
      { items: [], deltaLink: DELTA },
    ]);
    expect(outcomes[1].deleted).toBe(0);
    expect(await paths(driveId)).toEqual(['/Keep', '/Keep/moved.txt']);
    // f, a, b and the late child are gone.
    expect(outcomes[2].deleted).toBe(4);
  });

  it('remembers through the cursor an item whose parent is unknown, and drops it if the parent never comes', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    await apply(driveId, [{ items: [root(), folder('f', 'F')], deltaLink: DELTA }]);
    const outcomes = await apply(driveId, [
      // 'ghost' is neither stored nor in the page: it may come later in the round, or never.
      {
        items: [file('lost', 'lost.txt', 'ghost'), file('kept', 'kept.txt', 'f')],
        nextLink: next(1),
      },
      { items: [file('other', 'other.txt', 'f')], deltaLink: DELTA },
    ]);
    expect(outcomes[0].cursor).toEqual({ link: next(1), orphansPossible: true });
    expect(outcomes[1].deleted).toBe(1);
    expect(await paths(driveId)).toEqual(['/F', '/F/kept.txt', '/F/other.txt']);
    // A round where every parent is known carries no such mark.
    const [known] = await apply(driveId, [
      { items: [file('more', 'more.txt', 'f')], nextLink: next(2) },
    ]);
    expect(known.cursor).toEqual({ link: next(2) });
  });

  it('moves a folder with its subtree under a new parent by changing one row', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    const subtree = Array.from({ length: 50 }, (_, i) => file(`x${i}`, `x${i}.txt`, 'inner'));
    await apply(driveId, [
      {
        items: [root(), folder('big', 'Big'), folder('inner', 'Inner', 'big'), ...subtree],
        nextLink: next(1),
      },
      { items: [folder('dest', 'Dest')], deltaLink: DELTA },
    ]);
    const before = await app.strapi.db
      .connection(TABLE.driveItem)
      .where('drive_id', driveId)
      .select('remote_id', 'updated_at');
    // Timestamps of the rewrite must differ from those of the first write.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const [outcome] = await apply(driveId, [
      { items: [folder('big', 'Big renamed', 'dest')], deltaLink: DELTA },
    ]);
    expect(outcome).toMatchObject({ added: 0, updated: 1, deleted: 0 });
    const all = await paths(driveId);
    expect(all).toContain('/Dest/Big renamed/Inner/x49.txt');
    expect(all.filter((path) => path.startsWith('/Dest/Big renamed/Inner/'))).toHaveLength(50);
    expect(all.some((path) => path.startsWith('/Big'))).toBe(false);
    // Only the moved folder's row was written.
    const after = await app.strapi.db
      .connection(TABLE.driveItem)
      .where('drive_id', driveId)
      .select('remote_id', 'updated_at');
    const time = (value: unknown) => new Date(value as string | number | Date).getTime();
    const written = new Map(
      before.map((row: { remote_id: string; updated_at: unknown }) => [
        row.remote_id,
        time(row.updated_at),
      ])
    );
    const changed = after.filter(
      (row: { remote_id: string; updated_at: unknown }) =>
        written.get(row.remote_id) !== time(row.updated_at)
    );
    expect(changed.map((row: { remote_id: string }) => row.remote_id)).toEqual(['big']);
  });

  it('reconciles a fresh enumeration: unseen rows go, the rest are updated in place', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    await apply(driveId, [
      {
        items: [
          root(),
          folder('f', 'F'),
          file('a', 'a.txt', 'f'),
          file('gone', 'gone.txt'),
          file('b', 'b.txt'),
        ],
        deltaLink: DELTA,
      },
    ]);
    const idsBefore = await app.strapi.db
      .connection(TABLE.driveItem)
      .where('drive_id', driveId)
      .select('id', 'remote_id');
    // The enumeration after a 410: 'gone' is not listed, 'b' changed, 'c' is new.
    const outcomes = await apply(
      driveId,
      [
        { items: [root(), folder('f', 'F'), file('b', 'b.txt', ROOT, 77)], nextLink: next(1) },
        { items: [file('a', 'a.txt', 'f'), file('c', 'c.txt')], deltaLink: DELTA },
      ],
      4242
    );
    expect(await paths(driveId)).toEqual(['/F', '/F/a.txt', '/b.txt', '/c.txt']);
    expect(outcomes[1].deleted).toBe(1);
    const idsAfter = await app.strapi.db
      .connection(TABLE.driveItem)
      .where('drive_id', driveId)
      .select('id', 'remote_id');
    for (const row of idsAfter.filter((r: { remote_id: string }) => r.remote_id !== 'c')) {
      expect(row.id).toBe(
        idsBefore.find((old: { remote_id: string }) => old.remote_id === row.remote_id).id
      );
    }
    const [b] = await app.strapi.db
      .connection(TABLE.driveItem)
      .where({ drive_id: driveId, remote_id: 'b' });
    expect(Number(b.size)).toBe(77);
  });

  it('keeps what a file operation wrote while an enumeration ran, and sweeps only older unseen rows', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    await apply(driveId, [
      { items: [root(), file('kept', 'kept.txt'), file('gone', 'gone.txt')], deltaLink: DELTA },
    ]);
    // A resync begins (its round records when), lists its first page; then a user uploads a
    // file that Graph's later pages do not carry (it was created after they were read).
    await new Promise((resolve) => setTimeout(resolve, 5));
    let round: RoundState = { enumeration: 31, enumerationStartedAt: Date.now() };
    const first = { items: [root(), file('kept', 'kept.txt')], nextLink: next(1) };
    const outcome = await app.strapi.db.transaction(({ trx }) =>
      applyPage(trx, store, driveId, first, round)
    );
    round = roundOf(outcome.cursor);
    expect(round.enumerationStartedAt).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await upsertItemRow(app.strapi, driveId, file('uploaded', 'uploaded.txt'));
    await app.strapi.db.transaction(({ trx }) =>
      applyPage(trx, store, driveId, { items: [], deltaLink: DELTA }, round)
    );
    // 'gone' was not listed and is older than the enumeration: it goes; the upload stays.
    expect(await paths(driveId)).toEqual(['/kept.txt', '/uploaded.txt']);
  });

  it('refuses a page of a drive disconnected while it synced, writing none of its rows', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    await apply(driveId, [{ items: [root(), file('first', 'first.txt')], nextLink: next(1) }]);
    // The user disconnects the drive between two pages of its sync.
    await app.strapi.db.transaction(async ({ trx }) => {
      await trx(TABLE.driveItem).where('drive_id', driveId).del();
      await trx(TABLE.drive).where('id', driveId).del();
    });
    for (const round of [{}, { enumeration: 32 }] as RoundState[]) {
      await expect(
        app.strapi.db.transaction(({ trx }) =>
          applyPage(
            trx,
            store,
            driveId,
            { items: [file('late', 'late.txt')], deltaLink: DELTA },
            round
          )
        )
      ).rejects.toMatchObject({ code: 'notFound' });
    }
    const left = await app.strapi.db.connection(TABLE.driveItem).where('drive_id', driveId);
    const staged = await app.strapi.db.connection(TABLE.itemStage).where('drive_id', driveId);
    expect([...left, ...staged]).toEqual([]);
  });

  it('stages a full enumeration and merges the latest state of each item at its end', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    const outcomes = await apply(
      driveId,
      [
        {
          items: [root(), folder('f', 'F'), file('a', 'a.txt', 'f'), file('x', 'x.txt')],
          nextLink: next(1),
        },
        // 'a' changed after it was listed, 'f' was deleted while enumeration went on (with the
        // late child 'late' below it), 'x' was listed again.
        {
          items: [file('a', 'a renamed.txt', ROOT, 5), deleted('f'), file('late', 'l.txt', 'f')],
          nextLink: next(2),
        },
        { items: [file('x', 'x.txt'), file('b', 'b.txt')], deltaLink: DELTA },
      ],
      11
    );
    // Nothing reaches the items before the round ends.
    expect(outcomes.slice(0, 2)).toEqual([
      expect.objectContaining({ added: 0, updated: 0, deleted: 0 }),
      expect.objectContaining({ added: 0, updated: 0, deleted: 0 }),
    ]);
    expect(await paths(driveId)).toEqual(['/a renamed.txt', '/b.txt', '/x.txt']);
    // root, a, x, b and the orphaned late child are merged; the orphan is then swept.
    expect(outcomes[2]).toMatchObject({ added: 5, updated: 0, deleted: 1 });
    expect(await staged(driveId)).toEqual([]);
  });

  it('stages awkward values exactly as the change path writes them: unicode, quotes, nulls, sizes past 2^31, dates', async () => {
    const knex = app.strapi.db.connection;
    const awkward: DriveItemJson[] = [
      root(),
      {
        ...file(
          'u',
          `Ünïcödé 日本語 🎉 "double" 'single' back\\slash; drop table x; --`,
          ROOT,
          2 ** 31 + 5
        ),
        createdDateTime: '2001-02-03T04:05:06Z',
        lastModifiedDateTime: '2026-12-31T23:59:59.123Z',
        createdBy: { user: { displayName: "Zoë O'Brien", email: 'zoe@example.com' } },
        lastModifiedBy: { application: { displayName: 'Ａｐｐ "quoted"' } },
      },
      file('big', 'big.bin', ROOT, 5 * 2 ** 40),
      // Nothing but an id, a name and a parent: every other column null.
      { id: 'bare', name: 'bare', parentReference: { id: ROOT } },
      folder('f', 'Ümlaut \\ "folder" {json: [1]}'),
    ];
    const staging = await createBareDriveRow(app.strapi);
    const changes = await createBareDriveRow(app.strapi);
    await apply(staging, [{ items: awkward, nextLink: next(1) }], 51);
    await apply(changes, [{ items: awkward, deltaLink: DELTA }]);
    // Every synced column, read back through the driver: the same on both paths (the drive and
    // the enumeration that saw a row are the two paths' own).
    const columns = columnMap(app.strapi);
    const synced = Object.keys(driveItemSchema.attributes)
      .filter((attribute) => attribute !== 'driveId' && attribute !== 'seenInRun')
      .map((attribute) => columns[attribute]);
    const rowsOf = (table: string, driveId: number) =>
      knex(table).where('drive_id', driveId).orderBy('remote_id').select(synced);
    const written = await rowsOf(TABLE.driveItem, changes);
    expect(written).toHaveLength(awkward.length);
    expect(await rowsOf(TABLE.itemStage, staging)).toEqual(written);
    // The stamps are the time of the write, as the change path stamps its rows.
    const stamps = await knex(TABLE.itemStage)
      .where('drive_id', staging)
      .select('created_at', 'updated_at', 'published_at');
    for (const stamp of stamps.flatMap(Object.values)) {
      expect(
        Math.abs(new Date(stamp as string | number | Date).valueOf() - Date.now())
      ).toBeLessThan(60_000);
    }
    // Merged at the end of the round, the rows are those of the change path still.
    await apply(staging, [{ items: [], deltaLink: DELTA }], 51);
    expect(await rowsOf(TABLE.driveItem, staging)).toEqual(written);
    // And they are what Graph sent.
    const row = (await app.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId: staging, remoteId: 'u' } })) as Record<string, unknown>;
    expect(row.name).toBe(awkward[1].name);
    expect(Number(row.size)).toBe(2 ** 31 + 5);
    expect(new Date(row.remoteCreatedAt as string).toISOString()).toBe('2001-02-03T04:05:06.000Z');
    expect(new Date(row.remoteModifiedAt as string).toISOString()).toBe('2026-12-31T23:59:59.123Z');
    expect(row.createdByName).toBe("Zoë O'Brien");
    const big = (await app.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId: staging, remoteId: 'big' } })) as Record<string, unknown>;
    expect(Number(big.size)).toBe(5 * 2 ** 40);
    const bare = (await app.strapi.db
      .query(UID.driveItem)
      .findOne({ where: { driveId: staging, remoteId: 'bare' } })) as Record<string, unknown>;
    expect(bare).toMatchObject({ size: null, mimeType: null, eTag: null, remoteCreatedAt: null });
  });

  it('gives SQLite a larger page cache for the merge only, then restores the size it had', async () => {
    const knex = app.strapi.db.connection;
    const sqlite = ['sqlite', 'better-sqlite3'].includes(knex.client.config.client as string);
    // PostgreSQL has no such setting: there the merge is only checked to work.
    const cacheSize = async () =>
      sqlite
        ? ((await knex.raw('PRAGMA cache_size')) as Array<{ cache_size: number }>)[0].cache_size
        : undefined;
    const before = await cacheSize();
    if (sqlite) expect(before).not.toBe(-MERGE_PAGE_CACHE_KIB);
    const driveId = await createBareDriveRow(app.strapi);
    await apply(driveId, [{ items: [root(), file('m', 'm.txt')], deltaLink: DELTA }], 41);
    expect(await paths(driveId)).toEqual(['/m.txt']);
    expect(await cacheSize()).toBe(before);
  });

  it('lets nothing an abandoned enumeration staged into a later one', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    await apply(driveId, [{ items: [root(), file('old', 'old.txt')], nextLink: next(1) }], 20);
    expect(await staged(driveId)).toEqual(['old', ROOT]);
    // As the engine does when an enumeration starts afresh (first sync, or a 410).
    await store.clearStage(app.strapi.db.connection, driveId);
    await apply(driveId, [{ items: [root(), file('new', 'new.txt')], deltaLink: DELTA }], 21);
    expect(await paths(driveId)).toEqual(['/new.txt']);
  });

  it('keeps a page and its cursor together: a crash inside a page commits neither', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    await apply(driveId, [{ items: [root(), file('a', 'a.txt')], nextLink: next(1) }], 7);
    // A round begun without saying whether tombstones were staged counts them as staged.
    const savedCursor = { link: next(1), enumeration: 7, tombstonesStaged: true };
    expect(await cursorOf(driveId)).toEqual(savedCursor);
    const crash = new Error('the process died here');
    await expect(
      app.strapi.db.transaction(async ({ trx }) => {
        await applyPage(
          trx,
          store,
          driveId,
          { items: [file('b', 'b.txt')], nextLink: next(2) },
          { enumeration: 7 }
        );
        throw crash;
      })
    ).rejects.toBe(crash);
    expect(await cursorOf(driveId)).toEqual(savedCursor);
    expect(await staged(driveId)).toEqual(['a', ROOT]);
    // Resuming from the saved cursor replays that page and ends exact.
    await apply(
      driveId,
      [
        { items: [file('b', 'b.txt')], nextLink: next(2) },
        { items: [file('c', 'c.txt')], deltaLink: DELTA },
      ],
      7
    );
    expect(await paths(driveId)).toEqual(['/a.txt', '/b.txt', '/c.txt']);
    expect(await cursorOf(driveId)).toEqual({ link: DELTA });
    expect(await staged(driveId)).toEqual([]);
  });

  it('refuses a page that carries neither a nextLink nor a deltaLink', async () => {
    const driveId = await createBareDriveRow(app.strapi);
    await expect(apply(driveId, [{ items: [root()] }])).rejects.toThrow(/neither a nextLink/);
    expect(await paths(driveId)).toEqual([]);
  });
});
