import { deterministicGuid, seededRandom } from '../ids';
import type { Drive, DriveItem } from '../store/model';
import { TenantStore } from '../store/tenant-store';

/** A fixed clock for seeded items so the same seed gives byte-identical answers. */
export const SEED_TIME = '2026-01-05T09:00:00Z';

const FOLDER_WORDS = [
  'Projects',
  'Reports',
  'Plans',
  'Archive',
  'Contracts',
  'Designs',
  'Minutes',
  'Budgets',
  'Campaigns',
  'Specs',
  'Research',
  'Templates',
];
const FILE_WORDS = [
  'Roadmap',
  'Summary',
  'Proposal',
  'Review',
  'Forecast',
  'Notes',
  'Checklist',
  'Brief',
  'Overview',
  'Analysis',
  'Agenda',
  'Invoice',
];
const EXTENSIONS = ['docx', 'xlsx', 'pptx', 'pdf', 'txt', 'png', 'csv', 'md'];

export interface DemoTenant {
  store: TenantStore;
  clientId: string;
  clientSecret: string;
  readerClientId: string;
  readerClientSecret: string;
}

/** An empty tenant "contoso" with its two apps (no sites or users). */
export function emptyTenant(): DemoTenant {
  const store = new TenantStore({
    id: deterministicGuid('tenant:contoso'),
    name: 'contoso',
    displayName: 'Contoso',
    domain: 'contoso.onmicrosoft.com',
    sharepointHost: 'contoso.sharepoint.com',
  });
  // Least privilege by default: Sites.Selected plus a grant per site.
  const app = store.createApp({
    displayName: 'Strapi External Drives',
    permissions: ['Sites.Selected'],
  });
  app.redirectUris.add('http://localhost:1337/api/external-drives/oauth/callback');
  const reader = store.createApp({
    displayName: 'Site Search Reader',
    permissions: ['Sites.Read.All'],
  });
  return {
    store,
    clientId: app.clientId,
    clientSecret: app.secret,
    readerClientId: reader.clientId,
    readerClientSecret: reader.secret,
  };
}

/** Two sites with two libraries each, three users with a OneDrive, a few hundred files. */
export function demoTenant(): DemoTenant {
  const demo = emptyTenant();
  const { store } = demo;
  const users = ['Adele Vance', 'Alex Wilber', 'Megan Bowen'].map((name) =>
    store.createUser(name, SEED_TIME)
  );
  const [adele, alex, megan] = users;
  const siteSpecs: Array<[string, string, string[]]> = [
    ['Marketing', 'Campaigns', [adele.id, megan.id]],
    ['Engineering', 'Specifications', [alex.id, megan.id]],
  ];
  for (const [siteName, secondLibrary, members] of siteSpecs) {
    const site = store.createSite(siteName, SEED_TIME);
    members.forEach((id) => site.memberUserIds.add(id));
    store.grant(demo.clientId, site.id, 'write');
    for (const library of ['Documents', secondLibrary]) {
      const drive = store.createLibrary(site.id, library, SEED_TIME);
      populateDrive(store, drive, {
        files: 70,
        seed: `${siteName}/${library}`,
        authorIds: members,
      });
    }
  }
  for (const user of users) {
    const drive = store.requireDrive(user.driveId);
    populateDrive(store, drive, { files: 30, seed: `onedrive/${user.id}`, authorIds: [user.id] });
  }
  return demo;
}

/** A deterministic tree of folders (up to 3 deep) and small files. */
export function populateDrive(
  store: TenantStore,
  drive: Drive,
  options: { files: number; seed: string; authorIds: string[] }
): void {
  const random = seededRandom(options.seed);
  const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)];
  const root = store.requireItem(drive, 'root');
  const folders: Array<{ item: DriveItem; depth: number }> = [{ item: root, depth: 0 }];
  const folderCount = Math.max(3, Math.round(options.files / 8));
  for (let i = 0; i < folderCount; i++) {
    const candidates = folders.filter((folder) => folder.depth < 3);
    const parent = pick(candidates);
    const by = { kind: 'user' as const, userId: pick(options.authorIds) };
    const item = store.createItem(drive, parent.item, {
      name: `${pick(FOLDER_WORDS)} ${i + 1}`,
      folder: true,
      by,
      at: SEED_TIME,
    });
    folders.push({ item, depth: parent.depth + 1 });
  }
  for (let i = 0; i < options.files; i++) {
    const parent = pick(folders).item;
    const name = `${pick(FILE_WORDS)} ${i + 1}.${pick(EXTENSIONS)}`;
    const size = 200 + Math.floor(random() * 120_000);
    store.createItem(drive, parent, {
      name,
      content: { kind: 'generated', seed: `${options.seed}/${i}`, size },
      by: { kind: 'user', userId: pick(options.authorIds) },
      at: SEED_TIME,
    });
  }
}
