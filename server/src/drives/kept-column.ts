/**
 * Which kept column a drive-wide column filter names (the editors' picker): checked against the
 * drive's choice before any SQL is built (items/column-filter.ts builds it).
 */
import type { Core } from '@strapi/strapi';
import type { LibraryColumn } from '../../../shared/contracts/library-columns';
import { badRequest } from '../files/errors';
import type { GraphService } from '../graph/service';
import { keptColumnsOf } from '../sync/list-fields/sync-list-fields';
import { createLibraryColumns } from './library-columns';
import type { DriveRow } from './table';

/**
 * The drive's kept column of this name, or a 400 that says why not: the library has no such
 * column, or has it but the drive does not keep it. Telling the two apart needs the library's
 * columns from Microsoft, asked only on this error path (and skipped when Microsoft cannot answer).
 */
export async function keptColumnNamed(
  strapi: Core.Strapi,
  graph: Pick<GraphService, 'clientForDrive'>,
  drive: DriveRow,
  name: string
): Promise<LibraryColumn> {
  const kept = keptColumnsOf(drive)?.kept ?? [];
  const found = kept.find((column) => column.name === name);
  if (found) return found;
  const keptNames = kept.length ? kept.map((column) => column.name).join(', ') : 'none';
  let inLibrary: boolean | undefined;
  try {
    const view = await createLibraryColumns(strapi, graph).view(drive);
    inLibrary = view.available.some((column) => column.name === name);
  } catch {
    inLibrary = undefined;
  }
  if (inLibrary === false)
    throw badRequest(`The library has no column ${name} (kept columns: ${keptNames})`);
  if (inLibrary === true)
    throw badRequest(`The column ${name} is not kept by this drive (kept columns: ${keptNames})`);
  throw badRequest(`${name} is not a kept column of this drive (kept columns: ${keptNames})`);
}
