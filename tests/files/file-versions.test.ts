/**
 * A file's versions through the plugin's admin API: a real Strapi, the real emulator (which keeps
 * the versions of files written through it), msal-node and the Graph SDK in between. Lists who,
 * when and size; downloads a version only while downloads are on; restores one for read-write
 * users only, with an activity record, and the next sync carries the change.
 */
import type { Core } from '@strapi/strapi';
import type { Client } from '@microsoft/microsoft-graph-client';
import { ControlClient } from '../../emulator/src';
import { UID } from '../../server/src/constants';
import type { DriveRow } from '../../server/src/drives/table';
import { ACTIVITY_UID } from '../../server/src/files/activity';
import type { FileVersion } from '../../shared/contracts/versions';
import { PERMISSIONS } from '../../shared/permissions';
import { adminRequest, createAdmin, createRole, syncAndWait } from '../../testkit/admin';
import { createPlatformDriveRow } from '../../testkit/drive-rows';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';
const DRAFTS = ['first draft', 'second draft, a longer one', 'third'];

describe("a file's versions through the admin API", () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let writerToken: string;
  let readerToken: string;
  let drive: DriveRow;
  let graphClient: Client;
  let fileId: string;
  let folderId: string;

  const api = (token = writerToken) => adminRequest(app.http, token);
  const itemPath = (itemId = fileId) => `${BASE}/drives/${drive.id}/items/${itemId}`;
  const listVersions = async (token = writerToken) => {
    const answer = await api(token).get(`${itemPath()}/versions`);
    expect(answer.status).toBe(200);
    return answer.body.data as FileVersion[];
  };
  /** What Microsoft 365 has, read straight from Graph. */
  const graphVersions = async () =>
    (await graphClient.api(`/drives/${drive.remoteDriveId}/items/${fileId}/versions`).get())
      .value as Array<{ id: string; size: number }>;
  const rowOf = (remoteId: string) =>
    strapi.db.query(UID.driveItem).findOne({ where: { driveId: drive.id, remoteId } });
  const text = (answer: { body: unknown; text?: string }) =>
    Buffer.isBuffer(answer.body) ? answer.body.toString() : String(answer.text);

  beforeAll(async () => {
    emulator = await startTestEmulator();
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({ emulator: emulator.info });
    strapi = app.strapi;
    writerToken = (
      await createAdmin(strapi, { email: 'versions-super@example.com', roles: 'super' })
    ).token;
    const readRole = await createRole(strapi, {
      name: 'version readers',
      actions: [PERMISSIONS.read],
    });
    readerToken = (
      await createAdmin(strapi, { email: 'versions-reader@example.com', roles: [readRole] })
    ).token;
    drive = await createPlatformDriveRow(strapi, emulator.info, [
      { roleId: readRole, access: 'read' },
    ]);
    graphClient = await strapi.plugin('external-drives').service('graph').clientForDrive(drive);
    // Three versions, written through Graph as anyone editing the file in Microsoft 365 would.
    for (const draft of DRAFTS) {
      const written = await graphClient
        .api(`/drives/${drive.remoteDriveId}/root:/Versions/plan.txt:/content`)
        .header('Content-Type', 'text/plain')
        .put(Buffer.from(draft));
      fileId = written.id;
      folderId = written.parentReference.id;
    }
    await syncAndWait(api(), drive.id);
  });

  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  it('lists the versions, current first, with who, when and size, to readers too', async () => {
    const versions = await listVersions();
    expect(versions.map((version) => [version.id, version.isCurrent, version.size])).toEqual([
      ['3.0', true, Buffer.byteLength(DRAFTS[2])],
      ['2.0', false, Buffer.byteLength(DRAFTS[1])],
      ['1.0', false, Buffer.byteLength(DRAFTS[0])],
    ]);
    for (const version of versions) {
      expect(version.modifiedByName).toBe('SharePoint App');
      expect(Number.isNaN(Date.parse(String(version.modifiedAt)))).toBe(false);
    }
    expect(await listVersions(readerToken)).toEqual(versions);
  });

  it("downloads an earlier version's bytes as an attachment, ranges included", async () => {
    const whole = await api().get(`${itemPath()}/versions/1.0/content`).buffer(true);
    expect(whole.status).toBe(200);
    expect(text(whole)).toBe(DRAFTS[0]);
    expect(whole.headers['content-disposition']).toMatch(/^attachment; filename="plan.txt"/);
    const part = await api(readerToken)
      .get(`${itemPath()}/versions/2.0/content`)
      .set('Range', 'bytes=0-5')
      .buffer(true);
    expect(part.status).toBe(206);
    expect(text(part)).toBe('second');
  });

  it('refuses every version download while downloads are off, and still lists versions', async () => {
    await api().put(`${BASE}/settings`).send({ downloadsEnabled: false });
    try {
      for (const [token, url] of [
        [writerToken, `${itemPath()}/versions/1.0/content`],
        [readerToken, `${itemPath()}/versions/2.0/content`],
        [writerToken, `${itemPath('unknown')}/versions/1.0/content`],
      ]) {
        const answer = await api(token).get(url);
        expect(answer.status).toBe(403);
        expect(answer.body.error.message).toBe('File downloads are disabled by your administrator');
      }
      expect(await listVersions()).toHaveLength(3);
    } finally {
      await api().put(`${BASE}/settings`).send({ downloadsEnabled: true });
    }
  });

  it('answers bad input with a specific error and changes nothing', async () => {
    const cases: Array<[string, 'get' | 'post', number, RegExp]> = [
      [`${itemPath('unknown')}/versions`, 'get', 404, /The item was not found/],
      [`${itemPath(folderId)}/versions`, 'get', 400, /Folders have no versions/],
      [`${itemPath()}/versions/9.0/restore`, 'post', 404, /The version 9.0 was not found/],
      [`${itemPath()}/versions/3.0/restore`, 'post', 400, /already the current version/],
      [`${itemPath()}/versions/..%2F..%2Fcontent/restore`, 'post', 400, /is not a version id/],
      [`${itemPath()}/versions/.hidden/content`, 'get', 400, /is not a version id/],
      [`${BASE}/drives/999999/items/${fileId}/versions`, 'get', 404, /The drive was not found/],
    ];
    for (const [url, method, status, message] of cases) {
      const answer = await api()[method](url);
      expect([url, answer.status]).toEqual([url, status]);
      expect(answer.body.error.message).toMatch(message);
    }
    const missing = await api().get(`${itemPath()}/versions/9.0/content`);
    expect(missing.status).toBe(404);
    expect((await graphVersions()).map((version) => version.id)).toEqual(['3.0', '2.0', '1.0']);
  });

  it('refuses a restore to a read-only role (403) and changes nothing', async () => {
    const refused = await api(readerToken).post(`${itemPath()}/versions/1.0/restore`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('You have read-only access to this drive');
    expect(await graphVersions()).toHaveLength(3);
    expect(await strapi.db.query(ACTIVITY_UID).count({ where: { action: 'restoreVersion' } })).toBe(
      0
    );
  });

  it('restores a version as current, records it, and the next sync carries the change', async () => {
    const restored = await api().post(`${itemPath()}/versions/1.0/restore`);
    expect(restored.status).toBe(200);
    expect(Number(restored.body.data.size)).toBe(Buffer.byteLength(DRAFTS[0]));

    // Microsoft keeps every version and adds the restored content as a new current one.
    expect((await graphVersions()).map((version) => [version.id, version.size])).toEqual([
      ['4.0', Buffer.byteLength(DRAFTS[0])],
      ['3.0', Buffer.byteLength(DRAFTS[2])],
      ['2.0', Buffer.byteLength(DRAFTS[1])],
      ['1.0', Buffer.byteLength(DRAFTS[0])],
    ]);
    const current = await api().get(`${itemPath()}/content`).buffer(true);
    expect(text(current)).toBe(DRAFTS[0]);

    const activity = await api().get(`${BASE}/drives/${drive.id}/activity`);
    expect(activity.body.data[0]).toMatchObject({
      action: 'restoreVersion',
      itemName: 'plan.txt',
      result: 'succeeded',
      userName: 'versions-super Test',
      details: { versionId: '1.0' },
    });

    // Were the row left as it was (another instance, a crash), the next sync sets it right.
    const row = await rowOf(fileId);
    await strapi.db
      .query(UID.driveItem)
      .update({ where: { id: row.id }, data: { size: 1, eTag: 'stale' } });
    await syncAndWait(api(), drive.id);
    const synced = await rowOf(fileId);
    expect(Number(synced.size)).toBe(Buffer.byteLength(DRAFTS[0]));
    expect(synced.eTag).not.toBe('stale');
  });
});
