/**
 * Typed errors shared by the core. Callers branch on `kind`, never on message text.
 * Messages are written for the engineer on call: what failed, where, and what to do.
 */
export type HttpErrorKind =
  | 'unreachable' // connection refused, DNS failure, reset before an answer
  | 'timeout' // no complete answer within the time limit
  | 'cancelled' // the caller aborted
  | 'tls' // certificate or handshake problem
  | 'status' // the server answered with an error status
  | 'invalid-response' // the body is not what the API promises (bad JSON, wrong shape)
  | 'too-large'; // the body exceeds the configured cap

export class OnCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class HttpError extends OnCallError {
  constructor(
    message: string,
    readonly kind: HttpErrorKind,
    readonly url: string,
    readonly status?: number,
    /** Seconds the server asked us to wait (Retry-After), when it said so. */
    readonly retryAfterSeconds?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Bad input from a user or a file: a runbook, a setting, a command line. */
export class InputError extends OnCallError {}

export function isHttpError(e: unknown): e is HttpError {
  return e instanceof HttpError;
}

export function isCancelled(e: unknown): boolean {
  return e instanceof HttpError && e.kind === 'cancelled';
}

/** A one-line message for any thrown value, for logs and error entries. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
