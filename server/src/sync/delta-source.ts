/**
 * Fetches delta pages of one drive through the Graph SDK client. A 410 (the delta token is no
 * longer valid) is not an error here but an answer: the link to enumerate the drive afresh from.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { getCollectionPage } from '../graph/collection-page';
import { DRIVE_ITEM_SELECT, type DriveItemJson } from './item-mapper';

/** Graph's largest delta page: fewer round trips on a full enumeration. */
const PAGE_SIZE = 1000;

export interface DeltaPage {
  /**
   * The page's items. A fetched page parses them when first read, when the page is applied: the
   * page fetched ahead waits as bytes (graph/collection-page).
   */
  readonly items: DriveItemJson[];
  /** More pages follow in this round. */
  nextLink?: string;
  /** The round is complete: the link that asks for changes after it. */
  deltaLink?: string;
}

export type DeltaAnswer = { kind: 'page'; page: DeltaPage } | { kind: 'resync'; link: string };

/** What every enumeration asks for: the largest pages, only the fields the row keeps. */
const ENUMERATION_OPTIONS: ReadonlyArray<[string, string]> = [
  ['$top', String(PAGE_SIZE)],
  ['$select', DRIVE_ITEM_SELECT],
];

/**
 * The link with our enumeration options added where it lacks them. Everything already in it (a
 * token, in `?token=` or `delta(token='...')` form, or options the link carries) stays byte for
 * byte: the options are appended to the query, never re-encoded with it.
 */
export function withEnumerationOptions(link: string): string {
  const queryAt = link.indexOf('?');
  const query = new URLSearchParams(queryAt < 0 ? '' : link.slice(queryAt + 1));
  const missing = ENUMERATION_OPTIONS.filter(([name]) => !query.has(name));
  if (!missing.length) return link;
  const separator = queryAt < 0 ? '?' : /[?&]$/.test(link) ? '' : '&';
  return `${link}${separator}${missing.map(([name, value]) => `${name}=${value}`).join('&')}`;
}

/** The first link of a drive's very first round: every item, only the fields the row keeps. */
export const initialDeltaLink = (remoteDriveId: string) =>
  withEnumerationOptions(`/drives/${encodeURIComponent(remoteDriveId)}/root/delta`);

const locationOf = (error: unknown): string | undefined => {
  const headers = (error as { headers?: Headers }).headers;
  return headers?.get?.('location') ?? undefined;
};

export function createDeltaSource(client: Client, remoteDriveId: string) {
  return {
    async fetch(link: string): Promise<DeltaAnswer> {
      try {
        // Parent folders are aggregates we do not keep (size, eTag): asking Graph not to list them
        // with every changed child keeps incremental pages to the items that changed. The body is
        // read as bytes and parsed item by item (graph/collection-page: no megabyte strings).
        const fetched = await getCollectionPage<DriveItemJson>(
          client.api(link).header('Prefer', 'deltaExcludeParent')
        );
        let items: DriveItemJson[] | undefined;
        return {
          kind: 'page',
          page: {
            get items() {
              return (items ??= fetched.parseValue());
            },
            nextLink: fetched.properties['@odata.nextLink'] as string | undefined,
            deltaLink: fetched.properties['@odata.deltaLink'] as string | undefined,
          },
        };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 410) throw error;
        // The Location is a nextLink that starts a fresh enumeration (without one, the root's
        // delta does the same job). Nothing promises it keeps the $top and $select of the
        // enumeration the token came from: without them a large drive would be listed again in
        // Graph's default page size with every field, several times the requests.
        const location = locationOf(error);
        return {
          kind: 'resync',
          link: location ? withEnumerationOptions(location) : initialDeltaLink(remoteDriveId),
        };
      }
    },
  };
}

export type DeltaSource = ReturnType<typeof createDeltaSource>;
