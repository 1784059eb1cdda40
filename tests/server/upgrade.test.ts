/**
 * Upgrading keeps the data: the previous release (tests/helpers/previous-release.ts, built from
 * git) boots on a database and fills it the way users do, through the admin API: a platform
 * library and a personal OneDrive synced, the Microsoft account behind it, a setting changed, an
 * upload half done. Then this release boots on the same database and finds all of it, value for
 * value, under the new column and setting names (server/src/upgrades/), and goes on from there:
 * each drive syncs incrementally from its saved cursor, the personal one with the stored account's
 * tokens, and the upload resumes where it stopped. SQLite file by default, a temporary PostgreSQL
 * database with TEST_DATABASE=postgres.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { ControlClient, quickXorHash } from '../../emulator/src';
import { PLUGIN_ID, TABLE } from '../../server/src/constants';
import { FRAGMENT_MULTIPLE } from '../../server/src/files/upload/fragments';
import { UPGRADES } from '../../server/src/upgrades';
import { adminRequest, createAdmin, syncAndWait } from '../../testkit/admin';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { signInAtMicrosoft } from '../../testkit/microsoft-sign-in';
import { createTemporaryDatabase } from '../../testkit/postgres';
import { PREVIOUS_RELEASE, previousReleasePlugin } from '../../testkit/previous-release';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';
const REDIRECT_URI = 'http://localhost:1337/api/external-drives/oauth/callback';
const CORE_STORE = 'strapi_core_store_settings';
const INTEGRATION_KEY = `plugin_${PLUGIN_ID}_integration`;

const secret = () => randomBytes(16).toString('base64');

interface SharedDatabase {
  /** DATABASE_* variables for both boots. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

/** One database for both releases: a SQLite file, or a temporary PostgreSQL database. */
async function sharedDatabase(): Promise<SharedDatabase> {
  if (process.env.TEST_DATABASE === 'postgres') {
    const database = await createTemporaryDatabase();
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: database.url },
      remove: database.drop,
    };
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'external-drives-upgrade-'));
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(folder, 'data.db') },
    remove: async () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

type Row = Record<string, unknown>;

/** Everything the plugin stores that the upgrade touches or must leave alone, read raw. */
async function storedRows(strapi: Core.Strapi, uploadId: string) {
  const db = strapi.db.connection;
  return {
    drives: (await db(TABLE.drive).select('*').orderBy('id')) as Row[],
    items: (await db(TABLE.driveItem).select('*').orderBy('id')) as Row[],
    accounts: (await db(TABLE.account).select('*').orderBy('id')) as Row[],
    upload: (await db(CORE_STORE)
      .where('key', `plugin_${PLUGIN_ID}_upload-${uploadId}`)
      .first()) as Row,
    integration: JSON.parse(
      ((await db(CORE_STORE).where('key', INTEGRATION_KEY).first()) as { value: string }).value
    ) as Row,
  };
}

