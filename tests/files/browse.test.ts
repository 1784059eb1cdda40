/**
 * Browsing a drive through the admin API: a folder's children paged and sorted (name, size,
 * modified time, modified by; folders first; text ignoring case), filtered by name, breadcrumbs
 * from the root, and search across the drive. Browsing reads Strapi's rows only (no Graph call),
 * so the rows are written with the same mapping the sync engine applies to Graph's driveItems,
 * which lets every expected order below be written out by hand.
 */
import type { Core } from '@strapi/strapi';
import { TABLE, UID } from '../../server/src/constants';
import { CHILDREN_INDEXES, childGroupQuery, SORT_KEYS } from '../../server/src/items/listing';
import { upsertItemRow } from '../../server/src/items/rows';
import { indexNamesOf } from '../../testkit/indexes';
import { adminRequest, createAdmin, createRole } from '../../testkit/admin';
import { startTestStrapi, type TestStrapi } from '../../testkit/strapi';
import { PERMISSIONS } from '../../shared/permissions';

const BASE = '/external-drives';

interface Spec {
  id: string;
  parent: string;
  name: string;
  folder?: boolean;
  size?: number;
  modified?: string;
  by?: string;
}

/** A driveItem as Graph (and the emulator) shapes it. */
const driveItem = (spec: Spec) => ({
  id: spec.id,
  name: spec.name,
  parentReference: { id: spec.parent },
  ...(spec.folder ? { folder: { childCount: 0 } } : { file: { mimeType: 'text/plain' } }),
  size: spec.size ?? 0,
  createdDateTime: '2024-01-01T00:00:00Z',
  lastModifiedDateTime: spec.modified ?? '2024-01-01T00:00:00Z',
  lastModifiedBy: { user: { displayName: spec.by ?? 'Adele Vance', email: 'someone@contoso.com' } },
});

/*
 * /Projects holds 2 folders and 6 files. Names and modifiers mix cases so a case-sensitive sort
 * would give another order; '100%_done.txt' and '100 percent.txt' tell a literal % from LIKE's.
 */
const PROJECTS: Spec[] = [
  {
    id: 'F-beta',
    parent: 'P',
    name: 'beta docs',
    folder: true,
    modified: '2024-03-01T00:00:00Z',
    by: 'Zoe Ball',
  },
  {
    id: 'F-alpha',
    parent: 'P',
    name: 'Alpha',
    folder: true,
    modified: '2024-01-15T00:00:00Z',
    by: 'adele vance',
  },
  {
    id: 'f-report',
    parent: 'P',
    name: 'report.PDF',
    size: 300,
    modified: '2024-02-01T00:00:00Z',
    by: 'Megan Bowen',
  },
  {
    id: 'f-agenda',
    parent: 'P',
    name: 'agenda.docx',
    size: 100,
    modified: '2024-05-01T00:00:00Z',
    by: 'adele vance',
  },
  {
    id: 'f-budget',
    parent: 'P',
    name: 'Budget.xlsx',
    size: 600,
    modified: '2024-01-20T00:00:00Z',
    by: 'Bob Kelly',
  },
  {
    id: 'f-zeta',
    parent: 'P',
    name: 'zeta.txt',
    size: 200,
    modified: '2024-04-01T00:00:00Z',
    by: 'carl Mills',
  },
  {
    id: 'f-done',
    parent: 'P',
    name: '100%_done.txt',
    size: 50,
    modified: '2024-06-01T00:00:00Z',
    by: 'Dana Ray',
  },
  {
    id: 'f-percent',
    parent: 'P',
    name: '100 percent.txt',
    size: 400,
    modified: '2024-07-01T00:00:00Z',
    by: 'Bob Kelly',
  },
];

const TREE: Spec[] = [
  { id: 'P', parent: 'ROOT', name: 'Projects', folder: true },
  { id: 'A', parent: 'ROOT', name: 'Archive', folder: true },
  ...PROJECTS,
  { id: 'D', parent: 'F-alpha', name: 'Deep', folder: true },
  { id: 'f-deep-report', parent: 'D', name: 'Report 2023.txt', size: 10 },
  { id: 'f-gone-report', parent: 'D', name: 'report (deleted).txt', size: 10 },
];

