/**
 * The plugin's slice of Strapi's own admin query layer: `adminApi` (RTK Query over Strapi's fetch
 * client, with its token refresh and error shape) already lives in the admin panel's store, so the
 * plugin injects its endpoints there instead of shipping a second cache. Each resource file in
 * `resources/` injects its endpoints and exports one hook per resource; a mutation invalidates the
 * tags of what it changes, and every screen showing that data refetches by itself.
 *
 * Endpoint names share one namespace with Strapi's and other plugins' (an injected name that is
 * taken is silently ignored), so each of ours starts with `externalDrives`.
 */
import { adminApi } from '@strapi/strapi/admin';
import { PLUGIN_ID } from '../../../shared/plugin';

export const BASE = `/${PLUGIN_ID}`;

/** What the cache knows how to invalidate. */
export const TAGS = {
  /** The drive list and each drive (id = the drive's id). */
  drive: 'ExternalDrive',
  /** Everything read from one drive's items: folders, trail, search, usage (id = drive id). */
  items: 'ExternalDriveItems',
  settings: 'ExternalDrivesSettings',
  /** The user's Microsoft accounts. */
  connections: 'ExternalDrivesConnections',
} as const;

export const LIST = 'LIST';

export const externalDrivesApi = adminApi.enhanceEndpoints({
  addTagTypes: [TAGS.drive, TAGS.items, TAGS.settings, TAGS.connections],
});

/** Strapi's answer envelope: the routes answer `{ data }`, the cache keeps `data`. */
export const unwrapData = <T>(response: { data: T }) => response.data;

/** Screens show what is cached at once and refetch behind it, as they reloaded before. */
export const FRESH = { refetchOnMountOrArgChange: true } as const;
