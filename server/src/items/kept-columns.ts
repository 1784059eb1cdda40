/**
 * The kept library columns' values of a page of listed items (My Files, the editors' picker): one
 * query for the page, through the rows' list item ids. Drives keeping no column answer no values.
 */
import type { Core } from '@strapi/strapi';
import type { LibraryColumnValues } from '../../../shared/contracts/library-columns';
import type { DriveRow } from '../drives/table';
import { keptColumnsOf } from '../sync/list-fields/sync-list-fields';
import { listFieldsOf } from '../sync/list-fields/table';

export async function withKeptColumns<Row extends Record<string, unknown>>(
  strapi: Core.Strapi,
  drive: Pick<DriveRow, 'id' | 'libraryColumns'>,
  rows: Row[]
): Promise<Array<Row & { columns?: LibraryColumnValues }>> {
  const choice = keptColumnsOf(drive);
  if (!choice || rows.length === 0) return rows;
  const kept = new Set(choice.kept.map((column) => column.name));
  const ids = rows.map((row) => row.listItemId).filter((id): id is string => Boolean(id));
  const stored = await listFieldsOf(strapi, drive.id, ids);
  return rows.map((row) => {
    const fields = stored.get(String(row.listItemId ?? '')) ?? {};
    return {
      ...row,
      columns: Object.fromEntries(Object.entries(fields).filter(([name]) => kept.has(name))),
    };
  });
}
