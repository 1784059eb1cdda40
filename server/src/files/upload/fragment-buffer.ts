/**
 * The browser's piece, read one fragment at a time into the one buffer the relay holds. The
 * fragment is handed to Graph while it fills (see `streamed`), and kept whole so a failed send
 * can be repeated without asking the browser again.
 */
import { UploadRelayError } from './relay-error';

/** The browser's bytes, in slices no longer than asked for. */
export class PieceSource {
  private leftover: Uint8Array | null = null;

  constructor(private readonly iterator: AsyncIterator<Uint8Array>) {}

  static of(piece: AsyncIterable<Uint8Array>) {
    return new PieceSource(piece[Symbol.asyncIterator]());
  }

  /** At most `max` bytes; null once the piece has ended. Throws what the stream throws. */
  async read(max: number): Promise<Uint8Array | null> {
    let chunk = this.leftover;
    this.leftover = null;
    if (!chunk) {
      const next = await this.iterator.next();
      if (next.done) return null;
      chunk = next.value;
    }
    if (chunk.length > max) {
      this.leftover = chunk.subarray(max);
      chunk = chunk.subarray(0, max);
    }
    return chunk;
  }
}

/** One fragment of the file (bytes `fileOffset`.. of it), filled from the browser. */
export class FragmentBuffer {
  filled = 0;
  private pending: Promise<void> | undefined;

  constructor(
    /** Exactly the fragment's length. */
    readonly bytes: Buffer,
    private readonly source: PieceSource,
    readonly fileOffset: number
  ) {}

  get isComplete() {
    return this.filled === this.bytes.length;
  }

  /**
   * Reads the next chunk of the fragment. Callers share the read in progress, so the body sent
   * to Graph and a caller completing the buffer after a failure never read the browser twice.
   */
  fill(): Promise<void> {
    this.pending ??= this.readChunk().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Reads the rest of the fragment from the browser. */
  async complete(): Promise<void> {
    while (!this.isComplete) await this.fill();
  }

  private async readChunk() {
    const interrupted = (why: string) =>
      new UploadRelayError(
        `The piece ${why} at byte ${this.fileOffset + this.filled}: resume from ${this.fileOffset}`,
        'pieceInterrupted',
        this.fileOffset
      );
    let chunk: Uint8Array | null;
    try {
      chunk = await this.source.read(this.bytes.length - this.filled);
    } catch {
      // The browser's connection broke: the fragments before this one stay with the session.
      throw interrupted('was interrupted');
    }
    if (!chunk) throw interrupted('ended early');
    this.bytes.set(chunk, this.filled);
    this.filled += chunk.length;
  }
}

/** The fragment as a request body that follows the browser: each chunk goes out once buffered. */
export async function* streamed(fragment: FragmentBuffer): AsyncGenerator<Uint8Array> {
  let sent = 0;
  while (sent < fragment.bytes.length) {
    while (fragment.filled <= sent) await fragment.fill();
    const upTo = fragment.filled;
    yield fragment.bytes.subarray(sent, upTo);
    sent = upTo;
  }
}
