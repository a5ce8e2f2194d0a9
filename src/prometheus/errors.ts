import { OnCallError } from '../common/errors';

/**
 * Prometheus answered with its error envelope {status:"error", errorType, error}: a bad query (bad_data),
 * a query timeout (timeout), too many samples (execution), and so on. Branch on `errorType`.
 */
export class PrometheusQueryError extends OnCallError {
  constructor(
    /** The server's label for messages (its name or URL). */
    readonly server: string,
    readonly errorType: string,
    /** Prometheus' own message, verbatim. */
    readonly error: string,
    /** HTTP status of the reply (400 for bad_data, 422 for execution, 503 for timeout...). */
    readonly status: number,
    readonly warnings: string[] = [],
    readonly infos: string[] = [],
  ) {
    super(`${server} rejected the query: ${errorType}: ${error}`);
  }
}

export function isPrometheusQueryError(e: unknown): e is PrometheusQueryError {
  return e instanceof PrometheusQueryError;
}
