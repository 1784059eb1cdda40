/**
 * security: every admin route of the plugin called by the wrong people (anonymous, a user without
 * the plugin's permission, a user against another user's personal drive and account, a user
 * against a platform drive outside their roles), with forged ids, forged upload ids and item ids
 * from someone else's drive; forged OAuth callbacks (unknown state, a state without its browser
 * cookie, a replayed callback, another person's code), forged change notifications, and the
 * content-API download of files no published entry attaches (even with the Public role allowed
 * to download), with forged ids. Then the database bytes, everything Strapi logged and every
 * answer are searched for the client secret, the refresh and access tokens, the upload session
 * URLs and the subscriptions' clientState.
 *
 * leaks: a 2xx on someone else's resource (or on a route the caller has no permission for), a body
 * carrying another user's data, a forged callback that connected something, a forged
 * notification that started a sync, or a file served that no published entry attaches. plaintextSecrets: secrets found in plain text anywhere.
 */
import type supertest from 'supertest';
import { signInAtMicrosoft } from '../testkit/microsoft-sign-in';
import { adminRequest, createAdmin, createRole, type CreatedAdmin } from '../testkit/admin';
import { startTestStrapi, type TestStrapi } from '../testkit/strapi';
import { startTlsFront } from '../testkit/tls-front';
import { ARTICLE, DOWNLOAD_ACTION, grantPublic, revokePublic } from '../testkit/editors';
import { PLUGIN_ID, TABLE, UID } from '../server/src/constants';
import { UNMATCHED_POSTS_LIMIT } from '../server/src/notifications/service';
import routeRegistry from '../server/src/routes';
import type { SettingsService } from '../server/src/settings/service';
import { sealedNames } from '../server/src/auth/sealed-names';
import { log, type SoakArgs } from './common';
import { startEmulatorProcess, type EmulatorProcess } from '../testkit/emulator-process';
import { sleep, until } from '../testkit/wait';
import { notificationFlood } from './flood';
import { captureOutput, databaseBytes, findSecrets, type Secret } from './secret-scan';
import { PERMISSIONS } from '../shared/permissions';
import { hasThumbnailKind } from '../shared/thumbnails';

const BASE = '/external-drives';
const CALLBACK = '/api/external-drives/oauth/callback';
const NOTIFICATIONS = '/api/external-drives/notifications';
const FILES = '/api/external-drives/files';
const REDIRECT_URI = `http://localhost:1337${CALLBACK}`;
const READ = PERMISSIONS.read;

/** Every route the plugin registers, from its one registry: a new route is covered by itself. */
const ADMIN_ROUTES = routeRegistry.admin.routes;
const PUBLIC_ROUTES = routeRegistry['content-api'].routes;
const ALL_ROUTES = [...ADMIN_ROUTES, ...PUBLIC_ROUTES].map((r) => `${r.method} ${r.path}`);

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The resources one user owns (or one platform drive holds), to aim routes at. */
interface Target {
  label: string;
  driveId: string;
  itemId: string;
  folderId: string;
  accountId: string;
  uploadId: string;
  siteId: string;
  /** Strings only this owner may see: any of them in another user's answer is a leak. */
  markers: string[];
}

interface Attempt {
  who: string;
  route: string;
  status: number;
  leak: string | null;
}

/** A body each write route accepts from someone entitled to it. */
function bodyFor(route: string, target: Target): object | Buffer | undefined {
  const bodies: Record<string, object> = {
    'POST /drives': { siteId: target.siteId, driveId: target.driveId },
    'PUT /drives/:id': { name: 'Taken over' },
    'PUT /settings': { syncIntervalMinutes: 7 },
    'POST /connections': { kind: 'onedrive' },
    'POST /connections/:accountId/drives': { siteId: target.siteId, driveId: 'b!guessed' },
    'POST /drives/:id/uploads': { parentId: target.folderId, name: 'probe.txt', size: 5 },
    'PATCH /drives/:id/items/:itemId': { name: 'renamed.txt' },
    'POST /drives/:id/folders': { parentId: target.folderId, name: 'Probe folder' },
  };
  if (route === 'PUT /drives/:id/uploads/:uploadId') return Buffer.from('probe');
  return bodies[route];
}

function pathFor(path: string, target: Target) {
  return path
    .replace(':id', encodeURIComponent(target.driveId))
    .replace(':itemId', encodeURIComponent(target.itemId))
    .replace(':uploadId', encodeURIComponent(target.uploadId))
    .replace(':versionId', '1.0')
    .replace(':accountId', encodeURIComponent(target.accountId))
    .replace(':siteId', encodeURIComponent(target.siteId));
}

