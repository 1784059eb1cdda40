/**
 * What the editors' tests share: a booted playground (its `article` has an `attachment` and an
 * `attachments` External file field), the emulator with a fresh SharePoint library connected as a
 * platform drive, admins, and the content-manager and content-API calls an editor and a website
 * make.
 */
import type { Core } from '@strapi/strapi';
import type supertest from 'supertest';
import { ControlClient, type ControlItem } from '../emulator/src/control/client';
import { adminRequest, createAdmin } from './admin';
import { startTestEmulator, type RunningEmulator } from './emulator';
import { startTestStrapi, type TestStrapi } from './strapi';
import { PERMISSIONS } from '../shared/permissions';

export const BASE = '/external-drives';
export const ARTICLE = 'api::article.article';
export const CM = `/content-manager/collection-types/${ARTICLE}`;
const ARTICLE_FIELDS = ['title', 'body', 'attachment', 'attachments'];

export interface EditorsWorld {
  emulator: RunningEmulator;
  control: ControlClient;
  app: TestStrapi;
  strapi: Core.Strapi;
  superAdmin: { id: number; token: string };
  /** Plugin `read`, articles in the content manager, Media Library uploads; reads the drive. */
  editor: { id: number; token: string; roleId: number };
  /** The same permissions, but the drive does not name its role. */
  outsider: { id: number; token: string; roleId: number };
  siteId: string;
  drive: { id: number; remoteDriveId: string };
  close(): Promise<void>;
}

/** A role with the plugin's `read`, the content manager's article actions and uploads. */
async function createEditorRole(strapi: Core.Strapi, name: string) {
  const roleService = strapi.service('admin::role');
  const role = await roleService.create({ name, description: `test role ${name}` });
  const plugin = [PERMISSIONS.read, 'plugin::upload.read', 'plugin::upload.assets.create'].map(
    (action) => ({ action, subject: null, properties: {}, conditions: [] })
  );
  const articles = ['create', 'read', 'update', 'publish', 'delete'].map((verb) => ({
    action: `plugin::content-manager.explorer.${verb}`,
    subject: ARTICLE,
    properties: ['create', 'read', 'update'].includes(verb) ? { fields: ARTICLE_FIELDS } : {},
    conditions: [],
  }));
  await roleService.assignPermissions(role.id, [...plugin, ...articles]);
  return role.id as number;
}

export async function startEditorsWorld(name: string): Promise<EditorsWorld> {
  const emulator = await startTestEmulator();
  const control = ControlClient.from(emulator.info);
  const app = await startTestStrapi({ emulator: emulator.info });
  const { strapi } = app;

  const superLogin = await createAdmin(strapi, {
    email: `${name}-super@example.com`,
    roles: 'super',
  });
  const editorRole = await createEditorRole(strapi, `${name} editors`);
  const outsiderRole = await createEditorRole(strapi, `${name} outsiders`);
  const editorLogin = await createAdmin(strapi, {
    email: `${name}-editor@example.com`,
    roles: [editorRole],
  });
  const outsiderLogin = await createAdmin(strapi, {
    email: `${name}-outsider@example.com`,
    roles: [outsiderRole],
  });

  const siteId = emulator.info.sites[0].id;
  const library = await control.createLibrary(siteId, `Editors ${name}`);
  const connected = await adminRequest(app.http, superLogin.token)
    .post(`${BASE}/drives`)
    .send({ siteId, driveId: library.id, roles: [{ roleId: editorRole, access: 'read' }] });
  if (connected.status !== 201)
    throw new Error(`connecting the library failed: ${JSON.stringify(connected.body)}`);

  return {
    emulator,
    control,
    app,
    strapi,
    superAdmin: { id: superLogin.user.id, token: superLogin.token },
    editor: { id: editorLogin.user.id, token: editorLogin.token, roleId: editorRole },
    outsider: { id: outsiderLogin.user.id, token: outsiderLogin.token, roleId: outsiderRole },
    siteId,
    drive: { id: connected.body.data.id, remoteDriveId: library.id },
    close: async () => {
      await app.close();
      await control.close();
      await emulator.close();
    },
  };
}

export const admin = (world: EditorsWorld, token = world.superAdmin.token) =>
  adminRequest(world.app.http, token);

/** "Sync Now", waiting for the run. */
export async function syncDrive(world: EditorsWorld, driveId = world.drive.id) {
  const answer = await admin(world).post(`${BASE}/drives/${driveId}/sync?wait=true`);
  if (answer.status !== 200 || answer.body.data.status !== 'succeeded')
    throw new Error(`sync failed: ${JSON.stringify(answer.body)}`);
}

/** Creates files at the library's root and syncs them into Strapi. */
export async function createFiles(
  world: EditorsWorld,
  names: string[],
  remoteDriveId = world.drive.remoteDriveId
): Promise<ControlItem[]> {
  const created: ControlItem[] = [];
  for (const name of names)
    created.push(
      await world.control.createItem(remoteDriveId, { name, size: 2048 + created.length })
    );
  return created;
}

export const reference = (item: ControlItem, driveId: string) => ({ driveId, itemId: item.id });

/** Content-manager calls, as the admin panel makes them. */
export const contentManager = (world: EditorsWorld, token = world.superAdmin.token) => ({
  create: (data: Record<string, unknown>) => admin(world, token).post(CM).send(data),
  update: (documentId: string, data: Record<string, unknown>) =>
    admin(world, token).put(`${CM}/${documentId}`).send(data),
  publish: (documentId: string) =>
    admin(world, token).post(`${CM}/${documentId}/actions/publish`).send({}),
  unpublish: (documentId: string) =>
    admin(world, token).post(`${CM}/${documentId}/actions/unpublish`).send({}),
  remove: (documentId: string) => admin(world, token).delete(`${CM}/${documentId}`),
});

/** Gives Users & Permissions' Public role these content-API actions. */
export async function grantPublic(strapi: Core.Strapi, actions: string[]) {
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } });
  for (const action of actions)
    await strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action, role: role.id } });
}

export async function revokePublic(strapi: Core.Strapi, actions: string[]) {
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } });
  await strapi.db
    .query('plugin::users-permissions.permission')
    .deleteMany({ where: { action: { $in: actions }, role: role.id } });
}

export const DOWNLOAD_ACTION = 'plugin::external-drives.content-file.download';

/** Collects a binary response body. */
export const binary = (request: supertest.Test) =>
  request.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
