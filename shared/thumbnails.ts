/**
 * Thumbnails of synced files, shared by the server (which asks Microsoft only for the kinds that
 * have one) and the admin panel (which shows a placeholder by kind where none exists).
 */

/** What a file is, for its thumbnail or its placeholder. */
export type FileKind =
  | 'image'
  | 'pdf'
  | 'word'
  | 'excel'
  | 'powerpoint'
  | 'video'
  | 'audio'
  | 'archive'
  | 'text'
  | 'other';

const EXTENSION_KINDS: Record<string, FileKind> = {
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  bmp: 'image',
  webp: 'image',
  tif: 'image',
  tiff: 'image',
  heic: 'image',
  svg: 'image',
  pdf: 'pdf',
  doc: 'word',
  docx: 'word',
  docm: 'word',
  dotx: 'word',
  odt: 'word',
  rtf: 'word',
  xls: 'excel',
  xlsx: 'excel',
  xlsm: 'excel',
  xltx: 'excel',
  ods: 'excel',
  csv: 'excel',
  ppt: 'powerpoint',
  pptx: 'powerpoint',
  pptm: 'powerpoint',
  potx: 'powerpoint',
  odp: 'powerpoint',
  mp4: 'video',
  mov: 'video',
  avi: 'video',
  mkv: 'video',
  webm: 'video',
  mp3: 'audio',
  wav: 'audio',
  m4a: 'audio',
  ogg: 'audio',
  zip: 'archive',
  '7z': 'archive',
  rar: 'archive',
  gz: 'archive',
  tar: 'archive',
  txt: 'text',
  md: 'text',
  json: 'text',
  xml: 'text',
  log: 'text',
};

/** A file's kind by its name's extension, else by its MIME type. */
export function fileKindOf(name: string, mimeType?: string | null): FileKind {
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  if (extension && EXTENSION_KINDS[extension]) return EXTENSION_KINDS[extension];
  if (mimeType?.startsWith('image/')) return 'image';
  if (mimeType === 'application/pdf') return 'pdf';
  if (mimeType?.startsWith('video/')) return 'video';
  if (mimeType?.startsWith('audio/')) return 'audio';
  if (mimeType?.startsWith('text/')) return 'text';
  return 'other';
}

/**
 * The kinds the plugin shows a thumbnail of (images, PDFs, Office documents): for the others the
 * server asks Microsoft nothing and the admin panel shows the placeholder straight away. (An SVG
 * counts as an image: what the server relays is Microsoft's raster rendering, never the SVG.)
 */
const THUMBNAIL_KINDS: ReadonlySet<FileKind> = new Set([
  'image',
  'pdf',
  'word',
  'excel',
  'powerpoint',
]);

export const hasThumbnailKind = (name: string, mimeType?: string | null): boolean =>
  THUMBNAIL_KINDS.has(fileKindOf(name, mimeType));

/**
 * The admin route of an item's small thumbnail (under /external-drives). `v` is the item's cTag:
 * it changes with the content, so the browser's cache and the panel's keep one image per version.
 */
export const thumbnailPath = (driveId: number, itemId: string, cTag?: string | null) =>
  `/external-drives/drives/${driveId}/items/${encodeURIComponent(itemId)}/thumbnail${
    cTag ? `?v=${encodeURIComponent(cTag)}` : ''
  }`;

/** The longest a thumbnail's bytes may be: Microsoft's small ones are a few kilobytes. */
export const MAX_THUMBNAIL_BYTES = 512 * 1024;