describe('browsing a drive through the admin API', () => {
  let app: TestStrapi;
  let strapi: Core.Strapi;
  let token: string;
  let readerToken: string;
  let driveId: number;
  let otherDriveId: number;

  const api = (as = token) => adminRequest(app.http, as);
  const names = (body: { results: Array<{ name: string }> }) => body.results.map((r) => r.name);
  const children = (query: Record<string, string | number>, as = token) =>
    api(as)
      .get(`${BASE}/drives/${driveId}/children`)
      .query(query)
      .then((answer) => {
        expect(answer.status).toBe(200);
        return answer.body as {
          results: Array<{ name: string; isFolder: boolean; remoteId: string }>;
          pagination: { page: number; pageSize: number; total: number };
        };
      });
  const listed = async (query: Record<string, string | number>) =>
    names(await children({ parentId: 'P', pageSize: 100, ...query }));

  const newDrive = async (name: string, roles?: unknown) =>
    (
      (await strapi.db.query(UID.drive).create({
        data: { name, kind: 'sharepoint', scope: 'platform', remoteDriveId: `b!${name}`, roles },
      })) as { id: number }
    ).id;

  beforeAll(async () => {
    app = await startTestStrapi();
    strapi = app.strapi;
    token = (await createAdmin(strapi, { email: 'browse-super@example.com', roles: 'super' }))
      .token;
    const readRole = await createRole(strapi, {
      name: 'browse readers',
      actions: [PERMISSIONS.read],
    });
    readerToken = (
      await createAdmin(strapi, { email: 'browse-reader@example.com', roles: [readRole] })
    ).token;
    driveId = await newDrive('Browse', [{ roleId: readRole, access: 'read' }]);
    otherDriveId = await newDrive('Elsewhere');
    await upsertItemRow(strapi, driveId, { id: 'ROOT', root: {}, folder: { childCount: 2 } });
    for (const spec of TREE) await upsertItemRow(strapi, driveId, driveItem(spec));
    await strapi.db
      .query(UID.driveItem)
      .update({ where: { driveId, remoteId: 'f-gone-report' }, data: { deleted: true } });
    // The same folder id in another drive: never listed with this one.
    await upsertItemRow(strapi, otherDriveId, driveItem({ ...PROJECTS[2], name: 'intruder.txt' }));
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lists the root without a parentId', async () => {
    const body = await children({});
    expect(names(body)).toEqual(['Archive', 'Projects']);
    expect(body.pagination).toEqual({ page: 1, pageSize: 100, total: 2 });
  });

  it('sorts by name ignoring case, folders first, both ways', async () => {
    expect(await listed({ sort: 'name', order: 'asc' })).toEqual([
      'Alpha',
      'beta docs',
      '100 percent.txt',
      '100%_done.txt',
      'agenda.docx',
      'Budget.xlsx',
      'report.PDF',
      'zeta.txt',
    ]);
    expect(await listed({ sort: 'name', order: 'desc' })).toEqual([
      'beta docs',
      'Alpha',
      'zeta.txt',
      'report.PDF',
      'Budget.xlsx',
      'agenda.docx',
      '100%_done.txt',
      '100 percent.txt',
    ]);
  });

  it('sorts by size, modified time and modified by', async () => {
    expect(await listed({ sort: 'size', order: 'desc' })).toEqual([
      'Alpha',
      'beta docs',
      'Budget.xlsx',
      '100 percent.txt',
      'report.PDF',
      'zeta.txt',
      'agenda.docx',
      '100%_done.txt',
    ]);
    expect(await listed({ sort: 'modified', order: 'desc' })).toEqual([
      'beta docs',
      'Alpha',
      '100 percent.txt',
      '100%_done.txt',
      'agenda.docx',
      'zeta.txt',
      'report.PDF',
      'Budget.xlsx',
    ]);
    expect(await listed({ sort: 'modified', order: 'asc' })).toEqual([
      'Alpha',
      'beta docs',
      'Budget.xlsx',
      'report.PDF',
      'zeta.txt',
      'agenda.docx',
      '100%_done.txt',
      '100 percent.txt',
    ]);
    // Two files by Bob Kelly: the tie breaks the same way on every page.
    const byModifier = await listed({ sort: 'modifiedBy', order: 'asc' });
    expect(byModifier.slice(0, 2)).toEqual(['Alpha', 'beta docs']);
    expect(byModifier.slice(2)).toEqual([
      'agenda.docx',
      expect.stringMatching(/^(Budget\.xlsx|100 percent\.txt)$/),
      expect.stringMatching(/^(Budget\.xlsx|100 percent\.txt)$/),
      'zeta.txt',
      '100%_done.txt',
      'report.PDF',
    ]);
  });

  it('pages across the folders/files boundary without gaps or repeats, in both orders', async () => {
    for (const order of ['asc', 'desc']) {
      const whole = await listed({ sort: 'modifiedBy', order });
      const paged: string[] = [];
      for (let page = 1; page <= 3; page++) {
        const body = await children({
          parentId: 'P',
          sort: 'modifiedBy',
          order,
          page,
          pageSize: 3,
        });
        expect(body.pagination).toEqual({ page, pageSize: 3, total: 8 });
        paged.push(...names(body));
      }
      expect(paged).toEqual(whole);
      const beyond = await children({ parentId: 'P', page: 4, pageSize: 3 });
      expect(beyond.results).toEqual([]);
      expect(beyond.pagination.total).toBe(8);
    }
    // A page made of folders only, then one starting past them.
    const first = await children({ parentId: 'P', sort: 'name', page: 1, pageSize: 2 });
    expect(names(first)).toEqual(['Alpha', 'beta docs']);
    const second = await children({ parentId: 'P', sort: 'name', page: 2, pageSize: 2 });
    expect(names(second)).toEqual(['100 percent.txt', '100%_done.txt']);
  });

  it('filters by part of the name, any case, with % and _ taken literally', async () => {
    expect(await listed({ filter: 'AGENDA' })).toEqual(['agenda.docx']);
    expect(await listed({ filter: '100%' })).toEqual(['100%_done.txt']);
    expect(await listed({ filter: '%_' })).toEqual(['100%_done.txt']);
    expect(await listed({ filter: 'a', sort: 'name' })).toEqual([
      'Alpha',
      'beta docs',
      'agenda.docx',
      'zeta.txt',
    ]);
    const filtered = await children({ parentId: 'P', filter: '.txt', pageSize: 2 });
    expect(filtered.pagination.total).toBe(3);
    expect(filtered.results).toHaveLength(2);
  });

  it('walks an index for every sort key and order instead of sorting the folder', async () => {
    const knex = strapi.db.connection;
    const client = knex.client.config.client as string;
    const isSqlite = client === 'sqlite' || client === 'better-sqlite3';
    expect(await indexNamesOf(knex, TABLE.driveItem)).toEqual(
      expect.arrayContaining(CHILDREN_INDEXES.map((index) => index.name))
    );
    // PostgreSQL rightly prefers a scan on a table this small; SQLite's plan is the proof.
    if (!isSqlite) return;
    for (const [position, sort] of SORT_KEYS.entries()) {
      for (const order of ['asc', 'desc'] as const) {
        const { sql, bindings } = childGroupQuery(
          knex,
          { driveId, parentRemoteId: 'P', sort, order, filter: 'a' },
          { isFolder: false, offset: 200, limit: 100 }
        ).toSQL();
        const plan = (await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings)) as Array<{
          detail: string;
        }>;
        const steps = plan.map((step) => step.detail).join('\n');
        expect(steps).toMatch(
          new RegExp(`USING (COVERING )?INDEX ${CHILDREN_INDEXES[position].name} `)
        );
        expect(steps).not.toMatch(/TEMP B-TREE/);
      }
    }
  });

  it('refuses unknown sort keys and orders, and oversized pages', async () => {
    for (const query of [{ sort: 'owner' }, { order: 'up' }, { pageSize: 501 }, { page: 0 }]) {
      const answer = await api().get(`${BASE}/drives/${driveId}/children`).query(query);
      expect(answer.status).toBe(400);
    }
  });

  it('gives breadcrumbs from the root down to a folder', async () => {
    const answer = await api().get(`${BASE}/drives/${driveId}/breadcrumbs`).query({ itemId: 'D' });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual([
      { remoteId: 'ROOT', name: null },
      { remoteId: 'P', name: 'Projects' },
      { remoteId: 'F-alpha', name: 'Alpha' },
      { remoteId: 'D', name: 'Deep' },
    ]);
  });

  it('searches the whole drive by name, any case, with each result’s folder', async () => {
    const answer = await api(readerToken)
      .get(`${BASE}/drives/${driveId}/search`)
      .query({ q: 'REPORT' });
    expect(answer.status).toBe(200);
    const found = answer.body.data as Array<{ name: string; folderPath: string }>;
    // Not the deleted one, not the other drive's; folders first, then by name.
    expect(found.map(({ name, folderPath }) => ({ name, folderPath }))).toEqual([
      { name: 'Report 2023.txt', folderPath: '/Projects/Alpha/Deep' },
      { name: 'report.PDF', folderPath: '/Projects' },
    ]);
    const folders = await api().get(`${BASE}/drives/${driveId}/search`).query({ q: 'e' });
    const kinds = (folders.body.data as Array<{ isFolder: boolean }>).map((item) => item.isFolder);
    expect(kinds.indexOf(false)).toBeGreaterThan(0);
    expect(kinds.slice(kinds.indexOf(false))).not.toContain(true);
    const empty = await api().get(`${BASE}/drives/${driveId}/search`).query({ q: '  ' });
    expect(empty.body.data).toEqual([]);
    expect(empty.body.meta.pagination.total).toBe(0);
  });

  it('pages drive-wide search results with their total, matching % and _ literally', async () => {
    const search = async (query: Record<string, string | number>) => {
      const answer = await api().get(`${BASE}/drives/${driveId}/search`).query(query);
      expect(answer.status).toBe(200);
      return answer.body as {
        data: Array<{ name: string; folderPath: string }>;
        meta: { pagination: { page: number; pageSize: number; total: number } };
      };
    };
    // 't' is in 8 live names of this drive (not the deleted report): 2 folders, then 6 files.
    const all = await search({ q: 't', pageSize: 200 });
    expect(all.meta.pagination).toEqual({ page: 1, pageSize: 200, total: 8 });
    expect(all.data.slice(0, 2).map((item) => item.name)).toEqual(['beta docs', 'Projects']);
    const pages = [1, 2, 3].map((page) => search({ q: 'T', page, pageSize: 3 }));
    const paged = await Promise.all(pages);
    expect(paged.map((page) => page.data.length)).toEqual([3, 3, 2]);
    expect(paged.flatMap((page) => page.data.map((item) => item.name))).toEqual(
      all.data.map((item) => item.name)
    );
    expect(paged[2].meta.pagination).toEqual({ page: 3, pageSize: 3, total: 8 });
    expect(all.data.find((item) => item.name === 'Report 2023.txt')?.folderPath).toBe(
      '/Projects/Alpha/Deep'
    );

    // LIKE's wildcards are the user's characters: '%_' names only '100%_done.txt'.
    const literal = await search({ q: '%_' });
    expect(literal.data.map(({ name, folderPath }) => ({ name, folderPath }))).toEqual([
      { name: '100%_done.txt', folderPath: '/Projects' },
    ]);

    const refused = await api().get(`${BASE}/drives/${driveId}/search`).query({ pageSize: 1000 });
    expect(refused.status).toBe(400);
  });

  it('keeps drives apart: a role without the drive sees nothing of it', async () => {
    const answer = await api(readerToken).get(`${BASE}/drives/${otherDriveId}/children`);
    expect(answer.status).toBe(404);
    const other = await api()
      .get(`${BASE}/drives/${otherDriveId}/children`)
      .query({ parentId: 'P' });
    expect(names(other.body)).toEqual(['intruder.txt']);
  });
});