describe(`upgrading from the previous release (${PREVIOUS_RELEASE})`, () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let database: SharedDatabase;
  let app: TestStrapi | undefined;

  /** Both releases run as one deployment: same keys, so sealed tokens and sessions carry over. */
  const deployment = {
    APP_KEYS: `${secret()},${secret()}`,
    ADMIN_JWT_SECRET: secret(),
    ENCRYPTION_KEY: secret(),
    EXTERNAL_DRIVES_REDIRECT_URI: REDIRECT_URI,
  };

  beforeAll(async () => {
    previousReleasePlugin();
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    database = await sharedDatabase();
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
    await database?.remove();
  });

  const boot = async (release: 'previous' | 'current') => {
    app = await startTestStrapi({
      emulator: emulator.info,
      database: database.env,
      env: {
        ...deployment,
        ...(release === 'previous' ? { EXTERNAL_DRIVES_PLUGIN_PATH: previousReleasePlugin() } : {}),
      },
    });
    // Several small fragments, so a file of a few hundred KiB is a resumable session upload.
    app.strapi.config.set(`plugin::${PLUGIN_ID}.uploadFragmentBytes`, FRAGMENT_MULTIPLE);
    app.strapi.config.set(`plugin::${PLUGIN_ID}.simpleUploadThresholdBytes`, 64 * 1024);
    return app;
  };

  it('keeps drives, items, accounts, settings and an upload in progress, and goes on from them', async () => {
    const library = emulator.info.sites[0].drives[0];
    const adele = emulator.info.users.find((user) => user.displayName === 'Adele Vance')!;
    const bytes = randomBytes(2 * FRAGMENT_MULTIPLE + 1000);

    // The previous release: a platform library, a personal OneDrive, a setting, half an upload.
    const previous = await boot('previous');
    const root = await createAdmin(previous.strapi, { email: 'root@example.com', roles: 'super' });
    let api = adminRequest(previous.http, root.token);
    expect(
      (await api.put(`${BASE}/settings`).send({ restrictSpecialCharacters: false })).status
    ).toBe(200);
    const platform = await api
      .post(`${BASE}/drives`)
      .send({ siteId: emulator.info.sites[0].id, driveId: library.id, name: 'Marketing' });
    expect(platform.status).toBe(201);
    const platformId = platform.body.data.id as number;
    await syncAndWait(api, platformId);

    const started = await api.post(`${BASE}/connections`).send({ kind: 'onedrive' });
    const cookie = ([] as string[])
      .concat(started.headers['set-cookie'] ?? [])
      .find((line) => line.startsWith('external_drives_sign_in='))!
      .split(';')[0];
    const signedIn = await signInAtMicrosoft(
      emulator.info,
      started.body.data.authorizationUrl,
      adele.id
    );
    const back = await previous.http
      .get(`${signedIn.pathname}${signedIn.search}`)
      .set('Cookie', cookie);
    expect(back.status).toBe(302);
    const personalId = Number(
      new URL(back.headers.location, REDIRECT_URI).searchParams.get('connected')
    );
    expect(personalId).toBeGreaterThan(0);
    await syncAndWait(api, personalId);

    const [rootItem] = await previous.strapi.db
      .connection(TABLE.driveItem)
      .where({ drive_id: platformId, is_root: true })
      .select('remote_id');
    const upload = await api.post(`${BASE}/drives/${platformId}/uploads`).send({
      parentId: rootItem.remote_id,
      name: 'resumed.bin',
      size: bytes.length,
      conflictBehavior: 'fail',
    });
    expect(upload.body.data.mode).toBe('session');
    const { uploadId } = upload.body.data as { uploadId: string };
    const putPiece = (start: number, end: number) =>
      api
        .put(`${BASE}/drives/${platformId}/uploads/${uploadId}`)
        .set('Content-Type', 'application/octet-stream')
        .set('Content-Range', `bytes ${start}-${end - 1}/${bytes.length}`)
        .send(bytes.subarray(start, end));
    expect((await putPiece(0, FRAGMENT_MULTIPLE)).body.data.nextOffset).toBe(FRAGMENT_MULTIPLE);

    const before = await storedRows(previous.strapi, uploadId);
    expect(before.drives.map((drive) => drive.delta_link)).toEqual([
      expect.any(String),
      expect.any(String),
    ]);
    expect(before.drives[1].account_id).toBe(String(before.accounts[0].id));
    expect(before.integration.restrictSpecialCharacters).toBe(false);
    await previous.close();
    app = undefined;

    // Microsoft 365 moves on while the servers are upgraded.
    await control.createItem(library.id, { name: 'added-during-upgrade.txt', size: 10 });
    await control.createItem(adele.driveId, { name: 'mine-during-upgrade.txt', size: 20 });

    // This release, on the same database.
    const current = await boot('current');
    const login = await current.http
      .post('/admin/login')
      .send({ email: root.user.email, password: root.password });
    api = adminRequest(current.http, login.body.data.token);

    const after = await storedRows(current.strapi, uploadId);
    expect(after.drives).toEqual(
      before.drives.map(({ delta_link, account_id, ...drive }) => ({
        ...drive,
        sync_cursor: delta_link,
        account_id: account_id === null ? null : Number(account_id),
        // Sharing links (issue 22): Strapi adds the new column empty on existing rows; the
        // plugin reads empty as the default, organization (checked below).
        link_scope: null,
        // Drives of a whole library, as every drive of earlier releases (issue 21).
        folder_item_id: null,
        folder_path: null,
        library_name: null,
        // Library columns (issue 21): none kept, no list feed followed yet.
        library_columns: null,
        list_sync_cursor: null,
      }))
    );
    expect(after.drives.every((drive) => !('delta_link' in drive))).toBe(true);
    // Items of earlier releases have no list item yet (issue 21): the first sync that keeps
    // library columns reads the drive afresh to fill it.
    expect(after.items).toEqual(before.items.map((item) => ({ ...item, list_item_id: null })));
    expect(after.accounts).toEqual(before.accounts);
    expect(after.upload).toEqual(before.upload);
    const { restrictSpecialCharacters, ...integration } = before.integration;
    expect(after.integration).toEqual({
      ...integration,
      rejectDiscouragedCharacters: restrictSpecialCharacters,
    });
    const recorded = await current.strapi.db.connection('strapi_migrations_internal').pluck('name');
    expect(recorded).toEqual(expect.arrayContaining(UPGRADES.map((upgrade) => upgrade.name)));

    // The setting is read under its one name.
    const settings = await api.get(`${BASE}/settings`);
    expect(settings.body.data.rejectDiscouragedCharacters).toBe(false);
    expect(settings.body.data).not.toHaveProperty('restrictSpecialCharacters');
    const named = await api
      .post(`${BASE}/drives/${platformId}/uploads`)
      .send({ parentId: rootItem.remote_id, name: 'R&D.txt', size: 1, conflictBehavior: 'fail' });
    expect(named.status).toBe(201);

    // A drive from before link scopes gets organization links (issue 22).
    const upgraded = await api.get(`${BASE}/drives/${platformId}`);
    expect(upgraded.body.data).toMatchObject({ sharingLinkScope: 'organization' });
    const link = await api
      .post(`${BASE}/drives/${platformId}/items/${encodeURIComponent(rootItem.remote_id)}/link`)
      .send({});
    expect(link.status).toBe(200);
    expect(link.body.data).toMatchObject({ type: 'view', scope: 'organization' });

    // Each drive goes on from its cursor: one incremental round, only what changed.
    for (const [driveId, remoteDriveId] of [
      [platformId, library.id],
      [personalId, adele.driveId],
    ] as const) {
      const run = await syncAndWait(api, driveId);
      expect(run).toMatchObject({ fullEnumeration: false, itemsAdded: 1, itemsDeleted: 0 });
      expect(await syncedTree(current.strapi, driveId)).toEqual(
        comparableTree(await control.tree(remoteDriveId))
      );
    }
    const connections = await api.get(`${BASE}/connections`);
    expect(connections.body.data).toEqual([
      expect.objectContaining({ id: before.accounts[0].id, driveCount: 1, status: 'connected' }),
    ]);

    // The upload resumes where it stopped, and the file arrives whole.
    const status = await api.get(`${BASE}/drives/${platformId}/uploads/${uploadId}`);
    expect(status.body.data.nextOffset).toBe(FRAGMENT_MULTIPLE);
    const rest = await putPiece(FRAGMENT_MULTIPLE, bytes.length);
    expect(rest.status).toBe(200);
    const file = (await control.tree(library.id)).find(
      (entry) => entry.id === rest.body.data.item.remoteId
    );
    expect(file).toMatchObject({ name: 'resumed.bin', size: bytes.length });
    expect(file?.quickXorHash).toBe(quickXorHash(bytes));
  });
});
