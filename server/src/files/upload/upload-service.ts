/**
 * Uploads through Strapi: start (validate everything before Graph sees a byte), receive pieces and
 * relay them, report where to resume, cancel. Only the admin who started an upload may continue it.
 */
import type { Readable } from 'node:stream';
import type { Core } from '@strapi/strapi';
import type { Client } from '@microsoft/microsoft-graph-client';
import { recordActivity, type AdminUserRef } from '../activity';
import {
  badRequest,
  fileError,
  notFound,
  toFileOperationError,
  type FileOperationError,
} from '../errors';
import * as graph from '../graph-operations';
import { assertValidNameIn } from '../names';
import { getFileFlags, getUploadSizes } from '../policy';
import type { DriveRow } from '../../drives/table';
import { missingItem } from '../folder-scope';
import { findItemRow, folderPath, upsertItemRow, type ItemRow } from '../../items/rows';
import {
  FRAGMENT_MULTIPLE,
  MAX_FILE_BYTES,
  isAlignedPiece,
  parseContentRange,
  firstExpectedOffset,
  type ByteRange,
} from './fragments';
import { relayPiece, UploadRelayError, type GraphDriveItem } from './relay';
import {
  askSessionStatus,
  deleteSession,
  isSessionGone,
  type SessionTransport,
} from './session-client';
import type { GraphService } from '../../graph/service';
import type { SettingsService } from '../../settings/service';
import { pluginLeases, type Leases } from '../../leases/leases';
import {
  forgetUpload,
  loadUpload,
  newUploadId,
  openUploadUrl,
  saveUpload,
  sealUploadUrl,
  type UploadRecord,
} from './upload-store';
import type {
  StartUploadRequest,
  UploadStatus as UploadStatusContract,
} from '../../../../shared/contracts/uploads';

/** The wire contract, with the item as the server holds it. */
export type UploadStatus = UploadStatusContract<ItemRow>;

export interface UploadDeps {
  strapi: Core.Strapi;
  client: (drive: DriveRow) => Promise<Client>;
  graph: Pick<GraphService, 'transport'>;
  settings: Pick<SettingsService, 'getIntegration' | 'secretBox'>;
}

const SIMPLE_UPLOAD_LIFETIME_MS = 60 * 60 * 1000;
/** How many fragments a browser piece holds: big enough for speed, small for proxies. */
const FRAGMENTS_PER_PIECE = 4;

/** The lease on an upload's next piece: one piece at a time, whichever instance receives it. */
const pieceLease = (uploadId: string) => `upload:${uploadId}`;

// A zero-byte file has no byte range to name: its one (empty) piece comes without Content-Range,
// as the admin panel sends it, or with HTTP's form for an empty representation, `bytes */0`.
function emptyFileRange(header: string | undefined): ByteRange | null {
  const value = header?.trim();
  return !value || value === 'bytes */0' ? { start: 0, end: -1, total: 0 } : null;
}

function statusOf(record: UploadRecord, pieceSize: number, item?: ItemRow): UploadStatus {
  return {
    uploadId: record.id,
    mode: record.mode,
    size: record.size,
    nextOffset: record.nextOffset,
    pieceSize,
    expiresAt: record.expiresAt,
    ...(item ? { item } : {}),
  };
}

async function remainingQuota(client: Client, drive: DriveRow): Promise<number | null> {
  const info = await client
    .api(`/drives/${encodeURIComponent(drive.remoteDriveId)}`)
    .select('quota')
    .get();
  const remaining = info?.quota?.remaining;
  return typeof remaining === 'number' ? remaining : null;
}

