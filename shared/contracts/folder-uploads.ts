/**
 * Folder uploads on the wire: the tree a browser read from a dropped or picked folder, the names
 * the rules refuse in it (all of them at once), and the folders created for it in Microsoft 365.
 */
import type { NameRule } from '../names';

/** One file of the tree: its path relative to the destination ('Photos/2024/a.jpg'), '/'-separated. */
export interface FolderUploadFile {
  path: string;
  size: number;
}

/**
 * `POST /drives/:id/items/:itemId/folder-upload[/check]`: the files of the tree, and its folders
 * (empty ones included: a file's path names its own folders, an empty folder has no file to).
 */
export interface FolderUploadRequest {
  files: FolderUploadFile[];
  folders?: string[];
}

/** A name the rules refuse: the segment, where it is, and why (in English, as the server says). */
export interface RefusedName {
  /** The relative path of the file or folder holding the name. */
  path: string;
  name: string;
  rule: NameRule | 'duplicateName';
  message: string;
  /** For the character rules: every offending character of the name. */
  characters?: string[];
}

/** What the check answers when every name is accepted. */
export interface FolderUploadSummary {
  folders: number;
  files: number;
  bytes: number;
}

/** What creating the tree answers: each relative folder path ('' the destination) → remoteId. */
export interface FolderUploadTree extends FolderUploadSummary {
  folderIds: Record<string, string>;
  /** Relative paths of the folders that existed already and were reused (files go into them). */
  reused: string[];
}

/** More than this in one folder upload is refused before anything is checked or created. */
export const MAX_FOLDER_UPLOAD_FILES = 10_000;
