import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  Client,
  LargeFileUploadTask,
  FileUpload,
  type AuthenticationProvider,
} from '@microsoft/microsoft-graph-client';
import { randomBytes } from 'node:crypto';
import { Agent } from 'undici';
import { quickXorHash } from '../../../emulator/src';
import {
  appToken,
  http,
  msalConfig,
  startHttpEmulator,
  type HttpEmulator,
} from '../../../testkit/emulator-http';

const KIB320 = 320 * 1024;

describe('emulated Graph: upload sessions', () => {
  let emulator: HttpEmulator;
  let token: string;
  let driveId: string;
  const graph = (path: string) => `${emulator.info.graphUrl}${path}`;
  beforeAll(async () => {
    emulator = await startHttpEmulator();
    token = await appToken(emulator);
    driveId = emulator.info.sites[1].drives[1].id;
  });
  afterAll(async () => {
    await emulator.close();
  });

  async function createSession(name: string, body: Record<string, unknown> = {}) {
    const response = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/root:/Large/${name}:/createUploadSession`),
      {
        token,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }
    );
    expect(response.status).toBe(200);
    return response.body as {
      uploadUrl: string;
      expirationDateTime: string;
      nextExpectedRanges: string[];
    };
  }
  const putFragment = (
    url: string,
    data: Buffer,
    start: number,
    total: number,
    headers: Record<string, string> = {}
  ) =>
    http(emulator, 'PUT', url, {
      body: data,
      headers: {
        'content-range': `bytes ${start}-${start + data.length - 1}/${total}`,
        'content-length': String(data.length),
        ...headers,
      },
    });

  it('uploads in 320 KiB-multiple fragments: 202 + nextExpectedRanges, then 201 with the driveItem', async () => {
    const data = randomBytes(KIB320 * 3 + 12345);
    const session = await createSession('data.bin', {
      item: { '@microsoft.graph.conflictBehavior': 'fail', fileSize: data.length },
    });
    expect(new URL(session.uploadUrl).hostname).toBe('127.0.0.1');
    expect(session.nextExpectedRanges).toEqual(['0-']);
    const first = await putFragment(
      session.uploadUrl,
      data.subarray(0, KIB320 * 2),
      0,
      data.length
    );
    expect(first.status).toBe(202);
    expect(first.body.nextExpectedRanges).toEqual([`${KIB320 * 2}-${data.length - 1}`]);
    const status = await http(emulator, 'GET', session.uploadUrl);
    expect(status.body.nextExpectedRanges[0]).toMatch(new RegExp(`^${KIB320 * 2}-`));
    const overlap = await putFragment(
      session.uploadUrl,
      data.subarray(KIB320, KIB320 * 2),
      KIB320,
      data.length
    );
    expect(overlap.status).toBe(416);
    expect(overlap.body.error.code).toBe('invalidRange');
    const last = await putFragment(
      session.uploadUrl,
      data.subarray(KIB320 * 2),
      KIB320 * 2,
      data.length
    );
    expect(last.status).toBe(201);
    expect(last.body).toMatchObject({
      name: 'data.bin',
      size: data.length,
      file: { hashes: { quickXorHash: quickXorHash(data) } },
    });
    const download = await http(emulator, 'GET', last.body['@microsoft.graph.downloadUrl']);
    expect(download.headers['content-length']).toBe(String(data.length));
    expect((await http(emulator, 'GET', session.uploadUrl)).status).toBe(404);
  });

  it('enforces the fragment rules: 320 KiB multiples, constant total, no Authorization header', async () => {
    const session = await createSession('rules.bin');
    const odd = await putFragment(session.uploadUrl, randomBytes(1000), 0, 5000);
    expect(odd.status).toBe(400);
    const withAuth = await putFragment(session.uploadUrl, randomBytes(KIB320), 0, KIB320 * 2, {
      authorization: `Bearer ${token}`,
    });
    expect(withAuth.status).toBe(401);
    expect((await putFragment(session.uploadUrl, randomBytes(KIB320), 0, KIB320 * 2)).status).toBe(
      202
    );
    const otherTotal = await putFragment(session.uploadUrl, randomBytes(10), KIB320, KIB320 + 10);
    expect(otherTotal.status).toBe(400);
    const gap = await putFragment(session.uploadUrl, randomBytes(10), KIB320 * 2 - 10, KIB320 * 2);
    expect(gap.status).toBe(416);
    const cancelled = await http(emulator, 'DELETE', session.uploadUrl);
    expect(cancelled.status).toBe(204);
    expect((await http(emulator, 'GET', session.uploadUrl)).status).toBe(404);
  });

  it('lists the sessions still open on the control API until they finish, are cancelled or expire', async () => {
    const openIds = async () =>
      (await emulator.control.uploadSessions()).map((session) => session.name).sort();
    const before = await openIds();
    const finished = await createSession('listed-finished.bin');
    const cancelled = await createSession('listed-cancelled.bin');
    const left = await createSession('listed-left.bin', { item: { fileSize: KIB320 * 2 } });
    expect(await putFragment(left.uploadUrl, randomBytes(KIB320), 0, KIB320 * 2)).toMatchObject({
      status: 202,
    });
    const listed = await emulator.control.uploadSessions();
    expect(listed.find((session) => session.name === 'listed-left.bin')).toMatchObject({
      driveId,
      size: KIB320 * 2,
      received: KIB320,
    });
    expect(await openIds()).toEqual(
      [...before, 'listed-cancelled.bin', 'listed-finished.bin', 'listed-left.bin'].sort()
    );
    expect((await putFragment(finished.uploadUrl, Buffer.from('done'), 0, 4)).status).toBe(201);
    expect((await http(emulator, 'DELETE', cancelled.uploadUrl)).status).toBe(204);
    expect(await openIds()).toEqual([...before, 'listed-left.bin'].sort());
    // An expired session is gone from the list, as from Graph.
    await emulator.control.setUploadSessionLifetime(0);
    await createSession('listed-expired.bin');
    expect(await openIds()).not.toContain('listed-expired.bin');
    await emulator.control.setUploadSessionLifetime(3600);
  });

  it('answers 409 nameAlreadyExists at commit with conflictBehavior fail, and replaces by default', async () => {
    const existing = await http(
      emulator,
      'PUT',
      graph(`/drives/${driveId}/root:/Large/exists.txt:/content`),
      { token, body: Buffer.from('old') }
    );
    const failing = await createSession('exists.txt', {
      item: { '@microsoft.graph.conflictBehavior': 'fail' },
    });
    const clash = await putFragment(failing.uploadUrl, Buffer.from('new bytes'), 0, 9);
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('nameAlreadyExists');
    const replacing = await createSession('exists.txt');
    const replaced = await putFragment(replacing.uploadUrl, Buffer.from('new bytes'), 0, 9);
    expect(replaced.status).toBe(200);
    expect(replaced.body.id).toBe(existing.body.id);
    expect(replaced.body.size).toBe(9);
  });

  it('expires idle sessions (404) and extends them on each fragment', async () => {
    await emulator.control.setUploadSessionLifetime(1);
    try {
      const session = await createSession('expiring.bin');
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(
        (await putFragment(session.uploadUrl, randomBytes(KIB320), 0, KIB320 * 2)).status
      ).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await http(emulator, 'GET', session.uploadUrl)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await http(emulator, 'GET', session.uploadUrl)).status).toBe(404);
    } finally {
      await emulator.control.setUploadSessionLifetime(3600);
    }
  });

  it('answers 507 quotaLimitReached when the declared size does not fit', async () => {
    const drive = (await http(emulator, 'GET', graph(`/drives/${driveId}`), { token })).body;
    const response = await http(
      emulator,
      'POST',
      graph(`/drives/${driveId}/root:/Large/huge.bin:/createUploadSession`),
      {
        token,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ item: { fileSize: drive.quota.remaining + 1 } }),
      }
    );
    expect(response.status).toBe(507);
    expect(response.body.error.code).toBe('quotaLimitReached');
  });

  it('works with the Graph SDK LargeFileUploadTask (no Bearer token sent to the upload URL)', async () => {
    const msal = new ConfidentialClientApplication(await msalConfig(emulator.info));
    const authProvider: AuthenticationProvider = {
      getAccessToken: async () =>
        (await msal.acquireTokenByClientCredential({
          scopes: ['https://graph.microsoft.com/.default'],
        }))!.accessToken,
    };
    const dispatcher = new Agent({ connect: { ca: emulator.info.caPem } });
    try {
      const client = Client.initWithMiddleware({
        authProvider,
        baseUrl: emulator.info.graphUrl.replace(/\/v1\.0$/, ''),
        customHosts: new Set(['localhost']),
        fetchOptions: { dispatcher } as RequestInit,
      });
      const data = randomBytes(KIB320 * 4 + 777);
      const session = await LargeFileUploadTask.createUploadSession(
        client,
        `${emulator.info.graphUrl}/drives/${driveId}/root:/Large/sdk.bin:/createUploadSession`,
        { item: { '@microsoft.graph.conflictBehavior': 'rename' } }
      );
      const task = new LargeFileUploadTask(
        client,
        new FileUpload(
          data.buffer.slice(data.byteOffset, data.byteOffset + data.length) as ArrayBuffer,
          'sdk.bin',
          data.length
        ),
        session,
        {
          rangeSize: KIB320 * 2,
        }
      );
      const result = await task.upload();
      const item = result.responseBody as {
        id: string;
        size: number;
        file: { hashes: { quickXorHash: string } };
      };
      expect(item.size).toBe(data.length);
      expect(item.file.hashes.quickXorHash).toBe(quickXorHash(data));
    } finally {
      await dispatcher.close();
    }
  });
});
