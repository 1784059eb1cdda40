import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QuickXorHash } from '../content/quick-xor-hash';
import { uploadsDir } from '../content/stored-files';
import type { EmulatorContext } from '../context';
import type { ConflictBehavior } from '../graph/write-support';
import type { Actor } from '../store/model';

export interface UploadSession {
  id: string;
  driveId: string;
  parentId: string;
  name: string;
  conflictBehavior: ConflictBehavior;
  /** Declared in createUploadSession, or fixed by the first fragment's Content-Range total. */
  total?: number;
  /** Bytes received so far, in order (fragments must come in order). */
  received: number;
  file: string;
  hash: QuickXorHash;
  expiresAt: number;
  busy: boolean;
  by: Actor;
}

/** Open upload sessions; each fragment pushes the expiry forward. */
export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();
  lifetimeSeconds = 3600;

  constructor(private readonly dataDir: string) {}

  create(
    spec: Pick<UploadSession, 'driveId' | 'parentId' | 'name' | 'conflictBehavior' | 'by'> & {
      fileSize?: number;
    }
  ): UploadSession {
    const id = randomBytes(24).toString('base64url');
    const file = join(uploadsDir(this.dataDir, 'sessions'), id);
    writeFileSync(file, '');
    const session: UploadSession = {
      ...spec,
      id,
      total: spec.fileSize,
      received: 0,
      file,
      hash: new QuickXorHash(),
      expiresAt: Date.now() + this.lifetimeSeconds * 1000,
      busy: false,
    };
    this.sessions.set(id, session);
    return session;
  }

  /** The live session, or undefined when unknown, finished, cancelled or expired. */
  find(id: string): UploadSession | undefined {
    const session = this.sessions.get(id);
    if (session && session.expiresAt <= Date.now()) {
      this.remove(session);
      return undefined;
    }
    return session;
  }

  /** The live sessions (expired ones are removed on the way), as the control API lists them. */
  list(): UploadSession[] {
    return [...this.sessions.keys()]
      .map((id) => this.find(id))
      .filter((session): session is UploadSession => session !== undefined);
  }

  extend(session: UploadSession): void {
    session.expiresAt = Date.now() + this.lifetimeSeconds * 1000;
  }

  remove(session: UploadSession, keepFile = false): void {
    this.sessions.delete(session.id);
    if (!keepFile) rmSync(session.file, { force: true });
  }
}

export function sessionStatus(session: UploadSession): Record<string, unknown> {
  return {
    expirationDateTime: new Date(session.expiresAt).toISOString(),
    nextExpectedRanges: [
      `${session.received}-${session.total !== undefined ? session.total - 1 : ''}`,
    ],
  };
}

/** createUploadSession's answer: an uploadUrl on the content host (no Bearer token goes there). */
export function createUploadSession(
  emulator: EmulatorContext,
  spec: Parameters<UploadSessions['create']>[0]
): Record<string, unknown> {
  const session = emulator.uploads.create(spec);
  return {
    '@odata.context': `${emulator.apiOrigin}/v1.0/$metadata#microsoft.graph.uploadSession`,
    uploadUrl: `${emulator.contentOrigin}/upload/${session.id}`,
    ...sessionStatus(session),
    nextExpectedRanges: ['0-'],
  };
}
