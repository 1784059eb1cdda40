/**
 * Rotating the encryption key, online, against a real Strapi and the emulator: a server sealed
 * everything under key 1 (the client secret in the plugin store, a connected account's token cache,
 * an open upload's session URL); it restarts with key 2 and key 1 in previousEncryptionKeys, keeps
 * working while its boot pass re-seals everything, and after that pass key 1 can be retired.
 * Re-sealing runs during an upload, a sync and a token refresh without losing any of their writes;
 * a sealed value moved to another row does not open.
 */
import { createCipheriv, hkdfSync, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ControlClient, quickXorHash } from '../../emulator/src';
import { createSecretBox } from '../../server/src/auth/secret-box';
import { sealedNames } from '../../server/src/auth/sealed-names';
import { PLUGIN_ID, UID } from '../../server/src/constants';
import type { DriveRow } from '../../server/src/drives/table';
import { upsertItemRow } from '../../server/src/items/rows';
import { FRAGMENT_MULTIPLE } from '../../server/src/files/upload/fragments';
import type { SealedValuesService } from '../../server/src/auth/sealed-values';
import { adminRequest, createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { createPlatformDriveRow } from '../../testkit/drive-rows';
import { comparableTree, syncedTree } from '../../testkit/drive-tree';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { signInAtMicrosoft } from '../../testkit/microsoft-sign-in';
import { createTemporaryDatabase } from '../../testkit/postgres';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { PERMISSIONS } from '../../shared/permissions';

const BASE = '/external-drives';
const REDIRECT_URI = 'http://localhost:1337/api/external-drives/oauth/callback';
const READ = PERMISSIONS.read;
const KEY_1 = 'rotation-test-key-number-one';
const KEY_2 = 'rotation-test-key-number-two';
const ADMIN_JWT_SECRET = randomBytes(16).toString('base64');

/** How the plugin sealed values before they were bound (format v1): to plant one as it was left. */
function sealUnboundV1(key: string, plaintext: string) {
  const derived = Buffer.from(
    hkdfSync('sha256', key, Buffer.alloc(0), 'strapi-plugin-external-drives/secret-box', 32)
  );
  const keyId = createHash('sha256').update(derived).digest('hex').slice(0, 12);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derived, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    'v1',
    keyId,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    data.toString('base64'),
  ].join(':');
}

async function sharedDatabase(): Promise<{ env: Record<string, string>; remove(): Promise<void> }> {
  if (process.env.TEST_DATABASE === 'postgres') {
    const database = await createTemporaryDatabase();
    return {
      env: { DATABASE_CLIENT: 'postgres', DATABASE_URL: database.url },
      remove: database.drop,
    };
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'external-drives-rotation-'));
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(folder, 'data.db') },
    remove: async () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

