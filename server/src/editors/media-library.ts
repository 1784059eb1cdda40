/**
 * "Copy to Media Library": a synced file becomes an asset of Strapi's upload plugin, for public
 * content that must not depend on Microsoft 365. The bytes go from Graph's download stream to a
 * temporary file and from there to the upload service (which reads it as a stream): a file is
 * never held in memory whole, whatever its size.
 */
import fs from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Core } from '@strapi/strapi';
import { externalDrivesError } from '../graph/errors';
import type { DownloadResult } from '../files/manage';

export interface MediaCopyCandidate {
  name: string;
  size: number | null;
  mimeType: string | null;
}

interface UploadConfig {
  sizeLimit?: number;
  security?: { allowedTypes?: string[]; deniedTypes?: string[] };
}

const uploadConfig = (strapi: Core.Strapi) =>
  (strapi.config.get('plugin::upload') ?? {}) as UploadConfig;

/** 'image/*' matches 'image/png'; comparisons ignore case. */
const matchesType = (mimeType: string, pattern: string) => {
  const [type, subtype] = mimeType.toLowerCase().split('/');
  const [patternType, patternSubtype] = pattern.toLowerCase().split('/');
  return (
    (patternType === '*' || patternType === type) &&
    (patternSubtype === undefined || patternSubtype === '*' || patternSubtype === subtype)
  );
};

/**
 * Refuses, before a byte is downloaded, what the Media Library would refuse: a file over its size
 * limit, or of a type its security settings deny.
 */
export function assertMediaLibraryAccepts(strapi: Core.Strapi, file: MediaCopyCandidate) {
  const { sizeLimit, security } = uploadConfig(strapi);
  if (sizeLimit && file.size !== null && file.size > sizeLimit) {
    throw externalDrivesError('fileTooLarge', {
      message: `The file is larger than the Media Library accepts (${sizeLimit} bytes)`,
    });
  }
  const mimeType = file.mimeType ?? 'application/octet-stream';
  const denied = security?.deniedTypes?.some((pattern) => matchesType(mimeType, pattern));
  const allowed =
    !security?.allowedTypes?.length ||
    security.allowedTypes.some((pattern) => matchesType(mimeType, pattern));
  if (denied || !allowed) {
    throw externalDrivesError('invalidRequest', {
      message: `The Media Library does not accept files of type ${mimeType}`,
    });
  }
}

interface UploadService {
  upload(
    input: {
      data: { fileInfo: { name: string; folder?: number | null } };
      files: { filepath: string; originalFilename: string; mimetype: string; size: number };
    },
    options: { user?: unknown }
  ): Promise<Array<Record<string, unknown>>>;
}

/** What the admin is answered of the new asset (what the Media Library itself shows). */
const MEDIA_FIELDS = [
  'id',
  'documentId',
  'name',
  'alternativeText',
  'caption',
  'width',
  'height',
  'formats',
  'hash',
  'ext',
  'mime',
  'size',
  'url',
  'previewUrl',
  'provider',
  'folderPath',
  'createdAt',
  'updatedAt',
];

/** Streams the download into a temporary file, hands it to the upload service, cleans up. */
export async function copyToMediaLibrary(
  strapi: Core.Strapi,
  download: DownloadResult,
  file: MediaCopyCandidate,
  options: { user?: unknown; folderId?: number | null }
): Promise<Record<string, unknown>> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'external-drives-media-'));
  try {
    const filepath = path.join(folder, 'content');
    await pipeline(download.body, fs.createWriteStream(filepath));
    const { size } = await stat(filepath);
    const upload = strapi.plugin('upload').service('upload') as unknown as UploadService;
    const [media] = await upload.upload(
      {
        data: { fileInfo: { name: file.name, folder: options.folderId ?? null } },
        files: {
          filepath,
          originalFilename: file.name,
          mimetype: file.mimeType ?? download.headers['content-type'] ?? 'application/octet-stream',
          size,
        },
      },
      { user: options.user }
    );
    return Object.fromEntries(
      MEDIA_FIELDS.filter((key) => key in media).map((key) => [key, media[key]])
    );
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
