/**
 * Connecting the fleet as people and an admin would: each OneDrive through the real sign-in
 * (the admin API starts it, the emulator's Microsoft sign-in page is answered, the browser's
 * redirect reaches the plugin's callback with the sign-in cookie), each library through the admin
 * API. Requests alternate between the instances, as behind a load balancer. A connection that
 * fails (the machine is loaded: a timeout, a refused socket) is tried again from the start.
 */
import { Agent, request } from 'undici';
import type { EmulatorInfo } from '../../emulator/src';
import { signInAtMicrosoft } from '../../testkit/microsoft-sign-in';
import { log } from '../lib/measure';

const ATTEMPTS = 4;

interface AdminApi {
  urls: string[];
  token: string;
  dispatcher: Agent;
}

async function adminCall(
  api: AdminApi,
  url: string,
  method: 'GET' | 'POST',
  body?: unknown,
  headers: Record<string, string> = {}
) {
  const answer = await request(url, {
    method,
    dispatcher: api.dispatcher,
    headers: {
      authorization: `Bearer ${api.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.body.text();
  return { status: answer.statusCode, headers: answer.headers, text };
}

/** One OneDrive: sign-in started on one instance, the callback answered by the other. */
async function connectOneDrive(api: AdminApi, info: EmulatorInfo, userId: string, turn: number) {
  const [first, second] = [
    api.urls[turn % api.urls.length],
    api.urls[(turn + 1) % api.urls.length],
  ];
  const started = await adminCall(api, `${first}/external-drives/connections`, 'POST', {
    kind: 'onedrive',
  });
  if (started.status !== 201)
    throw new Error(`connect answered ${started.status}: ${started.text}`);
  const cookie = ([] as string[])
    .concat(started.headers['set-cookie'] ?? [])
    .find((line) => line.startsWith('external_drives_sign_in='))
    ?.split(';')[0];
  const { authorizationUrl } = JSON.parse(started.text).data as { authorizationUrl: string };
  const redirect = await signInAtMicrosoft(info, authorizationUrl, userId);
  const back = await request(`${second}${redirect.pathname}${redirect.search}`, {
    dispatcher: api.dispatcher,
    headers: cookie ? { cookie } : {},
  });
  await back.body.dump();
  const location = new URL(String(back.headers.location ?? ''), 'http://localhost');
  const driveId = Number(location.searchParams.get('connected'));
  if (back.statusCode !== 302 || !driveId) {
    throw new Error(`the callback answered ${back.statusCode} to ${location.search}`);
  }
  return driveId;
}

async function withRetries<T>(what: string, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= ATTEMPTS) throw new Error(`${what}: ${(error as Error).message}`);
      log(`${what} failed (${(error as Error).message}), trying again`);
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

/** Runs `work` over `items`, `parallel` at a time, in order of the items. */
async function inParallel<T, R>(
  items: T[],
  parallel: number,
  work: (item: T, index: number) => Promise<R>
) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    })
  );
  return results;
}

export interface ConnectedDrive {
  driveId: number;
  remoteDriveId: string;
}

export async function connectFleet(options: {
  info: EmulatorInfo;
  urls: string[];
  adminToken: string;
  siteId: string;
  libraryDriveIds: string[];
  users: Array<{ id: string; driveId: string }>;
  parallel: number;
}): Promise<ConnectedDrive[]> {
  const api: AdminApi = {
    urls: options.urls,
    token: options.adminToken,
    dispatcher: new Agent({ connections: options.parallel * 2 }),
  };
  try {
    // The libraries first: their big first syncs start while the people sign in.
    const libraries = await inParallel(options.libraryDriveIds, 2, (remoteDriveId, index) =>
      withRetries(`library ${index + 1}`, async () => {
        const url = `${options.urls[index % options.urls.length]}/external-drives/drives`;
        const created = await adminCall(api, url, 'POST', {
          siteId: options.siteId,
          driveId: remoteDriveId,
          name: `Library ${index + 1}`,
        });
        if (created.status !== 201) throw new Error(`${created.status}: ${created.text}`);
        return { driveId: JSON.parse(created.text).data.id as number, remoteDriveId };
      })
    );
    let done = 0;
    const oneDrives = await inParallel(options.users, options.parallel, async (user, index) => {
      const driveId = await withRetries(`OneDrive of user ${index + 1}`, () =>
        connectOneDrive(api, options.info, user.id, index)
      );
      if (++done % 100 === 0) log(`${done} of ${options.users.length} OneDrives connected`);
      return { driveId, remoteDriveId: user.driveId };
    });
    return [...libraries, ...oneDrives];
  } finally {
    await api.dispatcher.close();
  }
}
