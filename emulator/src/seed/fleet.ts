import type { TenantStore } from '../store/tenant-store';
import { populateDrive, SEED_TIME } from './demo';
import { addLargeLibrary } from './large';

/** What `POST /_control/fleet` adds to the tenant: many users with a OneDrive, many libraries. */
export interface FleetSpec {
  /** Users to create, each with a OneDrive of `filesPerUser` files (and a folder per 8). */
  users: number;
  filesPerUser: number;
  /** Document libraries on one new site, granted to the app, each of `itemsPerLibrary` items. */
  libraries: number;
  itemsPerLibrary: number;
  /** The app (client id) the site is granted to. */
  clientId: string;
  /** Names the users and the site apart from earlier fleets of the same tenant. */
  name?: string;
}

export interface FleetSeeded {
  siteId: string;
  libraryDriveIds: string[];
  users: Array<{ id: string; driveId: string }>;
}

const MAX_DRIVES = 10_000;
const MAX_ITEMS = 2_000_000;

/** Throws when the spec is malformed or too large for one emulator process. */
export function assertFleetSpec(spec: Partial<FleetSpec>): asserts spec is FleetSpec {
  for (const key of ['users', 'filesPerUser', 'libraries', 'itemsPerLibrary'] as const) {
    const value = spec[key];
    if (!Number.isInteger(value) || (value as number) < 0)
      throw new Error(`${key} must be a whole number >= 0`);
  }
  if (!spec.clientId) throw new Error('clientId is required');
  if (spec.users! + spec.libraries! > MAX_DRIVES)
    throw new Error(`at most ${MAX_DRIVES} drives in one fleet`);
  if (spec.users! * spec.filesPerUser! + spec.libraries! * spec.itemsPerLibrary! > MAX_ITEMS)
    throw new Error(`at most ${MAX_ITEMS} items in one fleet`);
}

/**
 * Seeds a company's worth of drives in one call (the control API would otherwise take thousands).
 * Deterministic like every seed: the same spec gives the same ids, names and bytes.
 */
export function addFleet(store: TenantStore, spec: FleetSpec): FleetSeeded {
  const name = spec.name ?? 'fleet';
  const users = [];
  for (let i = 0; i < spec.users; i++) {
    // The user's alias is the display name's first word: unique, so each has an account.
    const user = store.createUser(`${name}${String(i + 1).padStart(5, '0')} User`, SEED_TIME);
    populateDrive(store, store.requireDrive(user.driveId), {
      files: spec.filesPerUser,
      seed: `${name}/onedrive/${i}`,
      authorIds: [user.id],
    });
    users.push({ id: user.id, driveId: user.driveId });
  }
  const site = store.createSite(`${name} libraries`, SEED_TIME);
  store.grant(spec.clientId, site.id, 'write');
  const libraryDriveIds = [];
  for (let i = 0; i < spec.libraries; i++) {
    const library = `Library ${i + 1}`;
    libraryDriveIds.push(addLargeLibrary(store, spec.itemsPerLibrary, site.id, library).id);
  }
  return { siteId: site.id, libraryDriveIds, users };
}
