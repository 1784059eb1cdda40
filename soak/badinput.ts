/**
 * badinput: a corpus of hostile inputs, each with the answer it must get. Names break every rule
 * of server/src/files/names.ts (and Unicode look-alikes that are valid and must come back byte for
 * byte), sizes are absurd, upload pieces lie about their ranges, config values are malformed,
 * settings and JSON bodies are wrong in every way. A zero-byte file is valid and must upload.
 *
 * cases: how many; clearErrors: refused with the expected status and a message naming the
 * problem, or accepted and round-tripped, as the case says; crashes: a 500, an unexpected 5xx or a
 * server that stops answering; sideEffects: a refused case that changed anything in Microsoft 365
 * (the library's tree, open upload sessions) or in Strapi (row counts, the plugin's stored keys).
 */
import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type supertest from 'supertest';
import { quickXorHash } from '../emulator/src';
import { DEFAULT_CONFIG, validateConfig } from '../server/src/config';
import { PLUGIN_ID, TABLE } from '../server/src/constants';
import { findItemRow, findRootRow } from '../server/src/items/rows';
import { FRAGMENT_MULTIPLE } from '../server/src/files/upload/fragments';
import type { SyncService } from '../server/src/sync/service';
import { adminRequest, createAdmin } from '../testkit/admin';
import { startTestStrapi } from '../testkit/strapi';
import { log, type SoakArgs } from './common';
import { createDriveRow } from '../testkit/drive-rows';
import { startEmulatorProcess } from '../testkit/emulator-process';

interface Answer {
  status: number;
  message: string;
  /** What came back for an accepted write: the remote id of the item. */
  remoteId?: string;
}

type Expectation =
  { accept: true; name?: string; bytes?: Buffer } | { status: number[]; message: RegExp };

interface Case {
  label: string;
  expect: Expectation;
  run: () => Promise<Answer>;
  /** Runs before the "before" snapshot (e.g. starts the upload a bad piece is sent to). */
  prepare?: () => Promise<void>;
  /** Runs after the "after" snapshot (e.g. cancels that upload). */
  cleanup?: () => Promise<void>;
  /** Config cases run the validator alone: nothing to snapshot, no server involved. */
  pure?: boolean;
}

/** Messages that say nothing about what was wrong. */
const GENERIC =
  /^(the request is not valid|bad request|internal server error|something went wrong|an error occurred|invalid input)\.?$/i;

/** The plugin's (or Strapi's) message; for a bare refusal of Node's HTTP server, its status text. */
const answerOf = (response: supertest.Response): Answer => ({
  status: response.status,
  message: String(
    response.body?.error?.message ??
      (response.status >= 400 ? response.text || STATUS_CODES[response.status] : '')
  ),
  remoteId: response.body?.data?.item?.remoteId ?? response.body?.data?.remoteId,
});

