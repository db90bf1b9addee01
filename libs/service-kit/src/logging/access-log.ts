import type { Logger } from 'pino';

/** What one served request leaves in the log. */
export interface AccessLogEntry {
  requestId: string;
  /** Absent when the request has no trace (tracing off and no trace headers came in). */
  traceId?: string;
  method: string;
  url: string;
  statusCode: number;
  durationMs: number;
}

/**
 * The one line per request that every service logs, through the service's pino logger, so it has
 * the shape and destination of every other line. Probes (`/health...`) are logged at debug: the
 * kubelet calls them every few seconds.
 */
export function createAccessLog(logger: Logger): (entry: AccessLogEntry) => void {
  return (entry) => {
    if (entry.url.startsWith('/health')) logger.debug(entry, 'request completed');
    else logger.info(entry, 'request completed');
  };
}
