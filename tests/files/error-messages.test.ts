/**
 * What a user reads when a file action of My Files fails: every action (list, upload, download,
 * rename, move, delete, new folder, sync) under every failure the emulator can inject into its
 * requests, and under each switch of the administrator, answers with the one mapped message of
 * shared/errors.ts (through server/src/graph/errors.ts), never a bare "Server Error", and changes
 * nothing in Microsoft 365 (unless no answer came in time: then Microsoft may have done it).
 */
import { ControlClient } from '../../emulator/src';
import type { FaultRuleSpec } from '../../emulator/src/faults/fault-rules';
import type { DriveRow } from '../../server/src/drives/table';
import { adminRequest, createAdmin } from '../../testkit/admin';
import { createPlatformDriveRow } from '../../testkit/drive-rows';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';

const BASE = '/external-drives';

type Expected = [status: number, message: string, code: string];
const BUSY: Expected = [503, 'Microsoft 365 is busy', 'throttled'];
const UNREACHABLE: Expected = [502, 'Unable to connect', 'unableToConnect'];
const TIMEOUT: Expected = [504, 'Timeout', 'timeout'];
const AUTHENTICATION: Expected = [424, 'Authentication failed', 'authenticationFailed'];
const GONE: Expected = [404, 'The item no longer exists in Microsoft 365', 'notFound'];

/** The actions a fault the retry policy retries with backoff is tried on (see FAULTS). */
const retried = ['rename', 'download'];

interface Fault {
  rule: Omit<FaultRuleSpec, 'host' | 'driveId'>;
  expect: Expected;
  /** What a sync answers instead, where it differs. */
  sync?: Expected;
  /** Tried on these actions only. */
  retried?: string[];
  outcomeUnknown?: boolean;
}

interface Answer {
  status: number;
  body: { error?: { message?: string; details?: { code?: string } }; data?: unknown };
}

