/**
 * A drive limited to one folder reaches that folder's items only: its rows are exactly those, so
 * an item id it has no row for is either gone or outside the folder. For such a drive the refusal
 * says so (outsideFolder, a 404 like any item the drive does not hold), naming the folder.
 */
import type { Core } from '@strapi/strapi';
import { driveScopeLabel } from '../../../shared/drive-scope';
import type { DriveRow } from '../drives/table';
import { externalDrivesError } from '../graph/errors';
import { findItemRow } from '../items/rows';
import { notFound } from './errors';

type ScopedDriveRow = Pick<DriveRow, 'folderItemId' | 'folderPath' | 'libraryName'>;

/** What a file operation answers for an item id the drive holds no live row for. */
export function missingItem(drive: ScopedDriveRow, what: string) {
  const folder = driveScopeLabel(drive);
  if (!folder) return notFound(what);
  return externalDrivesError('outsideFolder', {
    message: `${what} is not in this drive's folder (${folder})`,
    details: { folder },
  });
}

/** For a listing by parent: refuses a parent id outside a drive limited to one folder. */
export async function assertParentInFolder(
  strapi: Core.Strapi,
  drive: ScopedDriveRow & Pick<DriveRow, 'id'>,
  parentId: string | undefined
) {
  if (!drive.folderItemId || parentId === undefined) return;
  const row = await findItemRow(strapi, drive.id, parentId);
  if (!row || row.deleted) throw missingItem(drive, 'The folder');
}
