/**
 * Finding SharePoint sites and their document libraries, for whichever client asks: the app
 * (platform drives, app-only token) or a signed-in user (personal SharePoint connections).
 * Failures map as connection failures: no access to a site is "Unable to connect" (a site search
 * the app's permissions do not allow excepted).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { SiteSummary, LibrarySummary } from '../../../shared/contracts/connections';
import { externalDrivesError, toExternalDrivesError } from './errors';

interface GraphSite {
  id: string;
  displayName?: string;
  name?: string;
  webUrl?: string;
}

const summary = (site: GraphSite): SiteSummary => ({
  id: site.id,
  name: site.displayName ?? site.name ?? site.id,
  webUrl: site.webUrl ?? null,
});

/** `https://contoso.sharepoint.com/sites/Marketing` -> `/sites/contoso.sharepoint.com:/sites/Marketing` */
export function siteByUrlPath(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw externalDrivesError('invalidRequest', { message: 'The site URL is not a valid URL' });
  }
  if (url.protocol !== 'https:') {
    throw externalDrivesError('invalidRequest', {
      message: 'The site URL must start with https://',
    });
  }
  const path = url.pathname.replace(/\/+$/, '');
  return path ? `/sites/${url.hostname}:${path}` : `/sites/${url.hostname}`;
}

const asConnectError = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw toExternalDrivesError(error, 'connect');
  }
};

/** `/sites?search=` (needs Sites.Read.All; an empty search lists what the caller can find). */
export const searchSites = (client: Client, text: string): Promise<SiteSummary[]> =>
  asConnectError(async () => {
    const result = await client
      .api('/sites')
      .query({ search: text.trim() || '*' })
      .get();
    return (result.value as GraphSite[]).map(summary);
  });

/** The Graph status a mapped error came from. */
const graphStatusOf = (error: unknown) =>
  (error as { details?: { graphStatus?: unknown } }).details?.graphStatus;

/**
 * Site search as the app. Microsoft's site search "does not support the Sites.Selected application
 * permission": such an app is answered 403, or on some tenants an empty list. Either is said as
 * what it is (search is not allowed, paste the URL), not as "Unable to connect"; an empty list is
 * only a refusal when the app's token holds no permission that allows searching.
 */
export const searchSitesAsApp = async (
  client: Client,
  text: string,
  canSearchSites: boolean
): Promise<SiteSummary[]> => {
  let found: SiteSummary[];
  try {
    found = await searchSites(client, text);
  } catch (error) {
    if (graphStatusOf(error) === 403)
      throw externalDrivesError('siteSearchNotAllowed', { cause: error });
    throw error;
  }
  if (found.length === 0 && !canSearchSites) throw externalDrivesError('siteSearchNotAllowed');
  return found;
};

/**
 * A site by its URL as the app. Under Sites.Selected (no permission to search) a 403 means the
 * site exists but was not granted to the app: said so, with the grant that fixes it.
 */
export const siteByUrlAsApp = async (
  client: Client,
  url: string,
  canSearchSites: boolean
): Promise<SiteSummary> => {
  try {
    return await siteByUrl(client, url);
  } catch (error) {
    if (!canSearchSites && graphStatusOf(error) === 403)
      throw externalDrivesError('siteNotGranted', { cause: error });
    throw error;
  }
};

/** Works under Sites.Selected too, for a site the app was granted. */
export const siteByUrl = (client: Client, url: string): Promise<SiteSummary> => {
  const path = siteByUrlPath(url);
  return asConnectError(async () => summary(await client.api(path).get()));
};

export const siteById = (client: Client, siteId: string): Promise<SiteSummary> =>
  asConnectError(async () =>
    summary(await client.api(`/sites/${encodeURIComponent(siteId)}`).get())
  );

export const siteLibraries = (client: Client, siteId: string): Promise<LibrarySummary[]> =>
  asConnectError(async () => {
    const result = await client.api(`/sites/${encodeURIComponent(siteId)}/drives`).get();
    return (result.value as Array<{ id: string; name: string; webUrl?: string }>).map(
      (library) => ({ id: library.id, name: library.name, webUrl: library.webUrl ?? null })
    );
  });

/**
 * The library `driveId` when it is one of the site's own document libraries, else a refusal.
 * A drive id is never trusted with a site id it came with: the pair is checked against the site's
 * library listing (which holds no subsite's libraries), so an allowed site cannot admit, nor lend
 * its name to, a library of another site.
 */
export const libraryOfSite = async (
  client: Client,
  site: SiteSummary,
  driveId: string
): Promise<LibrarySummary> => {
  const library = (await siteLibraries(client, site.id)).find(({ id }) => id === driveId);
  if (!library) {
    throw externalDrivesError('invalidRequest', {
      message: `This library is not a document library of the site ${site.name}`,
      nextStep: 'Choose the library from the list of the site’s libraries.',
    });
  }
  return library;
};