describe('file actions under failures: the mapped message, every time', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let app: TestStrapi;
  let token: string;
  let drive: DriveRow;
  let rootId: string;
  let fileId: string;
  let folderId: string;

  const api = () => adminRequest(app.http, token);
  const drivePath = () => `${BASE}/drives/${drive.id}`;

  /** Each action as the admin panel calls it; each leaves Microsoft 365 as it was when it fails. */
  const ACTIONS: Record<string, () => Promise<Answer>> = {
    list: () => api().get(`${drivePath()}/children`),
    upload: async () => {
      const started = await api()
        .post(`${drivePath()}/uploads`)
        .send({ parentId: rootId, name: `new ${files}.txt`, size: 1, conflictBehavior: 'fail' });
      if (started.status !== 201) return started;
      return api()
        .put(`${drivePath()}/uploads/${started.body.data.uploadId}`)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from('x'));
    },
    download: () => api().get(`${drivePath()}/items/${fileId}/content`),
    rename: () => api().patch(`${drivePath()}/items/${fileId}`).send({ name: 'renamed.txt' }),
    move: () => api().patch(`${drivePath()}/items/${fileId}`).send({ parentId: folderId }),
    delete: () => api().delete(`${drivePath()}/items/${fileId}`),
    newFolder: () =>
      api()
        .post(`${drivePath()}/folders`)
        .send({ parentId: rootId, name: `New folder ${files}` }),
    sync: () => api().post(`${drivePath()}/sync?wait=true`),
  };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    control = ControlClient.from(emulator.info);
    app = await startTestStrapi({
      emulator: emulator.info,
      // A request held back by the emulator's "slow" fault times out after a second, not a minute.
      env: { EXTERNAL_DRIVES_REQUEST_TIMEOUT_MS: '1000' },
    });
    token = (await createAdmin(app.strapi, { email: 'messages@example.com', roles: 'super' }))
      .token;
    drive = await createPlatformDriveRow(app.strapi, emulator.info);
    folderId = (await control.createItem(drive.remoteDriveId, { name: 'Archive', folder: true }))
      .id;
    await freshFile();
  });

  /** A file of its own for each case, synced, so no case sees what an earlier one did. */
  let files = 0;
  async function freshFile() {
    const file = await control.createItem(drive.remoteDriveId, {
      name: `report ${++files}.txt`,
      size: 10,
    });
    fileId = file.id;
    rootId = file.parentId!;
    expect((await ACTIONS.sync()).status).toBe(200);
  }

  afterAll(async () => {
    await app?.close();
    await control?.close();
    await emulator?.close();
  });

  /**
   * Every fault the emulator injects into a plain Graph request, and what the user then reads.
   * Those answered at once (a Retry-After longer than the retry policy waits, a refused token, a
   * missing item) are tried on every action. Those the retry policy retries with backoff (5xx, a
   * reset, no answer in time) cost it seconds per action: their answer is classified in the one
   * retry policy and error map whatever the action, so they are tried on a write and a download.
   */
  const FAULTS: Record<string, Fault> = {
    throttled: { rule: { kind: 'throttle', retryAfterSeconds: 3600 }, expect: BUSY },
    unavailable: { rule: { kind: 'unavailable', retryAfterSeconds: 3600 }, expect: BUSY },
    'token refused': { rule: { kind: 'expiredToken' }, expect: AUTHENTICATION },
    // A sync whose drive is not found has lost its drive: "Unable to connect" (check access).
    'item not found': { rule: { kind: 'notFound' }, expect: GONE, sync: UNREACHABLE },
    'server error': { rule: { kind: 'serverError', status: 500 }, expect: UNREACHABLE, retried },
    'bad gateway': { rule: { kind: 'serverError', status: 502 }, expect: UNREACHABLE, retried },
    'gateway timeout': { rule: { kind: 'serverError', status: 504 }, expect: TIMEOUT, retried },
    'connection reset': { rule: { kind: 'reset' }, expect: UNREACHABLE, retried },
    // The request reached Microsoft, which may have done it: nothing can be said of the outcome.
    'no answer in time': {
      rule: { kind: 'slow', delayMs: 5000 },
      expect: TIMEOUT,
      retried,
      outcomeUnknown: true,
    },
  };

  const cases = Object.entries(FAULTS).flatMap(([fault, { retried: only }]) =>
    Object.keys(ACTIONS)
      .filter((action) => action !== 'list' && (!only || only.includes(action)))
      .map((action) => [action, fault] as const)
  );

  it.each(cases)('%s under "%s" answers the mapped message', async (action, fault) => {
    const { rule: spec, expect: expected, sync, outcomeUnknown } = FAULTS[fault];
    await freshFile();
    const before = await control.tree(drive.remoteDriveId);
    const [rule] = await control.addFaults([
      { ...spec, host: 'graph', driveId: drive.remoteDriveId },
    ]);
    try {
      const answer = await ACTIONS[action]();
      expect([answer.status, answer.body.error?.message, answer.body.error?.details?.code]).toEqual(
        action === 'sync' && sync ? sync : expected
      );
      // Browsing reads Strapi's rows only: whatever Microsoft does, the folder still lists.
      expect((await ACTIONS.list()).status).toBe(200);
    } finally {
      await control.removeFault(rule.id);
    }
    if (!outcomeUnknown) expect(await control.tree(drive.remoteDriveId)).toEqual(before);
  });

  it('says "Integration not available" for every action once the integration is switched off', async () => {
    await freshFile();
    const before = await control.tree(drive.remoteDriveId);
    await api().put(`${BASE}/settings`).send({ enabled: false });
    try {
      for (const [name, action] of Object.entries(ACTIONS)) {
        if (name === 'list') continue;
        const answer = await action();
        expect([name, answer.status, answer.body.error?.message]).toEqual([
          name,
          503,
          'Integration not available',
        ]);
      }
      // What was synced stays readable.
      expect((await ACTIONS.list()).status).toBe(200);
    } finally {
      await api().put(`${BASE}/settings`).send({ enabled: true });
    }
    expect(await control.tree(drive.remoteDriveId)).toEqual(before);
  });

  it('says downloads are disabled once the administrator switches them off, page open or not', async () => {
    await freshFile();
    await api().put(`${BASE}/settings`).send({ downloadsEnabled: false });
    try {
      const answer = await ACTIONS.download();
      expect([answer.status, answer.body.error?.message, answer.body.error?.details?.code]).toEqual(
        [403, 'File downloads are disabled by your administrator', 'downloadsDisabled']
      );
    } finally {
      await api().put(`${BASE}/settings`).send({ downloadsEnabled: true });
    }
    expect((await ACTIONS.download()).status).toBe(200);
  });
});
