/**
 * Folders of a library, as the folder picker browses them before a drive is connected to one
 * folder (`GET .../drives/:driveId/folders`). Paths are relative to the library ("HR/Policies",
 * "" for the library itself).
 */
export interface FolderSummary {
  id: string;
  name: string;
  path: string;
  /** How many children the folder has (files included), when Graph says. */
  childCount: number | null;
}

/** One level of the picker: the folder shown and its sub-folders. */
export interface FolderListing {
  folder: FolderSummary;
  folders: FolderSummary[];
}
