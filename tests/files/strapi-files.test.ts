/**
 * File operations through the plugin's admin API: a real Strapi (playground), the real emulator,
 * the real msal-node and Graph SDK in between. Drives and their root row are created directly so
 * this file depends only on the `graph` service, not on the connect flow or the sync engine.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Core } from '@strapi/strapi';
import { ControlClient, quickXorHash } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import { ACTIVITY_UID } from '../../server/src/files/activity';
import type { DriveRow } from '../../server/src/drives/table';
import { upsertItemRow } from '../../server/src/items/rows';
import { FRAGMENT_MULTIPLE } from '../../server/src/files/upload/fragments';
import { pluginLeases } from '../../server/src/leases/leases';
import { adminRequest, createAdmin, createRole } from '../../testkit/admin';
import { createPlatformDriveRow } from '../../testkit/drive-rows';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { until } from '../../testkit/wait';
import { PERMISSIONS } from '../../shared/permissions';

const BASE = '/external-drives';

describe('file operations through the admin API', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let superToken: string;
  let readerToken: string;
  let otherWriterToken: string;
  let drive: DriveRow;
  let rootId: string;
  let siteId: string;

  const api = (token = superToken) => adminRequest(app.http, token);
  const tree = () => control.tree(drive.remoteDriveId);
  const rowOf = (remoteId: string) =>
    strapi.db.query(UID.driveItem).findOne({ where: { driveId: drive.id, remoteId } });

  beforeAll(async () => {
    emulator = await startTestEmulator();
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({ emulator: emulator.info });
    strapi = app.strapi;
    // Several small fragments so a file of a few hundred KiB exercises the session path.
    strapi.config.set('plugin::external-drives.uploadFragmentBytes', FRAGMENT_MULTIPLE);
    strapi.config.set('plugin::external-drives.simpleUploadThresholdBytes', 64 * 1024);

    superToken = (await createAdmin(strapi, { email: 'files-super@example.com', roles: 'super' }))
      .token;
    const readRole = await createRole(strapi, {
      name: 'files readers',
      actions: [PERMISSIONS.read],
    });
    readerToken = (
      await createAdmin(strapi, { email: 'files-reader@example.com', roles: [readRole] })
    ).token;
    const writeRole = await createRole(strapi, {
      name: 'files writers',
      actions: [PERMISSIONS.read, PERMISSIONS.manageDrives],
    });
    otherWriterToken = (
      await createAdmin(strapi, { email: 'files-writer@example.com', roles: [writeRole] })
    ).token;

    const site = emulator.info.sites[0];
    siteId = site.id;
    // The readers' role sees the drive, read-only: write access comes from drives.manage.
    drive = await createPlatformDriveRow(strapi, emulator.info, [
      { roleId: readRole, access: 'read' },
    ]);
    const client = await strapi.plugin('external-drives').service('graph').clientForDrive(drive);
    const root = await client.api(`/drives/${drive.remoteDriveId}/root`).get();
    rootId = root.id;
    await upsertItemRow(strapi, drive.id, root);
  });

  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  const startUpload = (body: object, token = superToken) =>
    api(token)
      .post(`${BASE}/drives/${drive.id}/uploads`)
      .send({ parentId: rootId, conflictBehavior: 'fail', ...body });

  const putPiece = (
    uploadId: string,
    bytes: Buffer,
    start: number,
    total: number,
    token = superToken
  ) =>
    api(token)
      .put(`${BASE}/drives/${drive.id}/uploads/${uploadId}`)
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Range', `bytes ${start}-${start + bytes.length - 1}/${total}`)
      .send(bytes);

  it('uploads a small file in one PUT and shows it in Strapi at once, with an activity record', async () => {
    const bytes = randomBytes(5000);
    const started = await startUpload({ name: 'small.bin', size: bytes.length });
    expect(started.status).toBe(201);
    expect(started.body.data).toMatchObject({ mode: 'simple', nextOffset: 0, size: 5000 });
    const done = await putPiece(started.body.data.uploadId, bytes, 0, bytes.length);
    expect(done.status).toBe(200);
    const item = done.body.data.item;
    expect(item).toMatchObject({ name: 'small.bin', isFolder: false, parentRemoteId: rootId });
    expect(JSON.stringify(done.body)).not.toMatch(/downloadUrl|\/upload\//);
    const entry = (await tree()).find((e) => e.id === item.remoteId);
    expect(entry?.quickXorHash).toBe(quickXorHash(bytes));
    expect((await rowOf(item.remoteId))?.quickXorHash).toBe(quickXorHash(bytes));
    const activity = await strapi.db
      .query(ACTIVITY_UID)
      .findOne({ where: { driveId: drive.id, itemRemoteId: item.remoteId } });
    expect(activity).toMatchObject({
      action: 'upload',
      result: 'succeeded',
      userName: expect.any(String),
    });
  });

  it('uploads a zero-byte file: one empty piece without Content-Range, as the panel sends it', async () => {
    const started = await startUpload({ name: 'empty.txt', size: 0 });
    expect(started.status).toBe(201);
    const { uploadId } = started.body.data;
    const ranged = await api()
      .put(`${BASE}/drives/${drive.id}/uploads/${uploadId}`)
      .set('Content-Range', 'bytes 0-0/1')
      .send(Buffer.from('x'));
    expect(ranged.status).toBe(400);
    expect(ranged.body.error.message).toBe(
      'A zero-byte file is sent as one empty piece, without Content-Range'
    );
    const done = await api()
      .put(`${BASE}/drives/${drive.id}/uploads/${uploadId}`)
      .set('Content-Type', 'application/octet-stream')
      .send(Buffer.alloc(0));
    expect(done.status).toBe(200);
    expect(done.body.data.item).toMatchObject({ name: 'empty.txt', isFolder: false });
    const entry = (await tree()).find((e) => e.id === done.body.data.item.remoteId);
    expect(entry).toMatchObject({
      name: 'empty.txt',
      size: 0,
      quickXorHash: quickXorHash(Buffer.alloc(0)),
    });
  });

  it('uploads in pieces of several fragments, resumes after a cut connection, hashes equal', async () => {
    const bytes = randomBytes(9 * FRAGMENT_MULTIPLE + 4321);
    const total = bytes.length;
    const started = await startUpload({ name: 'chunked.bin', size: total });
    expect(started.body.data.mode).toBe('session');
    const { uploadId, pieceSize } = started.body.data;
    expect(pieceSize % FRAGMENT_MULTIPLE).toBe(0);
    expect(JSON.stringify(started.body)).not.toMatch(/uploadUrl|\/upload\//);

    // Piece 1 of 4 fragments arrives whole.
    const first = await putPiece(uploadId, bytes.subarray(0, 4 * FRAGMENT_MULTIPLE), 0, total);
    expect(first.status).toBe(200);
    expect(first.body.data.nextOffset).toBe(4 * FRAGMENT_MULTIPLE);

    // Piece 2: the browser's connection dies after 2.5 fragments.
    const end = 8 * FRAGMENT_MULTIPLE - 1;
    await new Promise<void>((settled) => {
      const request = http.request(`${app.url}${BASE}/drives/${drive.id}/uploads/${uploadId}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${superToken}`,
          'content-type': 'application/octet-stream',
          'content-range': `bytes ${4 * FRAGMENT_MULTIPLE}-${end}/${total}`,
          'content-length': String(4 * FRAGMENT_MULTIPLE),
        },
      });
      request.on('error', () => settled());
      request.on('response', () => settled());
      request.write(
        bytes.subarray(4 * FRAGMENT_MULTIPLE, Math.floor(6.5 * FRAGMENT_MULTIPLE)),
        () => setTimeout(() => request.destroy(), 300)
      );
    });
    // The server noticed and kept what whole fragments reached Microsoft (relayed one after the
    // other, each an HTTPS PUT: seconds on a busy machine).
    const status = await until(
      'the whole fragments to reach Microsoft',
      async () => {
        const answer = await api().get(`${BASE}/drives/${drive.id}/uploads/${uploadId}`);
        return answer.body.data.nextOffset >= 6 * FRAGMENT_MULTIPLE && answer;
      },
      { timeoutMs: 30_000, intervalMs: 100 }
    );
    expect(status.body.data.nextOffset).toBe(6 * FRAGMENT_MULTIPLE);

    // Someone else cannot continue it.
    const stranger = await putPiece(
      uploadId,
      bytes.subarray(6 * FRAGMENT_MULTIPLE),
      6 * FRAGMENT_MULTIPLE,
      total,
      otherWriterToken
    );
    expect(stranger.status).toBe(404);

    const rest = await putPiece(
      uploadId,
      bytes.subarray(6 * FRAGMENT_MULTIPLE),
      6 * FRAGMENT_MULTIPLE,
      total
    );
    expect(rest.status).toBe(200);
    const entry = (await tree()).find((e) => e.id === rest.body.data.item.remoteId);
    expect(entry?.size).toBe(total);
    expect(entry?.quickXorHash).toBe(quickXorHash(bytes));
  });

  it('answers where to resume even when asking the session fails once (reset, then 502)', async () => {
    const bytes = randomBytes(2 * FRAGMENT_MULTIPLE);
    const started = await startUpload({ name: 'resume-status.bin', size: bytes.length });
    const { uploadId } = started.body.data;
    const first = await putPiece(uploadId, bytes.subarray(0, FRAGMENT_MULTIPLE), 0, bytes.length);
    expect(first.body.data.nextOffset).toBe(FRAGMENT_MULTIPLE);
    const rules = await control.addFaults([
      { kind: 'reset', method: 'GET', path: '^/upload/', nth: 1 },
      { kind: 'serverError', status: 502, method: 'GET', path: '^/upload/', nth: 2 },
    ]);
    try {
      const status = await api().get(`${BASE}/drives/${drive.id}/uploads/${uploadId}`);
      expect(status.status).toBe(200);
      expect(status.body.data.nextOffset).toBe(FRAGMENT_MULTIPLE);
    } finally {
      for (const rule of rules) await control.removeFault(rule.id);
    }
    const rest = await putPiece(
      uploadId,
      bytes.subarray(FRAGMENT_MULTIPLE),
      FRAGMENT_MULTIPLE,
      bytes.length
    );
    expect(rest.status).toBe(200);
  });

  it('cancels an upload: its session is deleted', async () => {
    const started = await startUpload({ name: 'cancelled.bin', size: 3 * FRAGMENT_MULTIPLE });
    const { uploadId } = started.body.data;
    expect((await api().delete(`${BASE}/drives/${drive.id}/uploads/${uploadId}`)).status).toBe(204);
    expect((await api().get(`${BASE}/drives/${drive.id}/uploads/${uploadId}`)).status).toBe(404);
  });

  it('refuses a piece while another instance relays one of the same upload (its lease)', async () => {
    const bytes = randomBytes(2 * FRAGMENT_MULTIPLE);
    const started = await startUpload({ name: 'leased.bin', size: bytes.length });
    const { uploadId } = started.body.data;
    // Another instance holds the upload's next piece: the lease lives in the shared database.
    const elsewhere = await pluginLeases(strapi).take(`upload:${uploadId}`);
    expect(elsewhere).not.toBeNull();
    const refused = await putPiece(uploadId, bytes, 0, bytes.length);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.code).toBe('uploadBusy');
    await elsewhere!.release();
    const sent = await putPiece(uploadId, bytes, 0, bytes.length);
    expect(sent.status).toBe(200);
    expect(sent.body.data.item).toMatchObject({ name: 'leased.bin' });
    // The piece's own lease ended with it.
    expect(await pluginLeases(strapi).isHeld(`upload:${uploadId}`)).toBe(false);
  });

  it('sweeps abandoned upload records on a schedule, not only when they are loaded again', async () => {
    const pluginStore = strapi.store({ type: 'plugin', name: 'external-drives' });
    const recordOf = (uploadId: string) => pluginStore.get({ key: `upload-${uploadId}` });
    const abandoned = (await startUpload({ name: 'abandoned.bin', size: 10 })).body.data.uploadId;
    const open = (await startUpload({ name: 'open.bin', size: 10 })).body.data.uploadId;
    // The abandoned one expired an hour ago, and nobody will ever ask for it again.
    const record = (await recordOf(abandoned)) as Record<string, unknown>;
    await pluginStore.set({
      key: `upload-${abandoned}`,
      value: { ...record, expiresAt: new Date(Date.now() - 3_600_000).toISOString() },
    });

    const sweep = strapi.cron.jobs.find(
      (job: { name?: string | null }) => job.name === 'external-drives-upload-sweep'
    );
    expect(sweep).toBeDefined();
    expect(sweep!.job.nextInvocation()).toBeInstanceOf(Date);
    await sweep!.job.invoke();
    expect(await recordOf(abandoned)).toBeNull();
    expect(await recordOf(open)).toMatchObject({ id: open, name: 'open.bin' });
    expect((await api().delete(`${BASE}/drives/${drive.id}/uploads/${open}`)).status).toBe(204);
  });

  it('applies conflict choices: fail (409), keep both, replace', async () => {
    const upload = async (conflictBehavior: string, content: string) => {
      const started = await startUpload({
        name: 'clash.txt',
        size: content.length,
        conflictBehavior,
      });
      return putPiece(started.body.data.uploadId, Buffer.from(content), 0, content.length);
    };
    const first = await upload('fail', 'one');
    expect(first.status).toBe(200);
    const refused = await upload('fail', 'two');
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.code).toBe('nameAlreadyExists');
    const kept = await upload('rename', 'three');
    expect(kept.body.data.item.name).not.toBe('clash.txt');
    const replaced = await upload('replace', 'four!');
    expect(replaced.body.data.item.remoteId).toBe(first.body.data.item.remoteId);
    expect(Number(replaced.body.data.item.size)).toBe(5);
  });

  it('refuses bad names, oversized files and over-quota files before Graph sees anything', async () => {
    const mark = await control.mark();
    const colon = await startUpload({ name: 'a:b.txt', size: 1 });
    expect(colon.status).toBe(400);
    expect(colon.body.error.message).toBe(
      "The name contains the character ':', which SharePoint and OneDrive do not allow"
    );
    expect(colon.body.error.details).toMatchObject({
      code: 'invalidName',
      rule: 'invalidCharacter',
    });
    expect((await startUpload({ name: 'R&D.txt', size: 1 })).body.error.details.rule).toBe(
      'discouragedCharacter'
    );
    expect((await startUpload({ name: 'CON.txt', size: 1 })).body.error.details.rule).toBe(
      'reservedName'
    );
    const forms = await api()
      .post(`${BASE}/drives/${drive.id}/folders`)
      .send({ parentId: rootId, name: 'forms' });
    expect(forms.body.error.details.rule).toBe('formsFolder');
    const huge = await startUpload({ name: 'huge.bin', size: 250 * 1024 ** 3 + 1 });
    expect(huge.status).toBe(413);
    expect((await control.stats(mark)).graphRequests).toBe(0);

    await control.setQuota(drive.remoteDriveId, 1024 * 1024 * 1024);
    const overQuota = await startUpload({ name: 'big.bin', size: 2 * 1024 * 1024 * 1024 });
    expect(overQuota.status).toBe(507);
    await control.setQuota(drive.remoteDriveId, 1024 ** 4);

    // The #%& rule is a setting: off, the name passes.
    await api().put(`${BASE}/settings`).send({ rejectDiscouragedCharacters: false });
    expect((await startUpload({ name: 'R&D.txt', size: 1 })).status).toBe(201);
    await api().put(`${BASE}/settings`).send({ rejectDiscouragedCharacters: true });
  });

  it('downloads with Range and the right name, type and length', async () => {
    const bytes = randomBytes(10_000);
    const started = await startUpload({ name: 'Überblick 2024.bin', size: bytes.length });
    const done = await putPiece(started.body.data.uploadId, bytes, 0, bytes.length);
    const itemId = done.body.data.item.remoteId;
    const url = `${BASE}/drives/${drive.id}/items/${itemId}/content`;
    const whole = await api()
      .get(url)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-length']).toBe('10000');
    expect(whole.headers['content-disposition']).toBe(
      'attachment; filename="Uberblick 2024.bin"; filename*=UTF-8\'\'%C3%9Cberblick%202024.bin'
    );
    expect(Buffer.compare(whole.body as Buffer, bytes)).toBe(0);
    const part = await api()
      .get(url)
      .set('Range', 'bytes=10-19')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 10-19/10000');
    expect(Buffer.compare(part.body as Buffer, bytes.subarray(10, 20))).toBe(0);
  });

  it('enforces the download switch on every download path', async () => {
    await api().put(`${BASE}/settings`).send({ downloadsEnabled: false });
    try {
      const some = (await tree()).find((e) => !e.isFolder)!;
      for (const url of [
        `${BASE}/drives/${drive.id}/items/${some.id}/content`,
        `${BASE}/drives/${drive.id}/items/unknown/content`,
        `${BASE}/drives/999999/items/${some.id}/content`,
      ]) {
        const answer = await api().get(url).set('Range', 'bytes=0-1');
        expect(answer.status).toBe(403);
        expect(answer.body.error.message).toBe('File downloads are disabled by your administrator');
      }
      expect(
        (await api(readerToken).get(`${BASE}/drives/${drive.id}/items/${some.id}/content`)).status
      ).toBe(403);
      expect((await api().get(`${BASE}/settings`)).body.data.downloadsEnabled).toBe(false);
      // Every user's drive answer carries the switch, so the panel does not offer the action.
      const seen = await api(readerToken).get(`${BASE}/drives/${drive.id}`);
      expect(seen.body.data).toMatchObject({ downloadsEnabled: false });
    } finally {
      await api().put(`${BASE}/settings`).send({ downloadsEnabled: true });
    }
  });

  it('creates a folder, renames, moves and deletes: Graph and Strapi agree', async () => {
    const folder = await api()
      .post(`${BASE}/drives/${drive.id}/folders`)
      .send({ parentId: rootId, name: 'Reports' });
    expect(folder.status).toBe(201);
    const folderId = folder.body.data.remoteId;
    const started = await startUpload({ name: 'draft.txt', size: 1 });
    const file = (await putPiece(started.body.data.uploadId, Buffer.from('x'), 0, 1)).body.data
      .item;

    const renamed = await api()
      .patch(`${BASE}/drives/${drive.id}/items/${file.remoteId}`)
      .send({ name: 'final.txt' });
    expect(renamed.body.data.name).toBe('final.txt');
    const moved = await api()
      .patch(`${BASE}/drives/${drive.id}/items/${file.remoteId}`)
      .send({ parentId: folderId });
    expect(moved.body.data.parentRemoteId).toBe(folderId);
    expect((await tree()).find((e) => e.id === file.remoteId)?.path).toBe('/Reports/final.txt');
    expect(await rowOf(file.remoteId)).toMatchObject({
      name: 'final.txt',
      parentRemoteId: folderId,
    });

    expect((await api().delete(`${BASE}/drives/${drive.id}/items/${folderId}`)).status).toBe(204);
    expect((await tree()).find((e) => e.id === folderId)).toBeUndefined();
    expect(await rowOf(folderId)).toMatchObject({ deleted: true });
    expect(await rowOf(file.remoteId)).toMatchObject({ deleted: true });

    const history = await api().get(`${BASE}/drives/${drive.id}/activity`);
    const actions = history.body.data.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['createFolder', 'rename', 'move', 'delete']));
  });

  it('writes a file only as last synced: a change in Microsoft 365 since answers 412, and the row is refreshed', async () => {
    const started = await startUpload({ name: 'contract.txt', size: 1 });
    const file = (await putPiece(started.body.data.uploadId, Buffer.from('c'), 0, 1)).body.data
      .item;
    const folder = (
      await api()
        .post(`${BASE}/drives/${drive.id}/folders`)
        .send({ parentId: rootId, name: 'Signed' })
    ).body.data;
    const changedSinceSync = {
      message: 'This file changed in Microsoft 365 since the last sync',
      details: { code: 'modified', nextStep: 'Check the file as it is now, then try again.' },
    };
    const remote = async () => (await tree()).find((entry) => entry.id === file.remoteId);

    // Someone renames the file in SharePoint: the plugin's rename, move and delete are refused.
    await control.renameItem(drive.remoteDriveId, file.remoteId, 'contract v2.txt');
    const writes = [
      () =>
        api().patch(`${BASE}/drives/${drive.id}/items/${file.remoteId}`).send({ name: 'x.txt' }),
      () =>
        api()
          .patch(`${BASE}/drives/${drive.id}/items/${file.remoteId}`)
          .send({ parentId: folder.remoteId }),
      () => api().delete(`${BASE}/drives/${drive.id}/items/${file.remoteId}`),
    ];
    for (const [index, attempt] of writes.entries()) {
      await control.modifyItem(drive.remoteDriveId, file.remoteId, { seed: `change ${index}` });
      const refused = await attempt();
      expect(refused.status).toBe(409);
      expect(refused.body.error).toMatchObject(changedSinceSync);
      expect(await remote()).toMatchObject({ path: '/contract v2.txt' });
      // The refusal brought the row up to date with Microsoft 365.
      expect(await rowOf(file.remoteId)).toMatchObject({ name: 'contract v2.txt', deleted: false });
    }

    // Once the user has seen the current file, each write goes through, keeping the eTag it returns.
    const renamed = await writes[0]();
    expect(renamed.status).toBe(200);
    const graphItem = await strapi
      .plugin('external-drives')
      .service('graph')
      .clientForDrive(drive)
      .then((client: { api: (path: string) => { get: () => Promise<{ eTag: string }> } }) =>
        client.api(`/drives/${drive.remoteDriveId}/items/${file.remoteId}`).get()
      );
    expect(await rowOf(file.remoteId)).toMatchObject({ name: 'x.txt', eTag: graphItem.eTag });
    expect((await writes[1]()).status).toBe(200);
    expect((await writes[2]()).status).toBe(204);
    expect(await remote()).toBeUndefined();

    // Folders are written without If-Match: a folder renamed elsewhere is still renamed.
    await control.renameItem(drive.remoteDriveId, folder.remoteId, 'Signed elsewhere');
    const folderRenamed = await api()
      .patch(`${BASE}/drives/${drive.id}/items/${folder.remoteId}`)
      .send({ name: 'Signed 2026' });
    expect(folderRenamed.status).toBe(200);
    expect((await tree()).find((entry) => entry.id === folder.remoteId)?.path).toBe('/Signed 2026');
  });

  it('maps a lock to "File is locked" and a read-only grant to the permission error', async () => {
    const started = await startUpload({ name: 'locked.docx', size: 1 });
    const file = (await putPiece(started.body.data.uploadId, Buffer.from('x'), 0, 1)).body.data
      .item;
    await control.lockItem(drive.remoteDriveId, file.remoteId);
    const locked = await api()
      .patch(`${BASE}/drives/${drive.id}/items/${file.remoteId}`)
      .send({ name: 'other.docx' });
    expect(locked.status).toBe(423);
    expect(locked.body.error).toMatchObject({
      message: 'File is locked',
      details: { code: 'locked' },
    });
    await control.lockItem(drive.remoteDriveId, file.remoteId, false);

    await control.grantSite(emulator.info.clientId, siteId, 'read');
    try {
      const denied = await api()
        .patch(`${BASE}/drives/${drive.id}/items/${file.remoteId}`)
        .send({ name: 'other.docx' });
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(
        'Permission error: you need edit permission on this library'
      );
    } finally {
      await control.grantSite(emulator.info.clientId, siteId, 'write');
    }
    const failures = await strapi.db
      .query(ACTIVITY_UID)
      .findMany({ where: { driveId: drive.id, result: 'failed' } });
    expect(failures.map((entry: { errorCode: string }) => entry.errorCode)).toEqual(
      expect.arrayContaining(['locked', 'permissionDenied'])
    );
  });

  it('answers a Graph timeout with "Timeout" and the advice to try smaller batches', async () => {
    const started = await startUpload({ name: 'timeout.txt', size: 1 });
    const file = (await putPiece(started.body.data.uploadId, Buffer.from('t'), 0, 1)).body.data
      .item;
    // Graph's gateway timeout on every attempt the retry policy makes.
    const [rule] = await control.addFaults([
      {
        kind: 'serverError',
        status: 504,
        method: 'PATCH',
        path: `/items/${file.remoteId}$`,
      },
    ]);
    try {
      const answer = await api()
        .patch(`${BASE}/drives/${drive.id}/items/${file.remoteId}`)
        .send({ name: 'later.txt' });
      expect(answer.status).toBe(504);
      expect(answer.body.error).toMatchObject({
        message: 'Timeout',
        details: { code: 'timeout', nextStep: 'Try again with smaller batches.' },
      });
    } finally {
      await control.removeFault(rule.id);
    }
    expect((await tree()).find((entry) => entry.id === file.remoteId)?.name).toBe('timeout.txt');
    const failure = await strapi.db.query(ACTIVITY_UID).findOne({
      where: { driveId: drive.id, itemRemoteId: file.remoteId, result: 'failed' },
    });
    expect(failure).toMatchObject({ action: 'rename', errorCode: 'timeout' });
  });

  it('checks RBAC on every route', async () => {
    const started = await startUpload({ name: 'rbac.txt', size: 1 });
    const some = {
      id: (await putPiece(started.body.data.uploadId, Buffer.from('r'), 0, 1)).body.data.item
        .remoteId as string,
    };
    const writes = [
      () => startUpload({ name: 'x.txt', size: 1 }, readerToken),
      () =>
        api(readerToken)
          .patch(`${BASE}/drives/${drive.id}/items/${some.id}`)
          .send({ name: 'y.txt' }),
      () => api(readerToken).delete(`${BASE}/drives/${drive.id}/items/${some.id}`),
      () =>
        api(readerToken)
          .post(`${BASE}/drives/${drive.id}/folders`)
          .send({ parentId: rootId, name: 'Z' }),
    ];
    for (const write of writes) {
      const answer = await write();
      expect(answer.status).toBe(403);
    }
    // The read role can download; without a token nothing answers.
    expect(
      (await api(readerToken).get(`${BASE}/drives/${drive.id}/items/${some.id}/content`)).status
    ).toBe(200);
    expect((await app.http.get(`${BASE}/drives/${drive.id}/items/${some.id}/content`)).status).toBe(
      401
    );
    expect(
      (await api(readerToken).put(`${BASE}/settings`).send({ downloadsEnabled: false })).status
    ).toBe(403);
    // A writer role (drives.manage) may write.
    expect((await startUpload({ name: 'writer.txt', size: 1 }, otherWriterToken)).status).toBe(201);
  });
});
