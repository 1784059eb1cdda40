/**
 * The Graph side of file operations against the emulator, through the real msal-node and Graph SDK:
 * uploads (simple and by session, with faults injected in the network layer and resume), conflict
 * choices, downloads with Range, rename/move/delete/new folder, and error mapping.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';
import { Agent, type Dispatcher } from 'undici';
import { ControlClient, quickXorHash } from '../../../emulator/src';
import { msalConfig } from '../../../testkit/emulator-http';
import { startTestEmulator, type RunningEmulator } from '../../../testkit/emulator';
import { createGraphClient } from '../../../server/src/graph/client';
import { Pacer } from '../../../server/src/graph/pacing/pacer';
import { createMemoryStore } from '../../../server/src/graph/pacing/store';
import { createTransport } from '../../../server/src/graph/transport';
import { downloadContent } from '../../../server/src/files/download';
import { toFileOperationError } from '../../../server/src/files/errors';
import * as graph from '../../../server/src/files/graph-operations';
import { FRAGMENT_MULTIPLE } from '../../../server/src/files/upload/fragments';
import { relayPiece } from '../../../server/src/files/upload/relay';
import { getSessionStatus } from '../../../server/src/files/upload/session-client';
import { firstExpectedOffset } from '../../../server/src/files/upload/fragments';

async function graphClient(info: RunningEmulator['info'], dispatcher: Agent, reader = false) {
  const msal = new ConfidentialClientApplication(
    reader
      ? await msalConfig(info, info.readerClientId, info.readerClientSecret)
      : await msalConfig(info)
  );
  return Client.initWithMiddleware({
    authProvider: {
      getAccessToken: async () =>
        (await msal.acquireTokenByClientCredential({
          scopes: ['https://graph.microsoft.com/.default'],
        }))!.accessToken,
    },
    baseUrl: info.graphUrl.replace(/\/v1\.0$/, ''),
    defaultVersion: 'v1.0',
    customHosts: new Set(['localhost']),
    fetchOptions: { dispatcher } as RequestInit,
  });
}

/**
 * A network fault for the chosen fragment PUTs: `lose-answer` lets the bytes reach the session and
 * then fails as a reset would (the ambiguous case), `reset` fails before anything is sent.
 */
function faultyDispatcher(base: Agent, faults: Map<number, 'lose-answer' | 'reset'>) {
  let puts = 0;
  const seen: number[] = [];
  const dispatcher = base.compose((dispatch) => (options, handler) => {
    if (options.method !== 'PUT' || !String(options.path).startsWith('/upload/')) {
      return dispatch(options, handler);
    }
    puts += 1;
    seen.push(puts);
    const fault = faults.get(puts);
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    if (fault === 'reset') {
      queueMicrotask(() => handler.onError!(reset));
      return true;
    }
    if (fault === 'lose-answer') {
      const swallowing: Dispatcher.DispatchHandlers = {
        onConnect: (abort) => handler.onConnect?.(abort),
        onError: (error) => handler.onError!(error),
        onHeaders: () => true,
        onData: () => true,
        onComplete: () => handler.onError!(reset),
      };
      return dispatch(options, swallowing);
    }
    return dispatch(options, handler);
  });
  return { dispatcher, putCount: () => puts };
}

const piecesOf = (bytes: Buffer, chunk = 100_000) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    })()
  );

