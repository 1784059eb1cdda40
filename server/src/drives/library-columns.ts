/**
 * Which library columns a drive keeps (shown in My Files and the editors' picker) and which of
 * those the content API returns with attached files. Both start empty. The library's columns are
 * read live from Graph (user-facing: ahead of background sync at the pacer).
 *
 * Choosing columns changes what the list feed asks for, so its cursor is dropped and the next
 * sync enumerates the list afresh. A drive synced before list item ids were kept (rows without
 * `list_item_id`) enumerates the drive afresh once too, so its files can be matched.
 */
import type { Core } from '@strapi/strapi';
import type {
  LibraryColumnChoice,
  LibraryColumnsUpdate,
  LibraryColumnsView,
} from '../../../shared/contracts/library-columns';
import { TABLE } from '../constants';
import { externalDrivesError } from '../graph/errors';
import type { GraphService } from '../graph/service';
import { fetchColumns, fetchLibraryList } from '../sync/list-fields/columns';
import { keptColumnsOf } from '../sync/list-fields/sync-list-fields';
import { clearListFields } from '../sync/list-fields/table';
import { createDriveTable, type DriveRow } from './table';

export const MAX_KEPT_COLUMNS = 50;

const invalid = (message: string) =>
  externalDrivesError('invalidRequest', { message, httpStatus: 400, nextStep: '' });

/** Whether some file or folder of the drive was synced without its list item id. */
async function hasRowsWithoutListItemId(strapi: Core.Strapi, driveId: number) {
  const row = await strapi.db
    .connection(TABLE.driveItem)
    .where({ drive_id: driveId, is_root: false })
    .whereNull('list_item_id')
    .first('id');
  return Boolean(row);
}

export function createLibraryColumns(
  strapi: Core.Strapi,
  graph: Pick<GraphService, 'clientForDrive'>
) {
  const available = async (drive: DriveRow) => {
    // The drive as callers see it lacks its account (never shown); Graph needs it for a personal
    // drive's delegated token, so the client is made from the stored row.
    const stored = (await createDriveTable(strapi).find(drive.id)) ?? drive;
    const client = await graph.clientForDrive(stored);
    const list = await fetchLibraryList(client, drive.remoteDriveId);
    return { list, columns: list ? await fetchColumns(client, list) : [] };
  };

  return {
    async view(drive: DriveRow): Promise<LibraryColumnsView> {
      const { columns } = await available(drive);
      const choice = keptColumnsOf(drive);
      return {
        available: columns,
        kept: choice?.kept.map((column) => column.name) ?? [],
        published: choice?.published ?? [],
        canPublish: drive.scope === 'platform',
      };
    },

    async update(drive: DriveRow, input: LibraryColumnsUpdate): Promise<LibraryColumnsView> {
      const kept = [...new Set(input.kept)];
      const published = [...new Set(input.published)];
      if (kept.length > MAX_KEPT_COLUMNS)
        throw invalid(`A drive keeps at most ${MAX_KEPT_COLUMNS} columns`);
      const notKept = published.filter((name) => !kept.includes(name));
      if (notKept.length)
        throw invalid(
          `Only kept columns can be returned by the content API: ${notKept.join(', ')}`
        );
      if (published.length && drive.scope !== 'platform')
        throw invalid("A personal drive's columns are never returned by the content API");
      const { list, columns } = await available(drive);
      if (kept.length && !list) throw invalid('This drive has no library columns');
      const unknown = kept.filter((name) => !columns.some((column) => column.name === name));
      if (unknown.length) throw invalid(`The library has no column ${unknown.join(', ')}`);

      const previous = keptColumnsOf(drive);
      const choice: LibraryColumnChoice | null = kept.length
        ? {
            siteId: list!.siteId,
            listId: list!.listId,
            kept: columns.filter((column) => kept.includes(column.name)),
            published,
          }
        : null;
      const sameKept =
        (previous?.kept.map((column) => column.name).join('\n') ?? '') ===
        (choice?.kept.map((column) => column.name).join('\n') ?? '');
      const rematch = Boolean(choice) && (await hasRowsWithoutListItemId(strapi, drive.id));
      await strapi.db.transaction(async ({ trx }) => {
        const changes: Record<string, unknown> = {
          library_columns: choice ? JSON.stringify(choice) : null,
        };
        // Other fields are asked for: the list is read afresh (its values cleared with it).
        if (!sameKept) {
          changes.list_sync_cursor = null;
          await clearListFields(trx, drive.id);
        }
        if (rematch) changes.sync_cursor = null;
        await trx(TABLE.drive).where('id', drive.id).update(changes);
      });
      return {
        available: columns,
        kept: choice?.kept.map((column) => column.name) ?? [],
        published: choice?.published ?? [],
        canPublish: drive.scope === 'platform',
      };
    },
  };
}
