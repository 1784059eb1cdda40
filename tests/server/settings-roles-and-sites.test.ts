/**
 * What the Settings page reads beside the settings themselves: the roles a platform drive may be
 * granted to, each saying whether it can use My Files at all (a grant to a role without "Use My
 * Files" shows its users nothing), and one site by id, to name the allowed sites of personal
 * connections, stored as ids. Both are for drive managers only.
 */
import { adminRequest, createAdmin, createRole, type CreatedAdmin } from '../../testkit/admin';
import { startTestEmulator, type RunningEmulator } from '../../testkit/emulator';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { PERMISSIONS } from '../../shared/permissions';

const BASE = '/external-drives';

describe('settings: roles with "Use My Files", sites by id', () => {
  let emulator: RunningEmulator;
  let app: TestStrapi;
  let manager: CreatedAdmin;
  let reader: CreatedAdmin;
  let readerRole: number;
  let bareRole: number;

  const api = (who: CreatedAdmin) => adminRequest(app.http, who.token);
  const grant = (roleId: number, actions: string[]) =>
    app.strapi.service('admin::role').assignPermissions(
      roleId,
      actions.map((action) => ({ action, subject: null, conditions: [], properties: {} }))
    );

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 'demo' });
    app = await startTestStrapi({ emulator: emulator.info });
    // A drive manager holding nothing else: not even Strapi's own roles.read.
    const managerRole = await createRole(app.strapi, {
      name: 'Drive managers',
      actions: [PERMISSIONS.manageDrives],
    });
    readerRole = await createRole(app.strapi, { name: 'Readers', actions: [PERMISSIONS.read] });
    bareRole = await createRole(app.strapi, { name: 'Authors', actions: [] });
    manager = await createAdmin(app.strapi, { email: 'manager@roles.test', roles: [managerRole] });
    reader = await createAdmin(app.strapi, { email: 'reader@roles.test', roles: [readerRole] });
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  const rolesAsManager = async () => {
    const answer = await api(manager).get(`${BASE}/roles`);
    expect(answer.status).toBe(200);
    return answer.body.data as Array<{ id: number; name: string; canUseMyFiles: boolean }>;
  };
  const roleNamed = async (name: string) =>
    (await rolesAsManager()).find((role) => role.name === name);

  it('lists every role with whether it holds "Use My Files"', async () => {
    const roles = await rolesAsManager();
    expect(roles).toEqual(
      expect.arrayContaining([
        { id: expect.any(Number), name: 'Super Admin', canUseMyFiles: true },
        { id: readerRole, name: 'Readers', canUseMyFiles: true },
        { id: bareRole, name: 'Authors', canUseMyFiles: false },
        { id: expect.any(Number), name: 'Drive managers', canUseMyFiles: false },
      ])
    );
  });

  it('follows the role when its permissions change in Settings > Roles', async () => {
    await grant(bareRole, [PERMISSIONS.read]);
    expect(await roleNamed('Authors')).toMatchObject({ canUseMyFiles: true });
    await grant(bareRole, []);
    expect(await roleNamed('Authors')).toMatchObject({ canUseMyFiles: false });
  });

  it('names a site by its id', async () => {
    const site = emulator.info.sites.find((candidate) => candidate.name === 'Marketing')!;
    const answer = await api(manager).get(`${BASE}/sites/${encodeURIComponent(site.id)}`);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ id: site.id, name: 'Marketing', webUrl: site.webUrl });
  });

  it('refuses both to a user without the drive managers’ permission', async () => {
    const site = emulator.info.sites[0];
    for (const path of ['/roles', `/sites/${encodeURIComponent(site.id)}`]) {
      const answer = await api(reader).get(`${BASE}${path}`);
      expect([path, answer.status]).toEqual([path, 403]);
      expect((await app.http.get(`${BASE}${path}`)).status).toBe(401);
    }
  });
});
