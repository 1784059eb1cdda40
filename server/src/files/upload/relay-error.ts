/** The relay's own failures, apart so the fragment buffer can raise them too. */

/** Why a relay stopped; `nextOffset` is where the user can resume (when the session lives). */
export class UploadRelayError extends Error {
  constructor(
    message: string,
    readonly reason:
      'sessionGone' | 'fragmentRejected' | 'retriesExhausted' | 'pieceInterrupted' | 'pieceTooLong',
    readonly nextOffset: number,
    readonly graphStatus?: number,
    readonly graphBody?: Record<string, unknown>
  ) {
    super(message);
    this.name = 'UploadRelayError';
  }
}