export async function securitySuite(args: SoakArgs) {
  const output = captureOutput();
  let emulator: EmulatorProcess | undefined;
  let app: TestStrapi | undefined;
  const bodies: string[] = [];
  const attempts: Attempt[] = [];
  /** Per route, the authorised successes and the refusals seen: it needs one of each. */
  const outcomes = new Map<string, { successes: number; refusals: number }>();
  const note = (route: string, outcome: 'success' | 'refusal') => {
    const seen = outcomes.get(route) ?? { successes: 0, refusals: 0 };
    if (outcome === 'success') seen.successes++;
    else seen.refusals++;
    outcomes.set(route, seen);
  };
  try {
    emulator = await startEmulatorProcess(['--seed', 'demo', '--notify-delay-ms', '200']);
    const { info, control } = emulator;
    const front = await startTlsFront(await control.issueCertificate(['localhost']));
    app = await startTestStrapi({
      emulator: info,
      // The secret goes in through Settings (sealed in the database), not the environment.
      integration: false,
      env: {
        EXTERNAL_DRIVES_REDIRECT_URI: REDIRECT_URI,
        EXTERNAL_DRIVES_NOTIFICATION_URL: `${front.url}${NOTIFICATIONS}`,
        // Everything Strapi can log is logged, and searched.
        STRAPI_LOG_LEVEL: 'debug',
      },
    });
    front.target = app.url;
    const { strapi, http } = app;
    const api = (who: CreatedAdmin) => adminRequest(http, who.token);
    const keep = (answer: supertest.Response) => {
      bodies.push(answer.text ?? '');
      return answer;
    };

    // Site search (GET /sites) needs Sites.Read.All besides Sites.Selected; given before the app's
    // first token, whose roles it is read from.
    await control.setAppPermissions(info.clientId, ['Sites.Selected', 'Sites.Read.All']);

    // People: a super admin, two users with the read permission in different roles, one without.
    const readers = await createRole(strapi, { name: 'Readers', actions: [READ] });
    const marketing = await createRole(strapi, { name: 'Marketing', actions: [READ] });
    const noPlugin = await createRole(strapi, { name: 'No plugin', actions: [] });
    const root = await createAdmin(strapi, { email: 'root@example.com', roles: 'super' });
    const alice = await createAdmin(strapi, { email: 'alice@example.com', roles: [readers] });
    const bob = await createAdmin(strapi, { email: 'bob@example.com', roles: [marketing] });
    const nobody = await createAdmin(strapi, { email: 'nobody@example.com', roles: [noPlugin] });

    const settingsAnswer = keep(
      await api(root).put(`${BASE}/settings`).send({
        tenantId: info.tenantId,
        clientId: info.clientId,
        clientSecret: info.clientSecret,
      })
    );
    if (settingsAnswer.status !== 200) throw new Error(`settings: ${settingsAnswer.text}`);

    /** The Microsoft sign-in of a person, as a browser does it; returns the callback's answer. */
    const signIn = async (
      who: CreatedAdmin,
      microsoftUserId: string,
      kind: 'onedrive' | 'sharepoint' = 'onedrive'
    ) => {
      const started = keep(await api(who).post(`${BASE}/connections`).send({ kind }));
      const cookie = ([] as string[])
        .concat(started.headers['set-cookie'] ?? [])
        .find((line) => line.startsWith('external_drives_sign_in='))!
        .split(';')[0];
      const authorizationUrl = started.body.data.authorizationUrl as string;
      const redirect = await signInAtMicrosoft(info, authorizationUrl, microsoftUserId);
      return { cookie, authorizationUrl, redirect };
    };
    const connected = (location: string | undefined) =>
      Number(new URL(location ?? '/', REDIRECT_URI).searchParams.get('connected')) || null;
    const connectOneDrive = async (who: CreatedAdmin, microsoftUserId: string) => {
      const { cookie, redirect } = await signIn(who, microsoftUserId);
      const back = await http.get(`${redirect.pathname}${redirect.search}`).set('Cookie', cookie);
      const driveId = connected(back.headers.location);
      if (!driveId) throw new Error(`sign-in failed: ${back.headers.location}`);
      keep(await api(who).post(`${BASE}/drives/${driveId}/sync?wait=true`));
      return driveId;
    };
    const userNamed = (name: string) => info.users.find((user) => user.displayName === name)!;
    const megan = userNamed('Megan Bowen');
    const adele = userNamed('Adele Vance');
    const bobsDrive = await connectOneDrive(bob, megan.id);
    const alicesDrive = await connectOneDrive(alice, adele.id);

    const marketingSite = info.sites.find((site) => site.name === 'Marketing')!;
    const engineeringSite = info.sites.find((site) => site.name === 'Engineering')!;
    const platformDrive = async (siteId: string, remoteDriveId: string, roles: object[]) => {
      const created = keep(
        await api(root).post(`${BASE}/drives`).send({ siteId, driveId: remoteDriveId, roles })
      );
      if (created.status !== 201) throw new Error(`platform drive: ${created.text}`);
      keep(await api(root).post(`${BASE}/drives/${created.body.data.id}/sync?wait=true`));
      return created.body.data.id as number;
    };
    const marketingDrive = await platformDrive(marketingSite.id, marketingSite.drives[0].id, [
      { roleId: marketing, access: 'write' },
    ]);
    const sharedDrive = await platformDrive(engineeringSite.id, engineeringSite.drives[0].id, [
      { roleId: marketing, access: 'write' },
      { roleId: readers, access: 'write' },
    ]);

    const rowsOf = async (driveId: number) =>
      (await strapi.db.query(UID.driveItem).findMany({
        where: { driveId, deleted: false, isRoot: false },
        orderBy: { id: 'asc' },
      })) as Array<{
        remoteId: string;
        isFolder: boolean;
        name: string | null;
        mimeType: string | null;
      }>;
    const rootOf = async (driveId: number) =>
      (
        (await strapi.db.query(UID.driveItem).findOne({ where: { driveId, isRoot: true } })) as {
          remoteId: string;
        }
      ).remoteId;
    const accountOf = async (ownerId: number) =>
      (await strapi.db.query(UID.account).findOne({ where: { ownerId } })) as {
        id: number;
        username: string;
      };
    const startUpload = async (who: CreatedAdmin, driveId: number, name: string) => {
      const answer = keep(
        await api(who)
          .post(`${BASE}/drives/${driveId}/uploads`)
          .send({ parentId: await rootOf(driveId), name, size: 5 * 1024 * 1024 })
      );
      if (answer.status !== 201) throw new Error(`upload start: ${answer.text}`);
      return answer.body.data.uploadId as string;
    };
    const targetFor = async (
      label: string,
      driveId: number,
      owner: CreatedAdmin | null,
      siteId: string,
      remoteDriveId: string
    ): Promise<Target> => {
      const rows = await rowsOf(driveId);
      const account = owner ? await accountOf(owner.user.id) : null;
      const file = rows.find((row) => !row.isFolder)!;
      return {
        label,
        driveId: String(driveId),
        itemId: file.remoteId,
        folderId: rows.find((row) => row.isFolder)?.remoteId ?? (await rootOf(driveId)),
        accountId: String(account?.id ?? 999_999),
        uploadId: owner ? await startUpload(owner, driveId, `${label}-upload.bin`) : 'none',
        siteId,
        markers: [
          remoteDriveId,
          ...rows.slice(0, 25).map((row) => row.remoteId),
          ...(account ? [account.username] : []),
        ],
      };
    };
    const bobs = await targetFor('bob-personal', bobsDrive, bob, marketingSite.id, megan.driveId);
    const alices = await targetFor(
      'alice-personal',
      alicesDrive,
      alice,
      marketingSite.id,
      adele.driveId
    );
    const marketingTarget = await targetFor(
      'marketing-platform',
      marketingDrive,
      null,
      marketingSite.id,
      marketingSite.drives[0].id
    );
    marketingTarget.uploadId = await startUpload(bob, marketingDrive, 'marketing-upload.bin');

    const attempt = async (
      who: string,
      token: string | null,
      route: { method: string; path: string },
      target: Target,
      expectRefused: boolean,
      foreignMarkers: string[]
    ) => {
      const key = `${route.method} ${route.path}`;
      const method = route.method.toLowerCase() as Method;
      let request = http[method](
        `${BASE}${pathFor(route.path, target)}?parentId=${encodeURIComponent(target.folderId)}&itemId=${encodeURIComponent(target.itemId)}&q=a`
      );
      if (token) request = request.set('Authorization', `Bearer ${token}`);
      const body = bodyFor(key, target);
      if (Buffer.isBuffer(body)) {
        request = request
          .set('Content-Type', 'application/octet-stream')
          .set('Content-Range', `bytes 0-${body.length - 1}/${5 * 1024 * 1024}`);
      }
      const answer = keep(await (body ? request.send(body) : request));
      const ok = answer.status >= 200 && answer.status < 300;
      const found = foreignMarkers.find((marker) => (answer.text ?? '').includes(marker));
      const leak =
        ok && expectRefused
          ? `${answer.status} on ${target.label}`
          : found
            ? `${target.label} data in the answer (${found})`
            : null;
      attempts.push({ who, route: key, status: answer.status, leak });
      if (leak) log(`LEAK ${who} ${key} -> ${leak}`);
      if (answer.status >= 400) note(key, 'refusal');
      else if (ok && !expectRefused) note(key, 'success');
      return answer;
    };

    // 1. Anonymous, and a user without the plugin's permission: every admin route, refused.
    for (const [who, token] of [
      ['anonymous', null],
      ['no-permission user', nobody.token],
    ] as const) {
      for (const target of [bobs, marketingTarget]) {
        for (const route of ADMIN_ROUTES) {
          await attempt(who, token, route, target, true, [
            ...bobs.markers,
            ...marketingTarget.markers,
          ]);
        }
      }
    }

    // 2. One user against another's personal drive, account and upload, and against a platform
    //    drive outside their roles. Routes without an id are theirs to call: only checked for data.
    const crossings: Array<[string, CreatedAdmin, Target, string[]]> = [
      ['alice', alice, bobs, bobs.markers],
      ['alice', alice, marketingTarget, marketingTarget.markers],
      ['bob', bob, alices, alices.markers],
    ];
    for (const [who, user, target, markers] of crossings) {
      for (const route of ADMIN_ROUTES) {
        const aimed = /:(id|accountId|uploadId)/.test(route.path);
        await attempt(who, user.token, route, target, aimed || needsMoreThanRead(route), markers);
      }
    }

    // 3. Forged drive ids: only a drive the caller may see can answer.
    const visibleToAlice = new Set([alicesDrive, sharedDrive]);
    const forgedIds = [
      '0',
      '-1',
      '999999',
      '1.5',
      `${bobsDrive}.0`,
      `${bobsDrive}abc`,
      ` ${bobsDrive}`,
      `0x${bobsDrive.toString(16)}`,
      `${bobsDrive}e0`,
      "1' OR '1'='1",
      '1;DROP TABLE external_drives_drives',
      '../1',
      'null',
      '[]',
      `${Number.MAX_SAFE_INTEGER + 2}`,
    ];
    for (const forged of forgedIds) {
      const seenAs = Number(forged.trim());
      const mayAnswer = visibleToAlice.has(seenAs);
      for (const route of ADMIN_ROUTES.filter((r) => r.path.includes(':id'))) {
        await attempt(
          'alice (forged drive id)',
          alice.token,
          route,
          { ...bobs, driveId: forged },
          !mayAnswer,
          [...bobs.markers, ...marketingTarget.markers]
        );
      }
    }

    // 4. Another drive's item ids, folders and upload ids, sent to a drive the caller may use.
    const sharedUpload = await startUpload(bob, sharedDrive, 'bobs-shared-upload.bin');
    for (const route of ADMIN_ROUTES.filter((r) => r.path.includes(':id'))) {
      if (/uploads\/:uploadId/.test(route.path)) {
        // Bob's upload on a drive both may write to: still Bob's alone.
        const target = {
          ...alices,
          driveId: String(sharedDrive),
          uploadId: sharedUpload,
          label: 'bob-upload',
        };
        await attempt('alice (bob’s upload id)', alice.token, route, target, true, [sharedUpload]);
        continue;
      }
      if (!/:itemId|folders|uploads$|children|breadcrumbs/.test(route.path)) continue;
      const target = {
        ...bobs,
        driveId: String(alicesDrive),
        label: 'bob-items-in-alice-drive',
      };
      // Listing a folder that is not in the drive, or the entries using an item that is not, may
      // answer (empty); it must not show Bob's data.
      const listing = route.method === 'GET' && /children|breadcrumbs|usage/.test(route.path);
      await attempt('alice (bob’s item ids)', alice.token, route, target, !listing, bobs.markers);
    }
    // Moving one's own file into another person's folder.
    const ownFile = (await rowsOf(alicesDrive)).find((row) => !row.isFolder)!;
    const move = keep(
      await api(alice)
        .patch(`${BASE}/drives/${alicesDrive}/items/${encodeURIComponent(ownFile.remoteId)}`)
        .send({ parentId: bobs.folderId })
    );
    if (move.status >= 400) note('PATCH /drives/:id/items/:itemId', 'refusal');
    attempts.push({
      who: 'alice (move into bob’s folder)',
      route: 'PATCH /drives/:id/items/:itemId',
      status: move.status,
      leak: move.status < 300 ? 'moved into another drive’s folder' : null,
    });
    // Bob's uploads still work: nobody cancelled them on his behalf.
    const bobsStatus = await api(bob).get(`${BASE}/drives/${sharedDrive}/uploads/${sharedUpload}`);
    if (bobsStatus.status !== 200) {
      attempts.push({
        who: 'alice',
        route: 'DELETE /drives/:id/uploads/:uploadId',
        status: bobsStatus.status,
        leak: 'bob’s upload was taken from him',
      });
    }

    // 5. Every admin route once as someone entitled to it, answered with success: a route counts as
    //    exercised only with an authorised success besides its refusals.
    const authorised = async (
      who: CreatedAdmin,
      method: Method,
      route: string,
      url: string,
      body?: object
    ) => {
      const request = api(who)[method](`${BASE}${url}`);
      const answer = keep(await (body ? request.send(body) : request));
      if (answer.status < 400) note(`${method.toUpperCase()} ${route}`, 'success');
      else
        log(`authorised ${method.toUpperCase()} ${url} answered ${answer.status}: ${answer.text}`);
      return answer;
    };
    const aliceRoot = await rootOf(alicesDrive);
    const aliceFile = (await rowsOf(alicesDrive)).find((row) => !row.isFolder)!.remoteId;
    await authorised(alice, 'get', '/drives', '/drives');
    await authorised(alice, 'get', '/drives/:id', `/drives/${alicesDrive}`);
    await authorised(alice, 'post', '/drives/:id/sync', `/drives/${alicesDrive}/sync?wait=true`);
    await authorised(alice, 'get', '/drives/:id/runs', `/drives/${alicesDrive}/runs`);
    await authorised(alice, 'get', '/drives/:id/children', `/drives/${alicesDrive}/children`);
    await authorised(
      alice,
      'get',
      '/drives/:id/breadcrumbs',
      `/drives/${alicesDrive}/breadcrumbs?itemId=${encodeURIComponent(aliceFile)}`
    );
    await authorised(alice, 'get', '/drives/:id/search', `/drives/${alicesDrive}/search?q=a`);
    await authorised(alice, 'get', '/drives/:id/activity', `/drives/${alicesDrive}/activity`);
    // A personal drive's owner may choose its columns (keep only, never publish).
    const columns = `/drives/${alicesDrive}/library-columns`;
    await authorised(alice, 'get', '/drives/:id/library-columns', columns);
    await authorised(alice, 'put', '/drives/:id/library-columns', columns, {
      kept: [],
      published: [],
    });
    await authorised(alice, 'get', '/drives/:id/usage', `/drives/${alicesDrive}/usage`);
    const itemPath = (driveId: number, itemId: string) =>
      `/drives/${driveId}/items/${encodeURIComponent(itemId)}`;
    await authorised(
      alice,
      'get',
      '/drives/:id/items/:itemId/usage',
      `${itemPath(alicesDrive, aliceFile)}/usage`
    );
    await authorised(
      alice,
      'get',
      '/drives/:id/items/:itemId/content',
      `${itemPath(alicesDrive, aliceFile)}/content`
    );
    await authorised(
      alice,
      'get',
      '/drives/:id/items/:itemId/zip',
      `${itemPath(alicesDrive, aliceRoot)}/zip`
    );
    // A thumbnail is made for images, PDFs and Office files only: one of Alice's of those.
    const alicePicture = (await rowsOf(alicesDrive)).find(
      (row) => !row.isFolder && hasThumbnailKind(row.name ?? '', row.mimeType)
    );
    await authorised(
      alice,
      'get',
      '/drives/:id/items/:itemId/thumbnail',
      `${itemPath(alicesDrive, alicePicture?.remoteId ?? aliceFile)}/thumbnail`
    );
    // Copy link: created with Alice's own delegated token on her OneDrive (issue 22).
    await authorised(
      alice,
      'post',
      '/drives/:id/items/:itemId/link',
      `${itemPath(alicesDrive, aliceFile)}/link`,
      {}
    );
    // The same ZIP by a single-use ticket: asked for with the session, fetched without it.
    const ticket = await authorised(
      alice,
      'post',
      '/drives/:id/items/:itemId/zip-ticket',
      `${itemPath(alicesDrive, aliceRoot)}/zip-ticket`
    );
    const byTicket = keep(await http.get(String(ticket.body?.data?.url)));
    if (byTicket.status < 400) note('GET /zip-downloads/:ticket', 'success');
    else log(`the ZIP by ticket answered ${byTicket.status}: ${byTicket.text}`);
    const folderUpload = { files: [{ path: 'Soak upload/empty.txt', size: 0 }] };
    await authorised(
      alice,
      'post',
      '/drives/:id/items/:itemId/folder-upload/check',
      `${itemPath(alicesDrive, aliceRoot)}/folder-upload/check`,
      folderUpload
    );
    await authorised(
      alice,
      'post',
      '/drives/:id/items/:itemId/folder-upload',
      `${itemPath(alicesDrive, aliceRoot)}/folder-upload`,
      folderUpload
    );
    await authorised(alice, 'post', '/external-files/describe', '/external-files/describe', {
      references: [{ driveId: adele.driveId, itemId: aliceFile }],
    });
    const folder = await authorised(
      alice,
      'post',
      '/drives/:id/folders',
      `/drives/${alicesDrive}/folders`,
      {
        parentId: aliceRoot,
        name: 'Soak folder',
      }
    );
    const folderId = String(folder.body?.data?.remoteId ?? folder.body?.data?.id ?? 'none');
    await authorised(alice, 'patch', '/drives/:id/items/:itemId', itemPath(alicesDrive, folderId), {
      name: 'Soak folder renamed',
    });
    await authorised(alice, 'delete', '/drives/:id/items/:itemId', itemPath(alicesDrive, folderId));
    // An upload of five bytes in one piece, and another started, asked about and cancelled.
    const uploads = `/drives/${alicesDrive}/uploads`;
    const small = await authorised(alice, 'post', '/drives/:id/uploads', uploads, {
      parentId: aliceRoot,
      name: 'soak-small.txt',
      size: 5,
    });
    const piece = keep(
      await api(alice)
        .put(`${BASE}${uploads}/${small.body?.data?.uploadId}`)
        .set('Content-Type', 'application/octet-stream')
        .set('Content-Range', 'bytes 0-4/5')
        .send(Buffer.from('hello'))
    );
    if (piece.status < 400) note('PUT /drives/:id/uploads/:uploadId', 'success');
    else log(`authorised upload piece answered ${piece.status}: ${piece.text}`);
    // That file again, so it has an earlier version: its versions listed, one downloaded, restored.
    const again = await authorised(alice, 'post', '/drives/:id/uploads', uploads, {
      parentId: aliceRoot,
      name: 'soak-small.txt',
      size: 6,
      conflictBehavior: 'replace',
    });
    const secondPiece = keep(
      await api(alice)
        .put(`${BASE}${uploads}/${again.body?.data?.uploadId}`)
        .set('Content-Type', 'application/octet-stream')
        .set('Content-Range', 'bytes 0-5/6')
        .send(Buffer.from('hello!'))
    );
    const versioned = itemPath(alicesDrive, String(secondPiece.body?.data?.item?.remoteId));
    const versions = await authorised(
      alice,
      'get',
      '/drives/:id/items/:itemId/versions',
      `${versioned}/versions`
    );
    const earlier = String(versions.body?.data?.[1]?.id ?? 'none');
    await authorised(
      alice,
      'get',
      '/drives/:id/items/:itemId/versions/:versionId/content',
      `${versioned}/versions/${earlier}/content`
    );
    await authorised(
      alice,
      'post',
      '/drives/:id/items/:itemId/versions/:versionId/restore',
      `${versioned}/versions/${earlier}/restore`
    );
    const large = await startUpload(alice, alicesDrive, 'soak-cancelled.bin');
    await authorised(alice, 'get', '/drives/:id/uploads/:uploadId', `${uploads}/${large}`);
    await authorised(alice, 'delete', '/drives/:id/uploads/:uploadId', `${uploads}/${large}`);
    // The administrator's routes: settings, sites, a library added, renamed and removed.
    await authorised(root, 'get', '/settings', '/settings');
    await authorised(root, 'put', '/settings', '/settings', { syncIntervalMinutes: 15 });
    await authorised(root, 'post', '/settings/test-connection', '/settings/test-connection', {});
    await authorised(root, 'get', '/sites', '/sites?search=Marketing');
    await authorised(
      root,
      'get',
      '/sites/by-url',
      `/sites/by-url?url=${encodeURIComponent(marketingSite.webUrl)}`
    );
    await authorised(root, 'get', '/sites/:siteId/drives', `/sites/${marketingSite.id}/drives`);
    await authorised(root, 'get', '/sites/:siteId', `/sites/${marketingSite.id}`);
    await authorised(root, 'get', '/sites/access', '/sites/access');
    await authorised(root, 'get', '/roles', '/roles');
    const library = await control.createLibrary(marketingSite.id, 'Security soak');
    await authorised(
      root,
      'get',
      '/sites/:siteId/drives/:driveId/folders',
      `/sites/${marketingSite.id}/drives/${library.id}/folders`
    );
    const added = await authorised(root, 'post', '/drives', '/drives', {
      siteId: marketingSite.id,
      driveId: library.id,
    });
    const addedId = added.body?.data?.id as number;
    await authorised(root, 'put', '/drives/:id', `/drives/${addedId}`, { name: 'Soak library' });
    await authorised(
      root,
      'post',
      '/drives/:id/items/:itemId/copy-to-media-library',
      `${itemPath(marketingDrive, marketingTarget.itemId)}/copy-to-media-library`,
      {}
    );
    await authorised(root, 'delete', '/drives/:id', `/drives/${addedId}`);
    // A personal SharePoint connection (Alex, a member of Engineering), used, then removed.
    const carol = await createAdmin(strapi, { email: 'carol@example.com', roles: [readers] });
    const alex = userNamed('Alex Wilber');
    const carolFlow = await signIn(carol, alex.id, 'sharepoint');
    note('POST /connections', 'success');
    const carolBack = await http
      .get(`${carolFlow.redirect.pathname}${carolFlow.redirect.search}`)
      .set('Cookie', carolFlow.cookie);
    const carolAccount = new URL(carolBack.headers.location ?? '/', REDIRECT_URI).searchParams.get(
      'account'
    );
    if (!carolAccount) throw new Error(`SharePoint sign-in failed: ${carolBack.headers.location}`);
    const connectionPath = `/connections/${carolAccount}`;
    await authorised(carol, 'get', '/connections', '/connections');
    await authorised(
      carol,
      'get',
      '/connections/:accountId/sites',
      `${connectionPath}/sites?search=Engineering`
    );
    await authorised(
      carol,
      'get',
      '/connections/:accountId/sites/:siteId/drives',
      `${connectionPath}/sites/${engineeringSite.id}/drives`
    );
    await authorised(
      carol,
      'get',
      '/connections/:accountId/sites/:siteId/drives/:driveId/folders',
      `${connectionPath}/sites/${engineeringSite.id}/drives/${engineeringSite.drives[1].id}/folders`
    );
    await authorised(carol, 'post', '/connections/:accountId/drives', `${connectionPath}/drives`, {
      siteId: engineeringSite.id,
      driveId: engineeringSite.drives[1].id,
    });
    await authorised(carol, 'delete', '/connections/:accountId', connectionPath);

    // 6. Forged OAuth callbacks: nothing may connect.
    const accountsBefore = await strapi.db.query(UID.account).count();
    const drivesBefore = await strapi.db.query(UID.drive).count();
    const callbackAttempts: Array<{ label: string; url: string; cookie?: string }> = [];
    callbackAttempts.push({
      label: 'unknown state',
      url: `${CALLBACK}?code=forged-code&state=forged-state`,
    });
    callbackAttempts.push({ label: 'no state', url: `${CALLBACK}?code=forged-code` });
    callbackAttempts.push({
      label: 'error from Microsoft',
      url: `${CALLBACK}?error=access_denied&state=x`,
    });
    // Alice's real sign-in, finished by someone else: without her browser's cookie, with a forged
    // code, with Bob's real code.
    const aliceFlow = await signIn(alice, adele.id);
    const aliceState = aliceFlow.redirect.searchParams.get('state')!;
    const aliceCode = aliceFlow.redirect.searchParams.get('code')!;
    const bobFlow = await signIn(bob, megan.id);
    const bobCode = bobFlow.redirect.searchParams.get('code')!;
    callbackAttempts.push({
      label: 'real state, no cookie',
      url: `${CALLBACK}?code=${encodeURIComponent(aliceCode)}&state=${encodeURIComponent(aliceState)}`,
    });
    callbackAttempts.push({
      label: 'real state, another browser’s cookie',
      url: `${CALLBACK}?code=${encodeURIComponent(aliceCode)}&state=${encodeURIComponent(aliceState)}`,
      cookie: bobFlow.cookie,
    });
    callbackAttempts.push({
      label: 'real state and cookie, forged code',
      url: `${CALLBACK}?code=forged&state=${encodeURIComponent(aliceState)}`,
      cookie: aliceFlow.cookie,
    });
    callbackAttempts.push({
      label: 'real state and cookie, another person’s code',
      url: `${CALLBACK}?code=${encodeURIComponent(bobCode)}&state=${encodeURIComponent(aliceState)}`,
      cookie: aliceFlow.cookie,
    });
    for (const forged of callbackAttempts) {
      let request = http.get(forged.url);
      if (forged.cookie) request = request.set('Cookie', forged.cookie);
      const answer = keep(await request);
      const location = String(answer.headers.location ?? '');
      const leak = /[?&](connected|account)=/.test(location)
        ? `callback connected (${forged.label})`
        : null;
      if (!leak) note('GET /oauth/callback', 'refusal');
      attempts.push({
        who: `forged callback: ${forged.label}`,
        route: 'GET /oauth/callback',
        status: answer.status,
        leak,
      });
      if (leak) log(`LEAK ${leak}`);
    }
    // A real callback, then its replay (same URL, same cookie): the second must not connect again.
    const realFlow = await signIn(alice, adele.id);
    const realUrl = `${realFlow.redirect.pathname}${realFlow.redirect.search}`;
    const real = keep(await http.get(realUrl).set('Cookie', realFlow.cookie));
    if (!connected(real.headers.location))
      throw new Error(`a real callback failed: ${real.headers.location}`);
    note('GET /oauth/callback', 'success');
    const replay = keep(await http.get(realUrl).set('Cookie', realFlow.cookie));
    attempts.push({
      who: 'forged callback: replayed',
      route: 'GET /oauth/callback',
      status: replay.status,
      leak: /[?&](connected|account)=/.test(String(replay.headers.location))
        ? 'a replayed callback connected'
        : null,
    });
    const accountsAfter = await strapi.db.query(UID.account).count();
    const drivesAfter = await strapi.db.query(UID.drive).count();
    // The real reconnection of Adele's OneDrive reuses Alice's account and drive: nothing new.
    if (accountsAfter !== accountsBefore || drivesAfter !== drivesBefore) {
      attempts.push({
        who: 'forged callbacks',
        route: 'GET /oauth/callback',
        status: 0,
        leak: `accounts ${accountsBefore}->${accountsAfter}, drives ${drivesBefore}->${drivesAfter}`,
      });
    }

    // 7. Forged change notifications: none may start a sync.
    const subscriptions = await until('every drive’s subscription', async () => {
      const all = await control.subscriptions();
      return all.length >= 4 ? all : undefined;
    });
    const webhookRuns = () => strapi.db.query(UID.syncRun).count({ where: { trigger: 'webhook' } });
    await sleep(1500); // Real notifications of earlier changes settle first.
    const runsBefore = await webhookRuns();
    const [aSubscription, anotherSubscription] = subscriptions;
    const forgedNotifications: Array<[string, unknown]> = [
      [
        'unknown subscription',
        {
          value: [
            {
              subscriptionId: 'forged',
              clientState: 'forged',
              changeType: 'updated',
              resource: 'drives/x/root',
            },
          ],
        },
      ],
      [
        'real subscription, wrong clientState',
        {
          value: [
            {
              subscriptionId: aSubscription.id,
              clientState: 'x'.repeat(43),
              changeType: 'updated',
              resource: aSubscription.resource,
            },
          ],
        },
      ],
      [
        'real subscription, no clientState',
        { value: [{ subscriptionId: aSubscription.id, changeType: 'updated' }] },
      ],
      [
        'real subscription, clientState of another',
        {
          value: [
            { subscriptionId: aSubscription.id, clientState: anotherSubscription.clientState },
          ],
        },
      ],
      [
        'a thousand forged entries',
        {
          value: Array.from({ length: 1000 }, (_, i) => ({
            subscriptionId: subscriptions[i % subscriptions.length].id,
            clientState: `guess-${i}`,
          })),
        },
      ],
      ['value is not a list', { value: { subscriptionId: aSubscription.id } }],
      [
        'prototype pollution',
        JSON.parse(
          '{"__proto__":{"polluted":true},"value":[{"subscriptionId":"x","clientState":"y"}]}'
        ),
      ],
    ];
    for (const [label, body] of forgedNotifications) {
      const answer = keep(await http.post(NOTIFICATIONS).send(body as object));
      attempts.push({
        who: `forged notification: ${label}`,
        route: 'POST /notifications',
        status: answer.status,
        leak: null,
      });
    }
    const reflected = keep(
      await http.post(
        `${NOTIFICATIONS}?validationToken=${encodeURIComponent('<script>alert(1)</script>')}`
      )
    );
    attempts.push({
      who: 'notification validation with markup',
      route: 'POST /notifications',
      status: reflected.status,
      leak: /html/i.test(String(reflected.headers['content-type']))
        ? 'validation token reflected as HTML'
        : null,
    });
    await sleep(2000);
    const runsAfter = await webhookRuns();
    if (({} as Record<string, unknown>).polluted) {
      attempts.push({
        who: 'forged notification',
        route: 'POST /notifications',
        status: 0,
        leak: 'Object.prototype polluted',
      });
    }
    if (runsAfter !== runsBefore) {
      attempts.push({
        who: 'forged notifications',
        route: 'POST /notifications',
        status: 0,
        leak: `${runsAfter - runsBefore} syncs started`,
      });
    }
    // A source that keeps sending forgeries is refused (429); a genuine entry is still taken.
    const forgedOnly = {
      value: [{ subscriptionId: aSubscription.id, clientState: 'y'.repeat(43) }],
    };
    for (let i = 0; i <= UNMATCHED_POSTS_LIMIT; i++) {
      const answer = keep(await http.post(NOTIFICATIONS).send(forgedOnly));
      attempts.push({
        who: 'forged notification: again and again',
        route: 'POST /notifications',
        status: answer.status,
        leak: null,
      });
      if (answer.status === 429) {
        note('POST /notifications', 'refusal');
        break;
      }
    }
    const genuineEntry = {
      subscriptionId: aSubscription.id,
      clientState: aSubscription.clientState,
      changeType: 'updated',
    };
    const genuine = keep(await http.post(NOTIFICATIONS).send({ value: [genuineEntry] }));
    attempts.push({
      who: 'genuine notification from a throttled source',
      route: 'POST /notifications',
      status: genuine.status,
      leak: null,
    });
    if (genuine.status === 202) note('POST /notifications', 'success');

    // 8. The content-API download: refused without the Users & Permissions action; with it (given
    //    to the Public role, the widest grant), still only files attached to a published entry,
    //    and no entry here has any. A redirect would serve the file as surely as a 200.
    const download = async (label: string, driveId: string, itemId: string, attached = false) => {
      const answer = keep(
        await http.get(`${FILES}/${encodeURIComponent(driveId)}/${encodeURIComponent(itemId)}`)
      );
      const served = answer.status < 400;
      const leak = served && !attached ? `${answer.status}: ${label} served` : null;
      if (served && attached) note('GET /files/:driveId/:itemId', 'success');
      else if (!served) note('GET /files/:driveId/:itemId', 'refusal');
      if (attached && !served) log(`a file of a published entry was refused: ${answer.text}`);
      attempts.push({
        who: 'anonymous',
        route: 'GET /files/:driveId/:itemId',
        status: answer.status,
        leak,
      });
      if (leak) log(`LEAK ${leak}`);
    };
    const unattached: Array<[string, string, string]> = [
      ['bob’s personal file', megan.driveId, bobs.itemId],
      ['a platform drive’s file', marketingSite.drives[0].id, marketingTarget.itemId],
      ['alice’s personal file', adele.driveId, alices.itemId],
    ];
    const forgedFiles: Array<[string, string, string]> = [
      ['a forged drive id', '..', bobs.itemId],
      ['a path for an item id', megan.driveId, '../../admin'],
      ['SQL for ids', "1' OR '1'='1", "1' OR '1'='1"],
      ['a drive’s numeric row id', String(bobsDrive), bobs.itemId],
    ];
    // The one file a published article attaches: served once the Public role may read articles
    // and download.
    const attachedFile = (await rowsOf(marketingDrive)).filter((row) => !row.isFolder)[1].remoteId;
    await strapi.documents(ARTICLE as never).create({
      data: {
        title: 'Security soak article',
        attachment: { driveId: marketingSite.drives[0].id, itemId: attachedFile },
      } as never,
      status: 'published',
    });
    for (const [label, driveId, itemId] of unattached) await download(label, driveId, itemId);
    await download('the attached file, before any grant', marketingSite.drives[0].id, attachedFile);
    const publicActions = [DOWNLOAD_ACTION, `${ARTICLE}.find`, `${ARTICLE}.findOne`];
    await grantPublic(strapi, publicActions);
    try {
      for (const [label, driveId, itemId] of [...unattached, ...forgedFiles])
        await download(`${label} (Public may download)`, driveId, itemId);
      await download('the attached file', marketingSite.drives[0].id, attachedFile, true);
    } finally {
      await revokePublic(strapi, publicActions);
    }

    // 9. The notification flood, sent by a child process, while an administrator lists a folder
    //    of 1,000 files; genuine notifications of every drive go along with it.
    const floodLibrary = await control.createLibrary(engineeringSite.id, 'Flood');
    const floodChildren = args.number('flood-children', 1000);
    for (let i = 0; i < floodChildren; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, floodChildren - i) }, (_, j) =>
          control.createItem(floodLibrary.id, { name: `file-${i + j}.txt`, size: 10 })
        )
      );
    }
    // Filled before it is added, so that its first sync brings the files in (no notification).
    const floodDrive = await platformDrive(engineeringSite.id, floodLibrary.id, []);
    const floodRoot = await rootOf(floodDrive);
    // The subscriptions Strapi holds (Graph's own list may still name a removed drive's).
    const live = await until('the flood drive’s subscription', async () => {
      const held = new Set(
        (
          (await strapi.db.query(UID.drive).findMany({
            where: { subscriptionId: { $notNull: true } },
            select: ['subscriptionId'],
          })) as Array<{ subscriptionId: string }>
        ).map((row) => row.subscriptionId)
      );
      const all = (await control.subscriptions()).filter((entry) => held.has(entry.id));
      return all.some((entry) => entry.driveId === floodLibrary.id) ? all : undefined;
    });
    const floodFigures = await notificationFlood({
      app,
      timedCall: {
        name: `GET /drives/:id/children (a folder of ${floodChildren} files, pages of 100)`,
        send: () =>
          api(root).get(
            `${BASE}/drives/${floodDrive}/children?parentId=${encodeURIComponent(floodRoot)}&pageSize=100`
          ),
      },
      timedCalls: args.number('flood-timed-calls', 200),
      ratePerSecond: args.number('flood-rate', 1000),
      seconds: args.number('flood-seconds', 10),
      batch: args.number('flood-batch', 100),
      genuine: live.map((entry) => ({
        subscriptionId: entry.id,
        clientState: entry.clientState!,
      })),
      genuineEvery: 20,
    });

    // 10. Secrets in plain text: the database bytes, the logs, every answer.
    const secretBox = (strapi.plugin(PLUGIN_ID).service('settings') as SettingsService).secretBox();
    const secrets: Secret[] = [{ kind: 'client secret', value: info.clientSecret }];
    const accountRows = (await strapi.db
      .connection(TABLE.account)
      .select('sealed_cache', 'owner_id', 'home_account_id')) as Array<{
      sealed_cache: string | null;
      owner_id: number;
      home_account_id: string;
    }>;
    for (const row of accountRows) {
      if (!row.sealed_cache) continue;
      const sealedName = sealedNames.tokenCache(Number(row.owner_id), row.home_account_id);
      const cache = JSON.parse(secretBox.open(row.sealed_cache, sealedName)) as Record<
        string,
        Record<string, { secret?: string }>
      >;
      for (const [kind, label] of [
        ['RefreshToken', 'refresh token'],
        ['AccessToken', 'access token'],
      ] as const) {
        for (const entry of Object.values(cache[kind] ?? {})) {
          if (entry.secret) secrets.push({ kind: label, value: entry.secret });
        }
      }
    }
    for (const session of await control.uploadSessions())
      secrets.push({ kind: 'upload session URL', value: session.id });
    for (const subscription of await control.subscriptions()) {
      if (subscription.clientState)
        secrets.push({ kind: 'subscription clientState', value: subscription.clientState });
    }
    secrets.push({ kind: 'encryption key', value: process.env.ENCRYPTION_KEY ?? '' });
    const refreshTokens = secrets.filter((secret) => secret.kind === 'refresh token').length;
    if (refreshTokens === 0)
      throw new Error('no refresh token found in the sealed caches: nothing to search for');
    // Let SQLite write what it holds, as a checkpoint would, then read every byte.
    const databaseFile = (strapi.db.config.connection.connection as { filename: string }).filename;
    const places = [
      ...databaseBytes(databaseFile),
      { where: 'logs', bytes: output.text() },
      { where: 'API answers', bytes: bodies.join('\n') },
    ];
    // Canaries: plain values that are meant to be there prove each place was really read.
    const canaries = findSecrets(
      [
        { kind: 'account name', value: (await accountOf(bob.user.id)).username },
        { kind: 'request line', value: `${BASE}/settings` },
        { kind: 'drive id', value: megan.driveId },
      ],
      places
    ).map((finding) => `${finding.kind}:${finding.where}`);
    for (const expected of ['account name:database', 'request line:logs', 'drive id:API answers']) {
      if (!canaries.some((found) => found.startsWith(expected))) {
        throw new Error(
          `the secret scan cannot see ${expected.split(':')[1]} (${canaries.join(', ')})`
        );
      }
    }
    const findings = findSecrets(secrets, places);
    for (const finding of findings)
      log(`SECRET in plain text: ${finding.kind} in ${finding.where}`);
    const leaks = attempts.filter((entry) => entry.leak);
    const neverCalled = ALL_ROUTES.filter((route) => {
      const seen = outcomes.get(route);
      return !seen?.successes || !seen.refusals;
    });
    for (const route of neverCalled) {
      const seen = outcomes.get(route) ?? { successes: 0, refusals: 0 };
      log(
        `NOT EXERCISED ${route}: ${seen.successes} authorised successes, ${seen.refusals} refusals`
      );
    }
    return {
      routes: ALL_ROUTES.length,
      routesNeverCalled: neverCalled.length,
      attempts: attempts.length,
      leaks: leaks.length,
      plaintextSecrets: new Set(findings.map((finding) => `${finding.kind}:${finding.where}`)).size,
      secretsSearched: secrets.length,
      refreshTokens,
      logBytes: output.text().length,
      refusedStatuses: countBy(
        attempts.filter((entry) => entry.status >= 400).map((entry) => entry.status)
      ),
      ...floodFigures,
    };
  } finally {
    try {
      await app?.close();
      await emulator?.stop();
    } finally {
      output.restore();
    }
  }
}

/** Routes a user with only the read permission may not call at all. */
function needsMoreThanRead(route: { config: { policies: unknown[] } }): boolean {
  const policy = route.config.policies[1] as { config?: { actions?: string[] } } | undefined;
  return (policy?.config?.actions ?? []).some((action) => action !== READ);
}

const countBy = (values: number[]) =>
  values.reduce<Record<string, number>>((counts, value) => {
    counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  }, {});
