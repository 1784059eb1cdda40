import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import supertest from 'supertest';
import type { EmulatorInfo } from '../emulator/src';

export interface AdminUser {
  id: number;
  email: string;
  firstname: string;
}

export interface CreatedAdmin {
  user: AdminUser;
  token: string;
  password: string;
}

/**
 * Creates an admin role holding exactly `actions` (plugin actions have no subject), e.g.
 * ['plugin::external-drives.read']. Returns the role's id.
 */
export async function createRole(
  strapi: Core.Strapi,
  { name, actions }: { name: string; actions: string[] }
): Promise<number> {
  const roleService = strapi.service('admin::role');
  const role = await roleService.create({ name, description: `test role ${name}` });
  if (actions.length > 0) {
    await roleService.assignPermissions(
      role.id,
      actions.map((action) => ({ action, subject: null, conditions: [], properties: {} }))
    );
  }
  return role.id;
}

/**
 * Creates an active admin user (super admin, or the given role ids) and logs it in through
 * `POST /admin/login`, the way the admin panel does. The token goes in `Authorization: Bearer`.
 */
export async function createAdmin(
  strapi: Core.Strapi,
  { email, roles }: { email: string; roles: 'super' | number[] }
): Promise<CreatedAdmin> {
  const roleIds =
    roles === 'super' ? [(await strapi.service('admin::role').getSuperAdmin()).id] : roles;
  const password = `Test-${randomBytes(9).toString('base64url')}1a`;
  const user = await strapi.service('admin::user').create({
    email,
    firstname: email.split('@')[0],
    lastname: 'Test',
    password,
    isActive: true,
    registrationToken: null,
    roles: roleIds,
  });
  const login = await supertest(strapi.server.httpServer)
    .post('/admin/login')
    .send({ email, password });
  if (login.status !== 200) {
    throw new Error(
      `admin login for ${email} failed: ${login.status} ${JSON.stringify(login.body)}`
    );
  }
  return {
    user: { id: user.id, email, firstname: user.firstname },
    token: login.body.data.token,
    password,
  };
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Supertest requests with the admin's bearer token: `adminRequest(http, token).get('/external-drives/drives')`. */
export function adminRequest(http: ReturnType<typeof supertest>, token: string) {
  const withToken =
    (method: Method) =>
    (url: string): supertest.Test =>
      http[method](url).set('Authorization', `Bearer ${token}`);
  return {
    get: withToken('get'),
    post: withToken('post'),
    put: withToken('put'),
    patch: withToken('patch'),
    delete: withToken('delete'),
  };
}

/** "Sync Now", waiting for the run: it must succeed. Returns the run. */
export async function syncAndWait(api: ReturnType<typeof adminRequest>, driveId: number) {
  const answer = await api.post(`/external-drives/drives/${driveId}/sync?wait=true`);
  expect(answer.status).toBe(200);
  expect(answer.body.data.status).toBe('succeeded');
  return answer.body.data;
}

/**
 * Connects the emulator's large library ("Archive", seeded with `items`) as a platform drive
 * through the admin API, as an admin would; its first sync starts at once. Returns both ids.
 */
export async function connectLargeLibrary(
  api: ReturnType<typeof adminRequest>,
  info: EmulatorInfo
): Promise<{ driveId: number; remoteDriveId: string }> {
  const remoteDriveId = info.largeDriveId!;
  const site = info.sites.find((s) => s.drives.some((d) => d.id === remoteDriveId))!;
  const created = await api
    .post('/external-drives/drives')
    .send({ siteId: site.id, driveId: remoteDriveId, name: 'Archive' });
  if (created.status !== 201) {
    throw new Error(
      `connecting the large library: ${created.status} ${JSON.stringify(created.body)}`
    );
  }
  return { driveId: created.body.data.id as number, remoteDriveId };
}
