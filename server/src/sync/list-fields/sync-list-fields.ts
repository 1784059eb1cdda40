/**
 * The second feed of a drive with kept columns: the list items' own delta
 * (`GET /sites/{site}/lists/{list}/items/delta`), asked only for the kept columns' fields. As with
 * the drive feed, each page is committed in one transaction with the cursor it leads to, so a
 * crash resumes from the last page kept. A fresh enumeration (the first, or after a 410) replaces
 * the drive's stored values: its first page's transaction clears them. A drive without kept
 * columns makes no request here.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Core } from '@strapi/strapi';
import type { LibraryColumnChoice } from '../../../../shared/contracts/library-columns';
import { saveListCursor, type DriveRow } from '../../drives/table';
import { getCollectionPage, type CollectionPage } from '../../graph/collection-page';
import { latestById } from '../apply-page';
import { resolvePeople } from './people';
import { clearListFields, removeListFields, upsertListFields } from './table';
import { fieldsExpand, keptValues, personLookupIds } from './values';

const PAGE_SIZE = 1000;

export const keptColumnsOf = (drive: Pick<DriveRow, 'libraryColumns'>) => {
  const choice = drive.libraryColumns as LibraryColumnChoice | null | undefined;
  return choice && Array.isArray(choice.kept) && choice.kept.length ? choice : null;
};

/** The link with our options added where it lacks them (a 410's Location may carry none). */
function withListOptions(link: string, choice: LibraryColumnChoice): string {
  const queryAt = link.indexOf('?');
  const query = new URLSearchParams(queryAt < 0 ? '' : link.slice(queryAt + 1));
  const missing: Array<[string, string]> = [];
  if (!query.has('$expand')) missing.push(['$expand', fieldsExpand(choice.kept)]);
  if (!query.has('$top')) missing.push(['$top', String(PAGE_SIZE)]);
  if (!missing.length) return link;
  const separator = queryAt < 0 ? '?' : /[?&]$/.test(link) ? '' : '&';
  return `${link}${separator}${missing.map(([name, value]) => `${name}=${value}`).join('&')}`;
}

const initialLink = (choice: LibraryColumnChoice) =>
  withListOptions(
    `/sites/${encodeURIComponent(choice.siteId)}/lists/${encodeURIComponent(choice.listId)}/items/delta`,
    choice
  );

type ListItemJson = Record<string, unknown> & {
  id: string;
  deleted?: unknown;
  fields?: Record<string, unknown>;
};

export interface ListFieldsOutcome {
  pages: number;
  updated: number;
  removed: number;
}

export async function syncListFields(
  strapi: Core.Strapi,
  client: Client,
  drive: DriveRow
): Promise<ListFieldsOutcome | null> {
  const choice = keptColumnsOf(drive);
  if (!choice) return null;
  let link = drive.listSyncCursor || initialLink(choice);
  let fresh = !drive.listSyncCursor;
  const outcome: ListFieldsOutcome = { pages: 0, updated: 0, removed: 0 };
  for (;;) {
    let body: CollectionPage<ListItemJson>;
    try {
      body = await getCollectionPage<ListItemJson>(client.api(link));
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 410) throw error;
      // The token expired: enumerate afresh from the Location Microsoft gives (or from scratch).
      const location = (error as { headers?: Headers }).headers?.get?.('location');
      link = location ? withListOptions(location, choice) : initialLink(choice);
      fresh = true;
      continue;
    }
    const next = (body.properties['@odata.nextLink'] ?? body.properties['@odata.deltaLink']) as
      string | undefined;
    if (!next)
      throw new Error('A list-items delta page carried neither a nextLink nor a deltaLink');
    const items = latestById(body.parseValue()) as ListItemJson[];
    const live = items.filter((item) => !item.deleted);
    const gone = items.filter((item) => item.deleted).map((item) => item.id);
    const people = await resolvePeople(
      client,
      choice.siteId,
      personLookupIds(
        choice.kept,
        live.map((item) => item.fields)
      )
    );
    const rows = live.map((item) => ({
      listItemId: item.id,
      fields: keptValues(choice.kept, item.fields ?? {}, people),
    }));
    await strapi.db.transaction(async ({ trx }) => {
      if (fresh) await clearListFields(trx, drive.id);
      if (rows.length) await upsertListFields(trx, drive.id, rows);
      if (gone.length) await removeListFields(trx, drive.id, gone);
      await saveListCursor(trx, drive.id, next);
    });
    fresh = false;
    outcome.pages += 1;
    outcome.updated += rows.length;
    outcome.removed += gone.length;
    if (body.properties['@odata.deltaLink']) return outcome;
    link = next;
  }
}