export function createUploadService({ strapi, client, graph: graphService, settings }: UploadDeps) {
  // Upload URLs are pre-authenticated: the graph layer's transport (its CA), never its Bearer token.
  const sessionTransport = (): SessionTransport => graphService.transport();
  const box = () => settings.secretBox();
  const pieceSize = () => getUploadSizes(strapi).fragmentSize * FRAGMENTS_PER_PIECE;
  let leases: Leases | undefined;
  const uploadLeases = () => (leases ??= pluginLeases(strapi));

  async function ownedUpload(drive: DriveRow, uploadId: string, user: AdminUserRef) {
    const record = await loadUpload(strapi, uploadId);
    // Someone else's upload looks exactly like a missing one.
    if (!record || record.driveId !== drive.id || record.ownerId !== user.id)
      throw notFound('The upload');
    return record;
  }

  async function finish(
    drive: DriveRow,
    record: UploadRecord,
    user: AdminUserRef,
    item: GraphDriveItem
  ) {
    const row = await upsertItemRow(strapi, drive.id, item);
    await forgetUpload(strapi, record.id);
    await recordActivity(strapi, {
      driveId: drive.id,
      action: 'upload',
      user,
      itemRemoteId: item.id,
      itemName: String(item.name ?? record.name),
      result: 'succeeded',
      details: { size: record.size, mode: record.mode },
    });
    return statusOf({ ...record, nextOffset: record.size }, pieceSize(), row);
  }

  async function fail(
    drive: DriveRow,
    record: UploadRecord,
    user: AdminUserRef,
    error: FileOperationError
  ) {
    await recordActivity(strapi, {
      driveId: drive.id,
      action: 'upload',
      user,
      itemName: record.name,
      result: 'failed',
      errorCode: error.code,
    });
  }

  /**
   * Replaces a session Microsoft no longer has (it cannot be resumed): a new session for the same
   * file, and the upload goes on from the first byte that session expects (a new session holds
   * none of the old one's bytes, so the browser sends the file again from there).
   */
  async function renewSession(drive: DriveRow, record: UploadRecord): Promise<UploadStatus> {
    const session = await graph.createUploadSession(
      await client(drive),
      {
        driveId: drive.remoteDriveId,
        parentId: record.parentRemoteId,
        name: record.name,
        size: record.size,
      },
      record.conflictBehavior
    );
    record.sealedUploadUrl = sealUploadUrl(box(), record.id, session.uploadUrl);
    record.nextOffset = firstExpectedOffset(session.nextExpectedRanges) ?? 0;
    if (session.expirationDateTime) record.expiresAt = session.expirationDateTime;
    await saveUpload(strapi, box(), record);
    return statusOf(record, pieceSize());
  }

  return {
    async start(
      drive: DriveRow,
      user: AdminUserRef,
      input: StartUploadRequest
    ): Promise<UploadStatus> {
      const { size } = input;
      if (!Number.isSafeInteger(size) || size < 0)
        throw badRequest('The file size must be a whole number of bytes');
      if (size > MAX_FILE_BYTES) {
        throw fileError(
          'fileTooLarge',
          'Files larger than 250 GB cannot be uploaded to SharePoint or OneDrive'
        );
      }
      if (!['fail', 'replace', 'rename'].includes(input.conflictBehavior)) {
        throw badRequest("conflictBehavior must be 'fail', 'replace' or 'rename'");
      }
      const parent = await findItemRow(strapi, drive.id, input.parentId);
      // Into the drive's folder only: a parent outside it has no row.
      if (!parent || parent.deleted) throw missingItem(drive, 'The destination folder');
      if (!parent.isFolder) throw notFound('The destination folder');
      const flags = await getFileFlags(settings);
      assertValidNameIn(input.name, {
        driveName: drive.name,
        folderPath: await folderPath(strapi, drive.id, input.parentId),
        isFolder: false,
        rejectDiscouragedCharacters: flags.rejectDiscouragedCharacters,
      });
      const graphClient = await client(drive);
      try {
        const remaining = await remainingQuota(graphClient, drive);
        if (remaining !== null && size > remaining) {
          throw fileError(
            'quotaExceeded',
            'The drive does not have enough space left for this file'
          );
        }
        const { simpleUploadThreshold } = getUploadSizes(strapi);
        const base = {
          id: newUploadId(),
          driveId: drive.id,
          ownerId: user.id,
          parentRemoteId: input.parentId,
          name: input.name,
          size,
          conflictBehavior: input.conflictBehavior,
          nextOffset: 0,
          createdAt: new Date().toISOString(),
        };
        let record: UploadRecord;
        if (size <= simpleUploadThreshold) {
          record = {
            ...base,
            mode: 'simple',
            expiresAt: new Date(Date.now() + SIMPLE_UPLOAD_LIFETIME_MS).toISOString(),
          };
        } else {
          const session = await graph.createUploadSession(
            graphClient,
            { driveId: drive.remoteDriveId, parentId: input.parentId, name: input.name, size },
            input.conflictBehavior
          );
          record = {
            ...base,
            mode: 'session',
            sealedUploadUrl: sealUploadUrl(box(), base.id, session.uploadUrl),
            expiresAt:
              session.expirationDateTime ??
              new Date(Date.now() + SIMPLE_UPLOAD_LIFETIME_MS).toISOString(),
          };
        }
        await saveUpload(strapi, box(), record);
        return statusOf(record, record.mode === 'simple' ? Math.max(size, 1) : pieceSize());
      } catch (error) {
        throw toFileOperationError(error, 'upload');
      }
    },

    /** Relays one piece (`Content-Range: bytes start-end/total`) of the browser's file. */
    async putPiece(
      drive: DriveRow,
      user: AdminUserRef,
      uploadId: string,
      piece: Readable,
      headers: { contentRange?: string; contentLength?: string }
    ): Promise<UploadStatus> {
      const record = await ownedUpload(drive, uploadId, user);
      const range =
        record.size === 0
          ? emptyFileRange(headers.contentRange)
          : parseContentRange(headers.contentRange);
      if (!range && record.size === 0) {
        throw badRequest(
          'A zero-byte file is sent as one empty piece, without Content-Range',
          'invalidRange'
        );
      }
      if (!range || range.total !== record.size) {
        throw badRequest(`Content-Range must be 'bytes start-end/${record.size}'`, 'invalidRange');
      }
      if (
        headers.contentLength !== undefined &&
        Number(headers.contentLength) !== range.end - range.start + 1
      ) {
        throw badRequest('Content-Length must equal the size of the Content-Range', 'invalidRange');
      }
      // Another instance (or request) relaying a piece of this upload would race this one for
      // the same session offset.
      const lease = await uploadLeases().take(pieceLease(record.id));
      if (!lease) throw fileError('uploadBusy', 'A piece of this upload is already being sent');
      try {
        // Read again under the lease: a piece relayed meanwhile moved it on (or finished it).
        const current = await ownedUpload(drive, uploadId, user);
        return current.mode === 'simple'
          ? await putSimple(drive, user, current, piece, range)
          : await putSessionPiece(drive, user, current, piece, range);
      } finally {
        await lease.release();
      }
    },

    async status(drive: DriveRow, user: AdminUserRef, uploadId: string): Promise<UploadStatus> {
      const record = await ownedUpload(drive, uploadId, user);
      if (record.mode === 'session') {
        const answer = await askSessionStatus(sessionTransport(), openUploadUrl(box(), record)!);
        if (isSessionGone(answer.status)) {
          return await renewSession(drive, record).catch((error: unknown) => {
            throw toFileOperationError(error, 'upload');
          });
        }
        const expected = firstExpectedOffset(answer.body?.nextExpectedRanges);
        if (expected !== null && expected !== record.nextOffset) {
          record.nextOffset = expected;
          await saveUpload(strapi, box(), record);
        }
      }
      return statusOf(record, record.mode === 'simple' ? Math.max(record.size, 1) : pieceSize());
    },

    async cancel(drive: DriveRow, user: AdminUserRef, uploadId: string): Promise<void> {
      const record = await ownedUpload(drive, uploadId, user);
      if (record.mode === 'session') {
        // A session already gone (404) is as good as deleted.
        await deleteSession(sessionTransport(), openUploadUrl(box(), record)!).catch(
          () => undefined
        );
      }
      await forgetUpload(strapi, record.id);
    },
  };

  async function putSimple(
    drive: DriveRow,
    user: AdminUserRef,
    record: UploadRecord,
    piece: Readable,
    range: ByteRange
  ) {
    if (range.start !== 0 || range.end !== record.size - 1) {
      throw badRequest('A small file is sent in one piece', 'invalidRange');
    }
    // At most the simple-upload threshold (under one fragment) is held in memory.
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of piece) {
      length += (chunk as Buffer).length;
      if (length > record.size)
        throw badRequest('The piece is longer than its Content-Range', 'invalidRange');
      chunks.push(chunk as Buffer);
    }
    if (length !== record.size)
      throw badRequest('The piece ended before its Content-Range', 'pieceInterrupted');
    try {
      const item = await graph.simpleUpload(
        await client(drive),
        { driveId: drive.remoteDriveId, parentId: record.parentRemoteId, name: record.name },
        Buffer.concat(chunks, length),
        record.conflictBehavior
      );
      return await finish(drive, record, user, item);
    } catch (error) {
      const mapped = toFileOperationError(error, 'upload');
      await fail(drive, record, user, mapped);
      throw mapped;
    }
  }

  async function putSessionPiece(
    drive: DriveRow,
    user: AdminUserRef,
    record: UploadRecord,
    piece: Readable,
    range: ByteRange
  ) {
    if (!isAlignedPiece(range)) {
      throw badRequest(
        `Pieces must start and end on multiples of ${FRAGMENT_MULTIPLE} bytes (except at the end of the file)`,
        'invalidRange'
      );
    }
    const uploadUrl = openUploadUrl(box(), record)!;
    const { fragmentSize } = getUploadSizes(strapi);
    try {
      const result = await relayPiece(piece, range, {
        ...sessionTransport(),
        uploadUrl,
        fragmentSize,
        findCommittedItem: async () => {
          const found = await graph.findChild(
            await client(drive),
            drive.remoteDriveId,
            record.parentRemoteId,
            record.name
          );
          return found && found.size === record.size ? found : null;
        },
      });
      if (result.item) return await finish(drive, record, user, result.item);
      record.nextOffset = result.nextOffset;
      await saveUpload(strapi, box(), record);
      return statusOf(record, pieceSize());
    } catch (error) {
      if (error instanceof UploadRelayError && error.reason === 'sessionGone') {
        return await renewSession(drive, record).catch(async (renewalError: unknown) => {
          const mapped = toFileOperationError(renewalError, 'upload');
          await fail(drive, record, user, mapped);
          await forgetUpload(strapi, record.id);
          throw mapped;
        });
      }
      if (error instanceof UploadRelayError) {
        record.nextOffset = error.nextOffset;
        await saveUpload(strapi, box(), record);
      }
      const mapped = toFileOperationError(error, 'upload');
      if (mapped.code !== 'uploadInterrupted') await fail(drive, record, user, mapped);
      if (mapped.code === 'uploadSessionGone' || mapped.code === 'nameAlreadyExists')
        await forgetUpload(strapi, record.id);
      throw mapped;
    }
  }
}

export type UploadService = ReturnType<typeof createUploadService>;
