/**
 * Fetches delta pages of one drive through the Graph SDK client. A 410 (the delta token is no
 * longer valid) is not an error here but an answer: the link to enumerate the drive afresh from.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { DRIVE_ITEM_SELECT, type DriveItemJson } from './item-mapper';

/** Graph's largest delta page: fewer round trips on a full enumeration. */
const PAGE_SIZE = 1000;

export interface DeltaPage {
  items: DriveItemJson[];
  /** More pages follow in this round. */
  nextLink?: string;
  /** The round is complete: the link that asks for changes after it. */
  deltaLink?: string;
}

export type DeltaAnswer = { kind: 'page'; page: DeltaPage } | { kind: 'resync'; link: string };

/** The first link of a drive's very first round: every item, only the fields the row keeps. */
export const initialDeltaLink = (remoteDriveId: string) =>
  `/drives/${encodeURIComponent(remoteDriveId)}/root/delta?$top=${PAGE_SIZE}&$select=${DRIVE_ITEM_SELECT}`;

const locationOf = (error: unknown): string | undefined => {
  const headers = (error as { headers?: Headers }).headers;
  return headers?.get?.('location') ?? undefined;
};

export function createDeltaSource(client: Client, remoteDriveId: string) {
  return {
    async fetch(link: string): Promise<DeltaAnswer> {
      try {
        // Parent folders are aggregates we do not keep (size, eTag): asking Graph not to list them
        // with every changed child keeps incremental pages to the items that changed.
        const body = (await client.api(link).header('Prefer', 'deltaExcludeParent').get()) as {
          value?: DriveItemJson[];
          '@odata.nextLink'?: string;
          '@odata.deltaLink'?: string;
        };
        return {
          kind: 'page',
          page: {
            items: body.value ?? [],
            nextLink: body['@odata.nextLink'],
            deltaLink: body['@odata.deltaLink'],
          },
        };
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode !== 410) throw error;
        // Without a Location, a fresh enumeration from the root does the same job.
        return { kind: 'resync', link: locationOf(error) ?? initialDeltaLink(remoteDriveId) };
      }
    },
  };
}

export type DeltaSource = ReturnType<typeof createDeltaSource>;
