/**
 * What the admin panel does to upload a file (admin/src/api/uploadFile.ts), plus the user's
 * "Resume" and "Start again": start an upload, PUT pieces from the offset the server expects,
 * and after a failure ask the server where it stands and go on from there.
 */
import type supertest from 'supertest';
import { adminRequest } from '../testkit/admin';

const BASE = '/external-drives';

export interface UploadStatusBody {
  uploadId: string;
  mode: 'simple' | 'session';
  size: number;
  nextOffset: number;
  pieceSize: number;
  item?: { remoteId: string; size: number | string; quickXorHash?: string | null };
}

export interface UploadOutcome {
  completed: boolean;
  item?: UploadStatusBody['item'];
  /** Pieces the server refused or lost (each followed by a status check). */
  failedPieces: number;
  /** Uploads started again from zero because the session was gone. */
  restarts: number;
  lastError?: string;
}

export interface UploadSpec {
  driveId: number;
  parentId: string;
  name: string;
  bytes: Buffer;
  conflictBehavior?: 'fail' | 'replace' | 'rename';
}

const describe = (answer: supertest.Response) =>
  `${answer.status} ${answer.body?.error?.details?.code ?? ''} ${answer.body?.error?.message ?? ''}`.trim();

export async function uploadThroughPlugin(
  http: ReturnType<typeof supertest>,
  token: string,
  spec: UploadSpec,
  { maxFailures = 20, maxRestarts = 3 } = {}
): Promise<UploadOutcome> {
  const api = adminRequest(http, token);
  const { bytes } = spec;
  const path = `${BASE}/drives/${spec.driveId}/uploads`;
  const outcome: UploadOutcome = { completed: false, failedPieces: 0, restarts: 0 };

  const start = async (): Promise<UploadStatusBody> => {
    const answer = await api.post(path).send({
      parentId: spec.parentId,
      name: spec.name,
      size: bytes.length,
      conflictBehavior: spec.conflictBehavior ?? 'fail',
    });
    if (answer.status !== 201) throw new Error(`start: ${describe(answer)}`);
    return answer.body.data as UploadStatusBody;
  };

  let status = await start();
  while (!status.item) {
    const from = status.nextOffset;
    const to = bytes.length === 0 ? 0 : Math.min(from + status.pieceSize, bytes.length);
    const request = api
      .put(`${path}/${status.uploadId}`)
      .set('Content-Type', 'application/octet-stream');
    // A zero-byte file goes in one PUT without Content-Range, as the admin panel sends it.
    if (bytes.length > 0) request.set('Content-Range', `bytes ${from}-${to - 1}/${bytes.length}`);
    const answer = await request.send(bytes.subarray(from, to));
    if (answer.status === 200) {
      status = answer.body.data as UploadStatusBody;
      continue;
    }
    outcome.failedPieces += 1;
    outcome.lastError = describe(answer);
    if (outcome.failedPieces > maxFailures) break;
    const code = answer.body?.error?.details?.code;
    if (code === 'uploadSessionGone') {
      if (++outcome.restarts > maxRestarts) break;
      status = await start();
      continue;
    }
    // Where does the server stand? (A lost answer may hide bytes that did arrive.)
    for (let check = 0; ; check++) {
      const current = await api.get(`${path}/${status.uploadId}`);
      if (current.status === 200) {
        status = current.body.data as UploadStatusBody;
        break;
      }
      if (current.status === 404 || current.body?.error?.details?.code === 'uploadSessionGone') {
        if (++outcome.restarts > maxRestarts) return outcome;
        status = await start();
        break;
      }
      if (check >= 5) return outcome;
    }
  }
  if (status.item) {
    outcome.completed = true;
    outcome.item = status.item;
  } else {
    // Given up: as the panel's Cancel, so no session is left behind on purpose.
    await api.delete(`${path}/${status.uploadId}`);
  }
  return outcome;
}