export async function badInputSuite(_args: SoakArgs) {
  const emulator = await startEmulatorProcess(['--seed', 'demo']);
  const { control, info } = emulator;
  const app = await startTestStrapi({ emulator: info });
  const { strapi, http } = app;
  try {
    strapi.config.set(`plugin::${PLUGIN_ID}.uploadFragmentBytes`, FRAGMENT_MULTIPLE);
    strapi.config.set(`plugin::${PLUGIN_ID}.simpleUploadThresholdBytes`, 64 * 1024);
    const { token } = await createAdmin(strapi, { email: 'badinput@example.com', roles: 'super' });
    const api = adminRequest(http, token);
    const library = info.sites[0].drives[0];
    const subfolder = await control.createItem(library.id, { name: 'Badinput', folder: true });
    const drive = await createDriveRow(strapi, info, library.id);
    await (strapi.plugin(PLUGIN_ID).service('sync') as SyncService).syncDrive(drive.id, {
      trigger: 'manual',
    });
    const rootId = (await findRootRow(strapi, drive.id))!.remoteId;
    const base = `/external-drives/drives/${drive.id}`;
    const libraryPrefix = `/${drive.name}/`.length;

    // --- the operations the cases use ---------------------------------------------------------
    const startUpload = (body: object) =>
      api.post(`${base}/uploads`).send({ parentId: rootId, conflictBehavior: 'fail', ...body });
    /** A whole small upload: start, then its one piece (none for zero bytes, as the panel does). */
    const upload = async (name: string, bytes: Buffer, parentId = rootId): Promise<Answer> => {
      const started = await startUpload({ name, size: bytes.length, parentId });
      if (started.status !== 201) return answerOf(started);
      const piece = api
        .put(`${base}/uploads/${started.body.data.uploadId}`)
        .set('Content-Type', 'application/octet-stream');
      if (bytes.length > 0) {
        piece.set('Content-Range', `bytes 0-${bytes.length - 1}/${bytes.length}`);
      }
      return answerOf(await piece.send(bytes));
    };
    const newFolder = async (name: string, parentId = rootId) =>
      answerOf(await api.post(`${base}/folders`).send({ parentId, name }));
    const rename = async (remoteId: string, name: string) =>
      answerOf(await api.patch(`${base}/items/${encodeURIComponent(remoteId)}`).send({ name }));
    const move = async (remoteId: string, parentId: string) =>
      answerOf(await api.patch(`${base}/items/${encodeURIComponent(remoteId)}`).send({ parentId }));
    const config = (changes: Record<string, unknown> | unknown): (() => Promise<Answer>) => {
      return async () => {
        try {
          validateConfig(
            changes && typeof changes === 'object' && !Array.isArray(changes)
              ? { ...DEFAULT_CONFIG, ...changes }
              : changes
          );
          return { status: 200, message: '' };
        } catch (error) {
          return { status: 400, message: (error as Error).message };
        }
      };
    };
    const settings =
      (body: unknown, contentType = 'application/json') =>
      async () =>
        answerOf(
          await api
            .put('/external-drives/settings')
            .set('Content-Type', contentType)
            .send(body as object)
        );

    // --- the corpus ---------------------------------------------------------------------------
    const refused = (status: number | number[], message: RegExp): Expectation => ({
      status: ([] as number[]).concat(status),
      message,
    });
    const accepted = (name?: string, bytes?: Buffer): Expectation => ({
      accept: true,
      name,
      bytes,
    });
    const cases: Case[] = [];
    const nameCase = (label: string, name: string, expect: Expectation) =>
      cases.push({
        label: `upload named ${label}`,
        expect,
        run: () => upload(name, Buffer.from('abc')),
      });

    nameCase('"" (empty)', '', refused(400, /name/i));
    nameCase('of spaces only', '   ', refused(400, /only spaces/));
    nameCase('"."', '.', refused(400, /'\.' is not allowed/));
    nameCase('".."', '..', refused(400, /'\.\.' is not allowed/));
    nameCase('"../escape.txt"', '../escape.txt', refused(400, /character '\/'/));
    for (const character of ['"', '*', ':', '<', '>', '?', '/', '\\', '|']) {
      nameCase(
        `with ${character}`,
        `a${character}b.txt`,
        refused(400, new RegExp(`character '${escape(character)}'.*not allow`))
      );
    }
    for (const character of ['#', '%', '&']) {
      nameCase(
        `with ${character}`,
        `a${character}b.txt`,
        refused(400, new RegExp(`character '${character}'.*avoid`))
      );
    }
    for (const code of [0x00, 0x01, 0x09, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f]) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      nameCase(
        `with U+${hex}`,
        `a${String.fromCharCode(code)}b.txt`,
        refused(400, new RegExp(`control character U\\+${hex}`))
      );
    }
    nameCase('with a leading space', ' lead.txt', refused(400, /start with a space/));
    nameCase('with a trailing space', 'trail.txt ', refused(400, /end with a space/));
    for (const reserved of [
      'CON',
      'prn.txt',
      'AUX.tar.gz',
      'nul',
      'COM1.log',
      'com0',
      'LPT9',
      'lpt3.doc',
    ]) {
      nameCase(reserved, reserved, refused(400, /reserved/));
    }
    for (const reserved of ['.lock', 'desktop.ini', 'Desktop.INI']) {
      nameCase(reserved, reserved, refused(400, /reserved by SharePoint/));
    }
    nameCase('with _vti_', 'my_vti_file.txt', refused(400, /_vti_/));
    nameCase('starting ~$', '~$report.docx', refused(400, /~\$/));
    nameCase('400 characters', 'L'.repeat(400), refused(400, /under 400/));
    nameCase('10,000 characters', 'L'.repeat(10_000), refused(400, /under 400/));
    nameCase('with an unpaired surrogate', `bad\ud800name.txt`, refused(400, /Unicode|U\+D800/));
    cases.push({
      label: 'folder "forms" at the library root',
      expect: refused(400, /forms/),
      run: () => newFolder('forms'),
    });
    cases.push({
      label: 'folder "Forms" at the library root',
      expect: refused(400, /forms/),
      run: () => newFolder('Forms'),
    });
    cases.push({
      label: 'folder with a control character',
      expect: refused(400, /control character U\+000A/),
      run: () => newFolder('line\nbreak'),
    });

    // Valid names that must come back exactly as sent.
    const valid: Array<[string, string]> = [
      ['a file named "forms" at the root', 'forms'],
      ['NFC é', 'r\u00e9sum\u00e9.txt'],
      ['NFD é (another name than NFC)', 're\u0301sume\u0301.txt'],
      ['fullwidth colon', 'a\uff1ab.txt'],
      ['fraction slash', 'a\u2044b.txt'],
      ['division slash', 'a\u2215b.txt'],
      ['fullwidth CON', '\uff23\uff2f\uff2e.txt'],
      ['Cyrillic look-alike', 'p\u0430yp\u0430l.txt'],
      ['zero-width space', 'zero\u200bwidth.txt'],
      ['right-to-left override', 'invoice\u202etxt.exe'],
      ['emoji', '\u{1F4C4} report.txt'],
      ['CJK', '\u6587\u4ef6.txt'],
      ['of 255 characters', `${'n'.repeat(251)}.txt`],
    ];
    for (const [label, name] of valid) {
      cases.push({
        label: `upload named ${label}`,
        expect: accepted(name),
        run: () => upload(name, Buffer.from(label)),
      });
    }
    cases.push({
      label: 'folder "forms" below the root',
      expect: accepted('forms'),
      run: () => newFolder('forms', subfolder.id),
    });
    cases.push({
      label: 'folder "Ｆｏｒｍｓ" (fullwidth) at the root',
      expect: accepted('\uff26\uff4f\uff52\uff4d\uff53'),
      run: () => newFolder('\uff26\uff4f\uff52\uff4d\uff53'),
    });
    // The 400-character path: a folder of 300 characters, then names just under and at the limit.
    const longFolder = 'F'.repeat(300);
    let longFolderId = '';
    cases.push({
      label: 'folder of 300 characters',
      expect: accepted(longFolder),
      run: async () => {
        const answer = await newFolder(longFolder);
        longFolderId = answer.remoteId ?? '';
        return answer;
      },
    });
    const inLongFolder = (length: number) => 'n'.repeat(length - 4) + '.txt';
    const fitting = 399 - libraryPrefix - longFolder.length - 1;
    cases.push({
      label: 'a path of 399 characters',
      expect: accepted(inLongFolder(fitting)),
      run: () => upload(inLongFolder(fitting), Buffer.from('fits'), longFolderId),
    });
    cases.push({
      label: 'a path of 400 characters',
      expect: refused(400, /400 characters long/),
      run: () => upload(inLongFolder(fitting + 1), Buffer.from('too long'), longFolderId),
    });
    const zero = Buffer.alloc(0);
    cases.push({
      label: 'a zero-byte file',
      expect: accepted('empty.txt', zero),
      run: () => upload('empty.txt', zero),
    });

    // Renames and moves.
    const target = await control.createItem(library.id, { name: 'rename-me.txt', size: 10 });
    const folderA = await control.createItem(library.id, { name: 'Move A', folder: true });
    const folderB = await control.createItem(library.id, {
      name: 'Move B',
      folder: true,
      parentId: folderA.id,
    });
    await (strapi.plugin(PLUGIN_ID).service('sync') as SyncService).syncDrive(drive.id, {
      trigger: 'manual',
    });
    cases.push({
      label: 'rename to a:b',
      expect: refused(400, /character ':'/),
      run: () => rename(target.id, 'a:b'),
    });
    cases.push({
      label: 'rename to ".."',
      expect: refused(400, /'\.\.'/),
      run: () => rename(target.id, '..'),
    });
    cases.push({
      label: 'rename to CON',
      expect: refused(400, /reserved/),
      run: () => rename(target.id, 'CON'),
    });
    cases.push({
      label: 'rename to ""',
      expect: refused(400, /new name/),
      run: () => rename(target.id, ''),
    });
    cases.push({
      label: 'rename an unknown item',
      expect: refused(404, /not found/),
      run: () => rename('no-such-item', 'x.txt'),
    });
    cases.push({
      label: 'move a folder into itself',
      expect: refused([400, 409], /itself|inside|own/),
      run: () => move(folderA.id, folderA.id),
    });
    cases.push({
      label: 'move a folder into its own subfolder',
      expect: refused([400, 409], /itself|inside|own/),
      run: () => move(folderA.id, folderB.id),
    });
    cases.push({
      label: 'move into a folder that does not exist',
      expect: refused(404, /not found/),
      run: () => move(target.id, 'no-such-folder'),
    });

    // Sizes.
    const sizeCase = (label: string, size: unknown, expect: Expectation) =>
      cases.push({
        label: `size ${label}`,
        expect,
        run: async () => answerOf(await startUpload({ name: 'sized.bin', size })),
      });
    sizeCase('250 GB + 1 byte', 250 * 1024 ** 3 + 1, refused(413, /250 GB/));
    sizeCase('1 PB', 1024 ** 5, refused(413, /250 GB/));
    sizeCase('-1', -1, refused(400, /size/));
    sizeCase('1.5', 1.5, refused(400, /size/));
    sizeCase('"abc"', 'abc', refused(400, /size/));
    sizeCase('2^53 + 2', 2 ** 53 + 2, refused([400, 413], /size|whole number|250 GB/));
    sizeCase('missing', undefined, refused(400, /size/));
    cases.push({
      label: 'size over the drive quota',
      expect: refused(507, /space/),
      prepare: () => control.setQuota(library.id, 1024 ** 3),
      run: async () => {
        try {
          return answerOf(await startUpload({ name: 'over-quota.bin', size: 2 * 1024 ** 3 }));
        } finally {
          await control.setQuota(library.id, 1024 ** 4);
        }
      },
    });
    cases.push({
      label: 'size as 1e400 (Infinity) in raw JSON',
      expect: refused(400, /size/),
      run: async () =>
        answerOf(
          await api
            .post(`${base}/uploads`)
            .set('Content-Type', 'application/json')
            .send(`{"parentId":"${rootId}","name":"inf.bin","size":1e400}`)
        ),
    });

    // Upload pieces that lie.
    const MB = 1024 * 1024;
    let uploadId = '';
    const openUpload = async () => {
      const started = await startUpload({
        name: `pieces-${randomBytes(3).toString('hex')}.bin`,
        size: MB,
      });
      uploadId = started.body.data.uploadId;
    };
    const piece = (range: string | null, body: Buffer) => async () => {
      const request = api
        .put(`${base}/uploads/${uploadId}`)
        .set('Content-Type', 'application/octet-stream');
      if (range) request.set('Content-Range', range);
      return answerOf(await request.send(body));
    };
    const pieceCase = (label: string, range: string | null, body: Buffer, expect: Expectation) =>
      cases.push({
        label: `piece ${label}`,
        expect,
        prepare: openUpload,
        run: piece(range, body),
        cleanup: async () => void (await api.delete(`${base}/uploads/${uploadId}`)),
      });
    const fragment = Buffer.alloc(FRAGMENT_MULTIPLE, 1);
    pieceCase('without Content-Range', null, fragment, refused(400, /Content-Range/));
    pieceCase('with end before start', `bytes 10-5/${MB}`, fragment, refused(400, /Content-Range/));
    pieceCase('past the end', `bytes 0-${MB}/${MB}`, fragment, refused(400, /Content-Range/));
    pieceCase(
      'of another total',
      `bytes 0-${FRAGMENT_MULTIPLE - 1}/999`,
      fragment,
      refused(400, /Content-Range/)
    );
    pieceCase(
      'not on 320 KiB',
      `bytes 0-99/${MB}`,
      fragment.subarray(0, 100),
      refused(400, /multiples of/)
    );
    pieceCase(
      'shorter than its range',
      `bytes 0-${FRAGMENT_MULTIPLE - 1}/${MB}`,
      fragment.subarray(0, 10),
      refused(400, /Content-Length/)
    );
    pieceCase('with a garbage range', 'bytes=lots', fragment, refused(400, /Content-Range/));
    cases.push({
      label: 'piece for an upload id that does not exist',
      expect: refused(404, /upload was not found/),
      run: async () =>
        answerOf(
          await api
            .put(`${base}/uploads/00000000-0000-0000-0000-000000000000`)
            .set('Content-Range', 'bytes 0-2/3')
            .send(Buffer.from('abc'))
        ),
    });

    // Config values (what Strapi's validator refuses at boot).
    const configCases: Array<[string, unknown, RegExp]> = [
      [
        'graphBaseUrl over http',
        { graphBaseUrl: 'http://graph.microsoft.com/v1.0' },
        /graphBaseUrl.*https/,
      ],
      ['graphBaseUrl not a URL', { graphBaseUrl: 'graph' }, /graphBaseUrl/],
      ['authorityHost empty', { authorityHost: '' }, /authorityHost/],
      ['caFile blank', { caFile: '  ' }, /caFile/],
      ['tenantId a number', { tenantId: 42 }, /tenantId/],
      ['clientSecret an object', { clientSecret: { value: 'x' } }, /clientSecret/],
      [
        'redirectUri with a trailing slash',
        { redirectUri: 'https://cms.example.com/callback/' },
        /redirectUri/,
      ],
      ['redirectUri javascript:', { redirectUri: 'javascript:alert(1)' }, /redirectUri/],
      [
        'notificationUrl over http',
        { notificationUrl: 'http://cms.example.com/hook' },
        /notificationUrl.*https/,
      ],
      [
        'subscriptionLifetimeMinutes 1',
        { subscriptionLifetimeMinutes: 1 },
        /subscriptionLifetimeMinutes/,
      ],
      [
        'subscriptionLifetimeMinutes 50,000',
        { subscriptionLifetimeMinutes: 50_000 },
        /subscriptionLifetimeMinutes/,
      ],
      [
        'subscriptionLifetimeMinutes "15"',
        { subscriptionLifetimeMinutes: '15' },
        /subscriptionLifetimeMinutes/,
      ],
      ['redisUrl over http', { redisUrl: 'http://127.0.0.1:6379' }, /redisUrl/],
      ['encryptionKey of 5 characters', { encryptionKey: 'short' }, /encryptionKey.*16/],
      [
        'previousEncryptionKeys a string',
        { previousEncryptionKeys: 'k'.repeat(20) },
        /previousEncryptionKeys/,
      ],
      [
        'previousEncryptionKeys with a short key',
        { previousEncryptionKeys: ['short'] },
        /previousEncryptionKeys/,
      ],
      ['syncIntervalMinutes 0', { syncIntervalMinutes: 0 }, /syncIntervalMinutes/],
      ['syncIntervalMinutes 1441', { syncIntervalMinutes: 1441 }, /syncIntervalMinutes/],
      ['syncIntervalMinutes 1.5', { syncIntervalMinutes: 1.5 }, /syncIntervalMinutes/],
      ['syncIntervalMinutes NaN', { syncIntervalMinutes: NaN }, /syncIntervalMinutes/],
      ['requestTimeoutMs 10', { requestTimeoutMs: 10 }, /requestTimeoutMs/],
      [
        'simpleUploadThresholdBytes -1',
        { simpleUploadThresholdBytes: -1 },
        /simpleUploadThresholdBytes/,
      ],
      [
        'uploadFragmentBytes not a 320 KiB multiple',
        { uploadFragmentBytes: 327_681 },
        /uploadFragmentBytes.*320 KiB/,
      ],
      ['uploadFragmentBytes 60 MiB', { uploadFragmentBytes: 60 * MB }, /uploadFragmentBytes/],
      ['the config null', null, /must be an object/],
      ['the config a string', 'https://graph.microsoft.com', /must be an object/],
    ];
    for (const [label, changes, message] of configCases) {
      cases.push({
        label: `config ${label}`,
        expect: refused(400, message),
        run: config(changes),
        pure: true,
      });
    }
    cases.push({ label: 'config defaults', expect: accepted(), run: config({}), pure: true });

    // Settings and JSON bodies.
    const settingsCases: Array<[string, unknown, Expectation, string?]> = [
      ['syncIntervalMinutes 0', { syncIntervalMinutes: 0 }, refused(400, /syncIntervalMinutes/)],
      [
        'syncIntervalMinutes 1441',
        { syncIntervalMinutes: 1441 },
        refused(400, /syncIntervalMinutes/),
      ],
      [
        'syncIntervalMinutes 2.5',
        { syncIntervalMinutes: 2.5 },
        refused(400, /syncIntervalMinutes/),
      ],
      [
        'syncIntervalMinutes "15"',
        { syncIntervalMinutes: '15' },
        refused(400, /syncIntervalMinutes/),
      ],
      ['enabled "yes"', { enabled: 'yes' }, refused(400, /enabled/)],
      ['allowedSiteIds a string', { allowedSiteIds: 'site' }, refused(400, /allowedSiteIds/)],
      [
        'clientSecretExpiresAt "tomorrow"',
        { clientSecretExpiresAt: 'tomorrow' },
        refused(400, /clientSecretExpiresAt/),
      ],
      ['an unknown key', { isAdmin: true }, refused(400, /isAdmin/)],
      [
        'a secret set by the server config',
        { clientSecret: 'new-secret' },
        refused(400, /clientSecret.*configuration/),
      ],
      [
        '__proto__',
        JSON.parse('{"__proto__":{"syncIntervalMinutes":3}}'),
        refused(400, /__proto__|prototype/),
      ],
      ['broken JSON', '{"syncIntervalMinutes": ', refused(400, /JSON/i), 'application/json'],
      ['a JSON array', '[1,2]', refused(400, /object|type|array/i), 'application/json'],
      [
        '5 MB of JSON',
        JSON.stringify({ allowedSiteIds: Array.from({ length: 200_000 }, () => 'site-id-x') }),
        refused([400, 413], /large|limit|size/i),
        'application/json',
      ],
    ];
    for (const [label, body, expect, type] of settingsCases) {
      cases.push({ label: `settings ${label}`, expect, run: settings(body, type) });
    }
    cases.push({
      label: 'settings a valid interval',
      expect: accepted(),
      run: settings({ syncIntervalMinutes: 30 }),
    });
    const driveCases: Array<[string, object]> = [
      ['without siteId', { driveId: 'b!x' }],
      ['with numbers for ids', { siteId: 1, driveId: 2 }],
      ['with a 600-character siteId', { siteId: 's'.repeat(600), driveId: 'b!x' }],
      [
        'with a bad role',
        { siteId: 's', driveId: 'd', roles: [{ roleId: 'admin', access: 'all' }] },
      ],
    ];
    for (const [label, body] of driveCases) {
      cases.push({
        label: `new drive ${label}`,
        expect: refused(400, /siteId|driveId|roleId|access|roles/),
        run: async () => answerOf(await api.post('/external-drives/drives').send(body)),
      });
    }
    const queryCases: Array<[string, string, RegExp]> = [
      ['pageSize=0', 'pageSize=0', /pageSize/],
      ['pageSize=100000', 'pageSize=100000', /pageSize/],
      ['page=-1', 'page=-1', /page/],
      ['sort=password', 'sort=password', /sort/],
      ['order=sideways', 'order=sideways', /order/],
      ['filter of 1,000 characters', `filter=${'f'.repeat(1000)}`, /filter/],
    ];
    for (const [label, query, message] of queryCases) {
      cases.push({
        label: `children ${label}`,
        expect: refused(400, message),
        run: async () => answerOf(await api.get(`${base}/children?${query}`)),
      });
    }
    cases.push({
      label: 'search with SQL in it',
      expect: accepted(),
      run: async () =>
        answerOf(await api.get(`${base}/search?q=${encodeURIComponent("%' OR 1=1 --")}`)),
    });
    cases.push({
      // Refused by name rather than cut to 200 characters and searched for something else.
      label: 'search of 10,000 characters',
      expect: refused(400, /q must be at most 200 characters/),
      run: async () => answerOf(await api.get(`${base}/search?q=${'q'.repeat(10_000)}`)),
    });
    cases.push({
      label: 'search of 100,000 characters (past what Node reads of a request line)',
      expect: refused([414, 431], /Too Large|Too Long/),
      run: async () => answerOf(await api.get(`${base}/search?q=${'q'.repeat(100_000)}`)),
    });

    // --- running them -------------------------------------------------------------------------
    const snapshot = async () =>
      JSON.stringify({
        tree: await control.tree(library.id),
        sessions: (await control.uploadSessions()).map((session) => [session.id, session.received]),
        rows: await Promise.all(
          [TABLE.driveItem, TABLE.activity, TABLE.drive, TABLE.account, TABLE.syncRun].map(
            async (table) => (await strapi.db.connection(table).count({ count: '*' }))[0].count
          )
        ),
        store: await strapi.db
          .connection('strapi_core_store_settings')
          .select('key', 'value')
          .where('key', 'like', `plugin_${PLUGIN_ID}%`)
          .orderBy('key'),
      });
    const alive = async () => {
      try {
        return (await http.get('/_health').timeout(10_000)).status === 204;
      } catch {
        return false;
      }
    };

    let clearErrors = 0;
    let crashes = 0;
    let sideEffects = 0;
    for (const entry of cases) {
      await entry.prepare?.();
      const before = entry.pure ? '' : await snapshot();
      let answer: Answer;
      try {
        answer = await entry.run();
      } catch (error) {
        answer = { status: 0, message: `no answer: ${(error as Error).message}` };
      }
      const expected = entry.expect;
      const expectedStatuses = 'status' in expected ? expected.status : [200, 201];
      if (
        answer.status === 0 ||
        answer.status === 500 ||
        (answer.status > 500 && !expectedStatuses.includes(answer.status)) ||
        !(entry.pure || (await alive()))
      ) {
        crashes += 1;
      }
      let problem: string | null;
      if ('accept' in expected) {
        problem =
          answer.status >= 200 && answer.status < 300
            ? await roundTrip(expected, answer)
            : `refused (${answer.status}: ${answer.message})`;
      } else {
        problem = !expected.status.includes(answer.status)
          ? `answered ${answer.status} (${answer.message})`
          : !expected.message.test(answer.message) || GENERIC.test(answer.message.trim())
            ? `unclear message "${answer.message}"`
            : null;
        if (!entry.pure) {
          const after = await snapshot();
          if (after !== before) {
            sideEffects += 1;
            log(`SIDE EFFECT: ${entry.label}`);
          }
        }
      }
      if (problem) log(`MISS: ${entry.label}: ${problem}`);
      else clearErrors += 1;
      await entry.cleanup?.();
    }

    async function roundTrip(expected: { name?: string; bytes?: Buffer }, answer: Answer) {
      if (expected.name === undefined) return null;
      if (!answer.remoteId) return 'no item in the answer';
      const remote = (await control.tree(library.id)).find((entry) => entry.id === answer.remoteId);
      const row = await findItemRow(strapi, drive.id, answer.remoteId);
      if (remote?.name !== expected.name)
        return `Microsoft 365 has the name ${JSON.stringify(remote?.name)}`;
      if (row?.name !== expected.name) return `Strapi has the name ${JSON.stringify(row?.name)}`;
      if (expected.bytes) {
        if (remote.size !== expected.bytes.length || Number(row.size) !== expected.bytes.length)
          return `size ${remote.size}/${row.size}, not ${expected.bytes.length}`;
        if (remote.quickXorHash !== quickXorHash(expected.bytes)) return 'the content differs';
      }
      return null;
    }

    return { cases: cases.length, clearErrors, crashes, sideEffects };
  } finally {
    await app.close();
    await emulator.stop();
  }
}

const escape = (character: string) => character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