describe('file operations against Graph (emulator)', () => {
  let emulator: RunningEmulator;
  let control: ControlClient;
  let agent: Agent;
  let client: Client;
  let driveId: string;
  let rootId: string;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    control = ControlClient.from(emulator.info);
    agent = new Agent({ connect: { ca: emulator.info.caPem } });
    client = await graphClient(emulator.info, agent);
    driveId = emulator.info.sites[0].drives[0].id;
    rootId = (await client.api(`/drives/${driveId}/root`).get()).id;
  });
  afterAll(async () => {
    await control.close();
    await agent.close();
    await emulator.close();
  });

  const treeEntry = async (id: string) => (await control.tree(driveId)).find((e) => e.id === id);
  /** An upload session for a new file at the root. */
  const openSession = (name: string, size: number) =>
    graph.createUploadSession(client, { driveId, parentId: rootId, name, size }, 'fail');

  it('uploads a small file in one PUT with the hash Microsoft computes', async () => {
    const bytes = randomBytes(5000);
    const item = await graph.simpleUpload(
      client,
      { driveId, parentId: rootId, name: 'small.bin' },
      bytes,
      'fail'
    );
    expect(item.size).toBe(5000);
    expect((item.file as { hashes: { quickXorHash: string } }).hashes.quickXorHash).toBe(
      quickXorHash(bytes)
    );
    expect((await treeEntry(item.id))?.path).toBe('/small.bin');
  });

  it('relays a file of several fragments through a session, surviving lost answers and resets', async () => {
    const fragmentSize = 2 * FRAGMENT_MULTIPLE;
    const bytes = randomBytes(5 * fragmentSize + 12_345); // 6 fragments
    const session = await openSession('chunked.bin', bytes.length);
    // Fragment 2's answer is lost after the session stored it; fragment 4 resets before sending.
    const faulty = faultyDispatcher(
      agent,
      new Map([
        [2, 'lose-answer'],
        [4, 'reset'],
      ])
    );
    const result = await relayPiece(
      piecesOf(bytes),
      { start: 0, end: bytes.length - 1, total: bytes.length },
      { uploadUrl: session.uploadUrl, fragmentSize, dispatcher: faulty.dispatcher, backoffMs: 5 }
    );
    expect(result.nextOffset).toBe(bytes.length);
    expect(result.item?.size).toBe(bytes.length);
    // 6 fragments + the resent one after the reset (the lost answer is not resent: status said so).
    expect(faulty.putCount()).toBe(7);
    const entry = await treeEntry(result.item!.id);
    expect(entry?.quickXorHash).toBe(quickXorHash(bytes));
  });

  it('resumes an upload after the browser stopped mid-piece, from the session offset', async () => {
    const fragmentSize = FRAGMENT_MULTIPLE;
    const bytes = randomBytes(4 * fragmentSize + 777);
    const session = await openSession('resumed.bin', bytes.length);
    const total = bytes.length;
    // The browser sends the whole file as one piece but the connection dies after 2.5 fragments.
    const cut = Math.floor(2.5 * fragmentSize);
    const interrupted = relayPiece(
      piecesOf(bytes.subarray(0, cut)),
      { start: 0, end: total - 1, total },
      {
        uploadUrl: session.uploadUrl,
        fragmentSize,
        dispatcher: agent,
      }
    );
    await expect(interrupted).rejects.toMatchObject({
      reason: 'pieceInterrupted',
      nextOffset: 2 * fragmentSize,
    });
    const status = await getSessionStatus({ dispatcher: agent }, session.uploadUrl);
    const resumeAt = firstExpectedOffset(status.body?.nextExpectedRanges)!;
    expect(resumeAt).toBe(2 * fragmentSize);
    const result = await relayPiece(
      piecesOf(bytes.subarray(resumeAt)),
      { start: resumeAt, end: total - 1, total },
      {
        uploadUrl: session.uploadUrl,
        fragmentSize,
        dispatcher: agent,
      }
    );
    expect((await treeEntry(result.item!.id))?.quickXorHash).toBe(quickXorHash(bytes));
  });

  it('reports where to resume when the browser connection breaks (stream error)', async () => {
    const fragmentSize = FRAGMENT_MULTIPLE;
    const bytes = randomBytes(3 * fragmentSize);
    const session = await openSession('broken.bin', bytes.length);
    const broken = new Readable({ read() {} });
    broken.push(bytes.subarray(0, fragmentSize + 1000));
    setTimeout(
      () => broken.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })),
      50
    );
    await expect(
      relayPiece(
        broken,
        { start: 0, end: bytes.length - 1, total: bytes.length },
        {
          uploadUrl: session.uploadUrl,
          fragmentSize,
          dispatcher: agent,
        }
      )
    ).rejects.toMatchObject({ reason: 'pieceInterrupted', nextOffset: fragmentSize });
  });

  it('skips fragments the session already holds when a piece is resent', async () => {
    const fragmentSize = FRAGMENT_MULTIPLE;
    const bytes = randomBytes(3 * fragmentSize);
    const session = await openSession('resent.bin', bytes.length);
    const total = bytes.length;
    const first = { start: 0, end: 2 * fragmentSize - 1, total };
    await relayPiece(piecesOf(bytes.subarray(0, 2 * fragmentSize)), first, {
      uploadUrl: session.uploadUrl,
      fragmentSize,
      dispatcher: agent,
    });
    // The browser never saw the answer and sends the same piece again: 416s, then the status, no harm.
    const again = await relayPiece(piecesOf(bytes.subarray(0, 2 * fragmentSize)), first, {
      uploadUrl: session.uploadUrl,
      fragmentSize,
      dispatcher: agent,
      backoffMs: 5,
    });
    expect(again.nextOffset).toBe(2 * fragmentSize);
    const last = await relayPiece(
      piecesOf(bytes.subarray(2 * fragmentSize)),
      { start: 2 * fragmentSize, end: total - 1, total },
      {
        uploadUrl: session.uploadUrl,
        fragmentSize,
        dispatcher: agent,
      }
    );
    expect((await treeEntry(last.item!.id))?.quickXorHash).toBe(quickXorHash(bytes));
  });

  it('sends the rest of a fragment the session kept only part of, from the buffer', async () => {
    const fragmentSize = 4 * FRAGMENT_MULTIPLE;
    const bytes = randomBytes(3 * fragmentSize + 999);
    const session = await openSession('partial.bin', bytes.length);
    // The session keeps the first half of fragment 2 and answers 202 with where it stands.
    const [rule] = await control.addFaults([
      { kind: 'partialFragment', method: 'PUT', path: '^/upload/', nth: 2 },
    ]);
    const mark = await control.mark();
    try {
      const result = await relayPiece(
        piecesOf(bytes),
        { start: 0, end: bytes.length - 1, total: bytes.length },
        { uploadUrl: session.uploadUrl, fragmentSize, dispatcher: agent }
      );
      expect((await treeEntry(result.item!.id))?.quickXorHash).toBe(quickXorHash(bytes));
      const stats = await control.stats(mark);
      expect(stats.faultsByKind.partialFragment).toBe(1);
      // 4 fragments and the rest of the second one.
      expect(stats.byRoute['content PUT /upload/:sessionId']).toBe(5);
    } finally {
      await control.removeFault(rule.id);
    }
  });

  it('asks the session for its status again when that request fails too (reset, 500)', async () => {
    const fragmentSize = FRAGMENT_MULTIPLE;
    const bytes = randomBytes(3 * fragmentSize + 4321);
    const session = await openSession('status-retried.bin', bytes.length);
    // Fragment 2 answers 502 (did its bytes arrive?); the status request that should tell is
    // reset, then answered 500; the third attempt answers.
    const rules = await control.addFaults([
      { kind: 'serverError', status: 502, method: 'PUT', path: '^/upload/', nth: 2 },
      { kind: 'reset', method: 'GET', path: '^/upload/', nth: 1 },
      { kind: 'serverError', status: 500, method: 'GET', path: '^/upload/', nth: 2 },
    ]);
    const mark = await control.mark();
    try {
      const result = await relayPiece(
        piecesOf(bytes),
        { start: 0, end: bytes.length - 1, total: bytes.length },
        { uploadUrl: session.uploadUrl, fragmentSize, dispatcher: agent, backoffMs: 5 }
      );
      expect(result.item?.size).toBe(bytes.length);
      expect((await treeEntry(result.item!.id))?.quickXorHash).toBe(quickXorHash(bytes));
      const stats = await control.stats(mark);
      expect(stats.faultsByKind).toEqual({ serverError: 2, reset: 1 });
      // Faulted requests are counted before routing: count the upload host's requests by method.
      const requests = (method: string) =>
        Object.entries(stats.byRoute)
          .filter(([route]) => route.startsWith(`content ${method} `))
          .reduce((sum, [, count]) => sum + count, 0);
      expect(requests('GET')).toBe(3);
      // 4 fragments and the second one again (the session had not kept it).
      expect(requests('PUT')).toBe(5);
    } finally {
      for (const rule of rules) await control.removeFault(rule.id);
    }
  });

  it('streams each fragment as the browser sends it: a slow browser is no timeout', async () => {
    const fragmentSize = FRAGMENT_MULTIPLE;
    const bytes = randomBytes(fragmentSize + 1000);
    const session = await openSession('trickle.bin', bytes.length);
    // 32 KiB every 200 ms: the first fragment takes 2 s to arrive, the relay's timeout is 300 ms
    // (undici checks its own timeouts about once a second).
    const trickle = Readable.from(
      (async function* () {
        for (let i = 0; i < bytes.length; i += 32 * 1024) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          yield bytes.subarray(i, i + 32 * 1024);
        }
      })()
    );
    const mark = await control.mark();
    const result = await relayPiece(
      trickle,
      { start: 0, end: bytes.length - 1, total: bytes.length },
      { uploadUrl: session.uploadUrl, fragmentSize, dispatcher: agent, timeoutMs: 300 }
    );
    expect((await treeEntry(result.item!.id))?.quickXorHash).toBe(quickXorHash(bytes));
    // One PUT per fragment: none timed out and was sent again.
    expect((await control.stats(mark)).byRoute['content PUT /upload/:sessionId']).toBe(2);
  });

  it('resends a fragment Microsoft did not take in time, after asking the session', async () => {
    const fragmentSize = FRAGMENT_MULTIPLE;
    const bytes = randomBytes(2 * fragmentSize + 10);
    const session = await openSession('stalled.bin', bytes.length);
    // The first fragment's PUT gets no answer for 1.5 s; the relay waits 300 ms.
    const [rule] = await control.addFaults([
      { kind: 'slow', delayMs: 1500, method: 'PUT', path: '^/upload/', nth: 1 },
    ]);
    try {
      const result = await relayPiece(
        piecesOf(bytes),
        { start: 0, end: bytes.length - 1, total: bytes.length },
        {
          uploadUrl: session.uploadUrl,
          fragmentSize,
          dispatcher: agent,
          timeoutMs: 300,
          backoffMs: 5,
        }
      );
      expect((await treeEntry(result.item!.id))?.quickXorHash).toBe(quickXorHash(bytes));
    } finally {
      await control.removeFault(rule.id);
    }
  });

  it('waits out the Retry-After of a throttled fragment before sending anything to the session', async () => {
    const fragmentSize = FRAGMENT_MULTIPLE;
    const bytes = randomBytes(2 * fragmentSize + 10);
    const session = await openSession('throttled.bin', bytes.length);
    const [rule] = await control.addFaults([
      { kind: 'unavailable', method: 'PUT', path: '^/upload/', nth: 2, retryAfterSeconds: 1 },
    ]);
    try {
      const before = (await control.stats()).retryAfterViolations;
      const result = await relayPiece(
        piecesOf(bytes),
        { start: 0, end: bytes.length - 1, total: bytes.length },
        { uploadUrl: session.uploadUrl, fragmentSize, dispatcher: agent, backoffMs: 5 }
      );
      expect((await treeEntry(result.item!.id))?.quickXorHash).toBe(quickXorHash(bytes));
      // A 5 ms backoff would have asked the session within the second Microsoft asked for.
      expect((await control.stats()).retryAfterViolations).toBe(before);
    } finally {
      await control.removeFault(rule.id);
    }
  });

  it('applies the conflict choices: fail, keep both (rename), replace', async () => {
    const first = await graph.simpleUpload(
      client,
      { driveId, parentId: rootId, name: 'clash.txt' },
      Buffer.from('one'),
      'fail'
    );
    const failed = await graph
      .simpleUpload(
        client,
        { driveId, parentId: rootId, name: 'clash.txt' },
        Buffer.from('two'),
        'fail'
      )
      .catch((error) => toFileOperationError(error, 'upload'));
    expect(failed).toMatchObject({ code: 'nameAlreadyExists', status: 409 });
    const kept = await graph.simpleUpload(
      client,
      { driveId, parentId: rootId, name: 'clash.txt' },
      Buffer.from('three'),
      'rename'
    );
    expect(kept.id).not.toBe(first.id);
    expect(kept.name).not.toBe('clash.txt');
    const replaced = await graph.simpleUpload(
      client,
      { driveId, parentId: rootId, name: 'clash.txt' },
      Buffer.from('four!'),
      'replace'
    );
    expect(replaced.id).toBe(first.id);
    expect((await treeEntry(first.id))?.size).toBe(5);
    // The same choices hold for sessions: fail is refused at commit with 409.
    const session = await openSession('clash.txt', 3);
    await expect(
      relayPiece(
        piecesOf(Buffer.from('abc')),
        { start: 0, end: 2, total: 3 },
        { uploadUrl: session.uploadUrl, fragmentSize: FRAGMENT_MULTIPLE, dispatcher: agent }
      )
    ).rejects.toMatchObject({ reason: 'fragmentRejected', graphStatus: 409 });
  });

  it('downloads through the 302 without the token, with Range (206) and 416 mapped', async () => {
    const bytes = randomBytes(10_000);
    const item = await graph.simpleUpload(
      client,
      { driveId, parentId: rootId, name: 'ranged.bin' },
      bytes,
      'fail'
    );
    const mark = await control.mark();
    const whole = await downloadContent(client, { dispatcher: agent }, driveId, item.id);
    expect(whole.status).toBe(200);
    expect(whole.headers['content-length']).toBe('10000');
    const chunks: Buffer[] = [];
    for await (const chunk of whole.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
    const stats = await control.stats(mark);
    expect(stats.graphRequests).toBe(1);
    const part = await downloadContent(
      client,
      { dispatcher: agent },
      driveId,
      item.id,
      'bytes=100-199'
    );
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 100-199/10000');
    const partChunks: Buffer[] = [];
    for await (const chunk of part.body) partChunks.push(chunk as Buffer);
    expect(Buffer.concat(partChunks)).toEqual(bytes.subarray(100, 200));
    const beyond = await downloadContent(
      client,
      { dispatcher: agent },
      driveId,
      item.id,
      'bytes=20000-'
    ).catch((e) => toFileOperationError(e, 'download'));
    expect(beyond).toMatchObject({ code: 'invalidRange', status: 416 });
  });

  it('renames, moves, creates folders and deletes, as the emulator tree shows', async () => {
    const folder = await graph.createFolder(client, driveId, rootId, 'Reports', 'rename');
    expect((await treeEntry(folder.id))?.isFolder).toBe(true);
    const file = await graph.simpleUpload(
      client,
      { driveId, parentId: rootId, name: 'draft.txt' },
      Buffer.from('x'),
      'fail'
    );
    const renamed = await graph.renameItem(client, driveId, file.id, 'final.txt');
    expect(renamed.name).toBe('final.txt');
    await graph.moveItem(client, driveId, file.id, folder.id);
    expect((await treeEntry(file.id))?.path).toBe(`/${folder.name}/final.txt`);
    await graph.deleteItem(client, driveId, file.id);
    expect(await treeEntry(file.id)).toBeUndefined();
    const clash = await graph
      .createFolder(client, driveId, rootId, folder.name as string, 'fail')
      .catch((error) => toFileOperationError(error, 'write'));
    expect(clash).toMatchObject({ code: 'nameAlreadyExists' });
  });

  it('maps a locked file to "File is locked" and a read-only app to the permission error', async () => {
    const file = await graph.simpleUpload(
      client,
      { driveId, parentId: rootId, name: 'locked.docx' },
      Buffer.from('x'),
      'fail'
    );
    await control.lockItem(driveId, file.id);
    const locked = await graph
      .renameItem(client, driveId, file.id, 'other.docx')
      .catch((e) => toFileOperationError(e, 'write'));
    expect(locked).toMatchObject({ code: 'locked', message: 'File is locked', status: 423 });
    await control.lockItem(driveId, file.id, false);

    const reader = await graphClient(emulator.info, agent, true);
    const denied = await graph
      .renameItem(reader, driveId, file.id, 'other.docx')
      .catch((e) => toFileOperationError(e, 'write'));
    expect(denied).toMatchObject({
      code: 'permissionDenied',
      message: 'Permission error: you need edit permission on this library',
      status: 403,
    });
  });
  it('maps a Graph timeout to "Timeout" with the advice to try smaller batches', async () => {
    const file = await graph.simpleUpload(
      client,
      { driveId, parentId: rootId, name: 'slow.txt' },
      Buffer.from('x'),
      'fail'
    );
    // The plugin's own client and transport, impatient and with quick retries so the test is short.
    const transport = createTransport({ caFile: emulator.info.caFile, timeoutMs: 500 });
    const msal = new ConfidentialClientApplication(await msalConfig(emulator.info));
    const pluginClient = createGraphClient({
      graphBaseUrl: emulator.info.graphUrl,
      dispatcher: transport.dispatcher,
      getAccessToken: async () =>
        (await msal.acquireTokenByClientCredential({
          scopes: ['https://graph.microsoft.com/.default'],
        }))!.accessToken,
      pacer: new Pacer('timeout-test', createMemoryStore(), null),
      retryPolicy: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 1000 },
    });
    const advice = {
      code: 'timeout',
      message: 'Timeout',
      nextStep: 'Try again with smaller batches.',
      status: 504,
    };
    try {
      // No answer within the transport's timeout, on every attempt.
      const [slow] = await control.addFaults([
        { kind: 'slow', delayMs: 2000, method: 'PATCH', path: `/items/${file.id}$` },
      ]);
      const mark = await control.mark();
      const hung = await graph
        .renameItem(pluginClient, driveId, file.id, 'renamed.txt')
        .catch((error) => toFileOperationError(error, 'write'));
      expect(hung).toMatchObject(advice);
      expect((await control.stats(mark)).faultsInjected).toBe(2);
      await control.removeFault(slow.id);

      // Graph's own gateway timeout (504), on every attempt.
      const [gateway] = await control.addFaults([
        { kind: 'serverError', status: 504, method: 'PATCH', path: `/items/${file.id}$` },
      ]);
      const refused = await graph
        .renameItem(pluginClient, driveId, file.id, 'renamed.txt')
        .catch((error) => toFileOperationError(error, 'write'));
      expect(refused).toMatchObject({ ...advice, details: { graphStatus: 504 } });
      await control.removeFault(gateway.id);
    } finally {
      await transport.close();
    }
  });
});