describe('encryption key rotation', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let database: Awaited<ReturnType<typeof sharedDatabase>>;
  let app: TestStrapi | undefined;
  let root: CreatedAdmin;
  let alice: CreatedAdmin;
  let platformDrive: DriveRow;
  let rootFolderId: string;
  let aliceDriveId: number;
  const tokens = new Map<string, string>();

  const onlyKey2 = createSecretBox({ key: KEY_2 });
  const key1 = createSecretBox({ key: KEY_1 });
  const strapi = () => app!.strapi;
  const api = (who: CreatedAdmin) => adminRequest(app!.http, tokens.get(who.user.email)!);
  const store = () => strapi().store({ type: 'plugin', name: PLUGIN_ID });
  const accounts = () => strapi().db.query(UID.account);
  const adele = () => emulator.info.users.find((user) => user.displayName === 'Adele Vance')!;
  const sealedValues = () =>
    strapi().plugin(PLUGIN_ID).service('sealedValues') as SealedValuesService;

  const boot = async (key: string, previousKeys: string[] = []) => {
    await app?.close();
    app = await startTestStrapi({
      emulator: emulator.info,
      integration: false,
      database: database.env,
      env: {
        ADMIN_JWT_SECRET,
        EXTERNAL_DRIVES_REDIRECT_URI: REDIRECT_URI,
        EXTERNAL_DRIVES_ENCRYPTION_KEY: key,
        EXTERNAL_DRIVES_PREVIOUS_ENCRYPTION_KEYS: previousKeys.join(','),
      },
    });
    // Several small fragments, so a file of a few hundred KiB is uploaded by session.
    strapi().config.set('plugin::external-drives.uploadFragmentBytes', FRAGMENT_MULTIPLE);
    strapi().config.set('plugin::external-drives.simpleUploadThresholdBytes', 64 * 1024);
    for (const who of [root, alice].filter(Boolean)) await login(who);
  };

  const login = async (who: CreatedAdmin) => {
    const answer = await app!.http
      .post('/admin/login')
      .send({ email: who.user.email, password: who.password });
    expect(answer.status).toBe(200);
    tokens.set(who.user.email, answer.body.data.token);
  };

  const account = async () =>
    (await accounts().findOne({ where: { ownerId: alice.user.id } })) as {
      id: number;
      homeAccountId: string;
      sealedCache: string;
    };
  const cacheName = async () =>
    sealedNames.tokenCache(alice.user.id, (await account()).homeAccountId);
  const refreshTokenIn = (cache: string) =>
    Object.values(
      (JSON.parse(cache) as { RefreshToken: Record<string, { secret: string }> }).RefreshToken
    )[0].secret;

  const uploadRecord = async (uploadId: string) =>
    (await store().get({ key: `upload-${uploadId}` })) as {
      id: string;
      nextOffset: number;
      sealedUploadUrl: string;
    };
  const startUpload = (name: string, size: number) =>
    api(root)
      .post(`${BASE}/drives/${platformDrive.id}/uploads`)
      .send({ parentId: rootFolderId, conflictBehavior: 'fail', name, size });
  const putPiece = (uploadId: string, bytes: Buffer, start: number, total: number) =>
    api(root)
      .put(`${BASE}/drives/${platformDrive.id}/uploads/${uploadId}`)
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Range', `bytes ${start}-${start + bytes.length - 1}/${total}`)
      .send(bytes);

  /** Resolves once the emulator holds the request a `slow` rule caught (fails if it never came). */
  const untilHeld = async (ruleId: string, request: Promise<unknown>) => {
    let settled = false;
    void request.finally(() => {
      settled = true;
    });
    for (;;) {
      const rule = (await control.faults()).find((candidate) => candidate.id === ruleId);
      if (rule && rule.injected > 0) return;
      if (settled) throw new Error('the request ended before Microsoft held it');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  // Under key 1: the stored client secret (planted in the unbound format of earlier versions, as an
  // upgraded server has it), Alice's OneDrive, and an upload left half-way.
  let pendingUpload: { id: string; bytes: Buffer; sentUpTo: number };

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    control = ControlClient.from(emulator.info);
    database = await sharedDatabase();
    await boot(KEY_1);
    root = await createAdmin(strapi(), { email: 'root@example.com', roles: 'super' });
    const readers = await createRole(strapi(), { name: 'Readers', actions: [READ] });
    alice = await createAdmin(strapi(), { email: 'alice@example.com', roles: [readers] });
    await login(root);
    await login(alice);

    const saved = await api(root).put(`${BASE}/settings`).send({
      tenantId: emulator.info.tenantId,
      clientId: emulator.info.clientId,
      clientSecret: emulator.info.clientSecret,
    });
    expect(saved.status).toBe(200);
    const integration = (await store().get({ key: 'integration' })) as Record<string, unknown>;
    await store().set({
      key: 'integration',
      value: {
        ...integration,
        sealedClientSecret: sealUnboundV1(KEY_1, emulator.info.clientSecret),
      },
    });

    const started = await api(alice).post(`${BASE}/connections`).send({ kind: 'onedrive' });
    expect(started.status).toBe(201);
    const cookie = ([] as string[])
      .concat(started.headers['set-cookie'] ?? [])
      .find((line) => line.startsWith('external_drives_sign_in='))!
      .split(';')[0];
    const redirect = await signInAtMicrosoft(
      emulator.info,
      started.body.data.authorizationUrl,
      adele().id
    );
    const back = await app!.http
      .get(`${redirect.pathname}${redirect.search}`)
      .set('Cookie', cookie);
    expect(back.status).toBe(302);
    aliceDriveId = Number(
      new URL(back.headers.location, 'http://localhost').searchParams.get('connected')
    );
    expect(aliceDriveId).toBeGreaterThan(0);
    expect(
      (await api(alice).post(`${BASE}/drives/${aliceDriveId}/sync?wait=true`)).body.data.status
    ).toBe('succeeded');

    platformDrive = await createPlatformDriveRow(strapi(), emulator.info);
    const client = await strapi().plugin(PLUGIN_ID).service('graph').clientForDrive(platformDrive);
    const rootFolder = await client.api(`/drives/${platformDrive.remoteDriveId}/root`).get();
    rootFolderId = rootFolder.id;
    await upsertItemRow(strapi(), platformDrive.id, rootFolder);

    const bytes = randomBytes(6 * FRAGMENT_MULTIPLE + 123);
    const upload = await startUpload('rotated-across-restart.bin', bytes.length);
    expect(upload.body.data.mode).toBe('session');
    const sentUpTo = 2 * FRAGMENT_MULTIPLE;
    expect(
      (await putPiece(upload.body.data.uploadId, bytes.subarray(0, sentUpTo), 0, bytes.length))
        .status
    ).toBe(200);
    pendingUpload = { id: upload.body.data.uploadId, bytes, sentUpTo };
    expect((await account()).sealedCache).toMatch(/^v2:/);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await database?.remove();
    await control?.close();
    await emulator?.close();
  });

  afterEach(async () => {
    await control.clearFaults();
    await control.setTokenLifetime(3600);
  });

  it('after a restart with key 2 and key 1 as previous, everything is re-sealed under key 2, bound to its name', async () => {
    await boot(KEY_2, [KEY_1]);
    // The boot pass runs in the background; this joins it.
    await sealedValues().resealAll();

    const integration = (await store().get({ key: 'integration' })) as {
      sealedClientSecret: string;
    };
    expect(integration.sealedClientSecret).toMatch(/^v2:/);
    expect(onlyKey2.open(integration.sealedClientSecret, sealedNames.clientSecret())).toBe(
      emulator.info.clientSecret
    );
    const cache = (await account()).sealedCache;
    expect(refreshTokenIn(onlyKey2.open(cache, await cacheName()))).toBeTruthy();
    const record = await uploadRecord(pendingUpload.id);
    expect(onlyKey2.open(record.sealedUploadUrl, sealedNames.uploadUrl(pendingUpload.id))).toMatch(
      /^https:\/\//
    );
    expect(record.nextOffset).toBe(pendingUpload.sentUpTo);
    // A second pass finds nothing left to do.
    expect(await sealedValues().resealAll()).toEqual({ resealed: 0, unreadable: 0 });
  });

  it('the upload started under key 1 finishes under key 2', async () => {
    const { id, bytes, sentUpTo } = pendingUpload;
    const rest = await putPiece(id, bytes.subarray(sentUpTo), sentUpTo, bytes.length);
    expect(rest.status).toBe(200);
    expect(rest.body.data.item).toBeDefined();
    const uploaded = (await control.tree(platformDrive.remoteDriveId)).find(
      (entry) => entry.name === 'rotated-across-restart.bin'
    );
    expect(uploaded).toMatchObject({ size: bytes.length, quickXorHash: quickXorHash(bytes) });
  });

  it('re-sealing during an upload keeps both the progress and the new sealing', async () => {
    const bytes = randomBytes(6 * FRAGMENT_MULTIPLE + 77);
    const started = await startUpload('rotated-during-upload.bin', bytes.length);
    const uploadId = started.body.data.uploadId as string;
    // As written by an instance still sealing under key 1 (a rolling restart).
    const record = await uploadRecord(uploadId);
    const url = onlyKey2.open(record.sealedUploadUrl, sealedNames.uploadUrl(uploadId));
    await store().set({
      key: `upload-${uploadId}`,
      value: { ...record, sealedUploadUrl: key1.seal(url, sealedNames.uploadUrl(uploadId)) },
    });

    // The piece's first fragment is held by Microsoft while the pass re-seals the record.
    const [held] = await control.addFaults([
      { kind: 'slow', delayMs: 2000, method: 'PUT', path: '^/upload/', nth: 1 },
    ]);
    // Supertest sends on then(): started now, awaited below.
    const piece = putPiece(
      uploadId,
      bytes.subarray(0, 2 * FRAGMENT_MULTIPLE),
      0,
      bytes.length
    ).then((answer) => answer);
    await untilHeld(held.id, piece);
    expect((await sealedValues().resealAll()).resealed).toBe(1);
    const answer = await piece;
    expect(answer.status).toBe(200);

    const after = await uploadRecord(uploadId);
    expect(after.nextOffset).toBe(2 * FRAGMENT_MULTIPLE);
    expect(onlyKey2.open(after.sealedUploadUrl, sealedNames.uploadUrl(uploadId))).toBe(url);
    const rest = await putPiece(
      uploadId,
      bytes.subarray(2 * FRAGMENT_MULTIPLE),
      2 * FRAGMENT_MULTIPLE,
      bytes.length
    );
    expect(rest.status).toBe(200);
    expect(rest.body.data.item).toBeDefined();
  });

  it('re-sealing during a sync: the sync succeeds exact and the cache ends under key 2', async () => {
    const name = await cacheName();
    const plain = onlyKey2.open((await account()).sealedCache, name);
    await accounts().update({
      where: { id: (await account()).id },
      data: { sealedCache: key1.seal(plain, name) },
    });

    const [held] = await control.addFaults([
      { kind: 'slow', delayMs: 2000, method: 'GET', path: '/delta', nth: 1 },
    ]);
    const run = api(alice)
      .post(`${BASE}/drives/${aliceDriveId}/sync?wait=true`)
      .then((answer) => answer);
    await untilHeld(held.id, run);
    await sealedValues().resealAll();
    expect((await run).body.data.status).toBe('succeeded');

    expect(await syncedTree(strapi(), aliceDriveId)).toEqual(
      comparableTree(await control.tree(adele().driveId))
    );
    expect(onlyKey2.open((await account()).sealedCache, name)).toBeTruthy();
  });

  it('re-sealing during a token refresh never writes the old tokens over the refreshed ones', async () => {
    const name = await cacheName();
    const before = onlyKey2.open((await account()).sealedCache, name);
    const staleSealed = key1.seal(before, name);
    await accounts().update({
      where: { id: (await account()).id },
      data: { sealedCache: staleSealed },
    });
    await control.setTokenLifetime(1);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // The pass has read the row (key 1, old tokens) and is about to write it back under key 2 when
    // a sync refreshes the tokens and writes them first.
    // The first write of a sealed cache from here on is the pass's.
    let refreshed: string | undefined;
    const refreshFirst = async (event: { params: { data?: Record<string, unknown> } }) => {
      if (refreshed !== undefined || event.params.data?.sealedCache === undefined) return;
      refreshed = '';
      const run = await api(alice).post(`${BASE}/drives/${aliceDriveId}/sync?wait=true`);
      expect(run.body.data.status).toBe('succeeded');
      refreshed = (await account()).sealedCache;
    };
    const subscription = strapi().db.lifecycles.subscribe({
      models: [UID.account],
      beforeUpdate: refreshFirst,
      beforeUpdateMany: refreshFirst,
    });
    try {
      await sealedValues().resealAll();
    } finally {
      (subscription as unknown as () => void)();
    }

    expect(refreshed).toMatch(/^v2:/);
    const refreshToken = refreshTokenIn(onlyKey2.open(refreshed!, name));
    expect(refreshToken).not.toBe(refreshTokenIn(before));
    // What the row holds now is the refreshed cache, under key 2.
    expect(refreshTokenIn(onlyKey2.open((await account()).sealedCache, name))).toBe(refreshToken);
  });

  it("a token cache copied into another account's row does not open: that account must reconnect", async () => {
    // Root's own connection of the same Microsoft account, given Alice's sealed cache.
    const other = (await accounts().create({
      data: {
        ownerId: root.user.id,
        homeAccountId: (await account()).homeAccountId,
        sealedCache: (await account()).sealedCache,
        status: 'connected',
      },
    })) as { id: number };
    const drive = (await strapi()
      .db.query(UID.drive)
      .create({
        data: {
          name: 'OneDrive – copied cache',
          kind: 'onedrive',
          scope: 'personal',
          ownerId: root.user.id,
          accountId: other.id,
          remoteDriveId: adele().driveId,
          roles: [],
          status: 'ok',
        },
      })) as { id: number };

    const refused = await api(root).post(`${BASE}/drives/${drive.id}/sync?wait=true`);
    expect(refused.status).toBe(424);
    expect(refused.body.error.details).toMatchObject({ code: 'authenticationFailed' });
    expect((await accounts().findOne({ where: { id: other.id } })).status).toBe('auth_required');
    // Alice's own connection is untouched.
    expect(
      (await api(alice).post(`${BASE}/drives/${aliceDriveId}/sync?wait=true`)).body.data.status
    ).toBe('succeeded');
  });

  it('with key 1 retired, everything still opens', async () => {
    await boot(KEY_2);
    expect((await api(root).get(`${BASE}/settings`)).body.data).toMatchObject({
      clientSecretSet: true,
      clientSecretUnreadable: false,
    });
    expect(
      (await api(alice).post(`${BASE}/drives/${aliceDriveId}/sync?wait=true`)).body.data.status
    ).toBe('succeeded');
    expect(await sealedValues().resealAll()).toEqual({ resealed: 0, unreadable: 0 });
  });
});
