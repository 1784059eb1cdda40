import { badRequest } from '../errors';

const INVALID_CHARACTERS = /["*:<>?/\\|]/;
const RESERVED = /^(\.lock|CON|PRN|AUX|NUL|COM\d|LPT\d|desktop\.ini)(\..*)?$/i;

/** OneDrive for Business / SharePoint naming rules (see the facts file). */
export function assertValidItemName(name: string): void {
  if (!name || name.trim() !== name || INVALID_CHARACTERS.test(name)) {
    throw badRequest(`The provided name '${name}' contains invalid characters or is empty.`);
  }
  if (RESERVED.test(name) || name.includes('_vti_') || name.startsWith('~$')) {
    throw badRequest(`The provided name '${name}' is not allowed.`);
  }
}

const MIME_TYPES: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  zip: 'application/zip',
  mp4: 'video/mp4',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export function mimeTypeOf(name: string): string {
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  return MIME_TYPES[extension] ?? 'application/octet-stream';
}
