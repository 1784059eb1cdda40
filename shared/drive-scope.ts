/**
 * How a drive limited to one folder is named wherever the drive is: "Documents › HR / Policies".
 * One function for the server and the admin panel, so the scope reads the same everywhere.
 */
export interface ScopedDrive {
  folderItemId?: string | null;
  folderPath?: string | null;
  libraryName?: string | null;
}

/** The drive's folder as "Library › A / B", or null for a drive of a whole library. */
export function driveScopeLabel(drive: ScopedDrive): string | null {
  if (!drive.folderItemId) return null;
  const segments = (drive.folderPath ?? '').split('/').filter(Boolean);
  const library = drive.libraryName?.trim() || 'Library';
  return segments.length ? `${library} › ${segments.join(' / ')}` : library;
}
