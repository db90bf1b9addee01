import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentRequestContext } from '../context/request-context';
import type { LogLevel } from '../config/base-service.config';

/** Lines waiting for a stdout that nobody reads are dropped beyond this, rather than fill memory. */
const MAX_PENDING_LOG_BYTES = 8 * 1024 * 1024;
/** A quiet service's lines still reach `kubectl logs` within this. */
const FLUSH_EVERY_MS = 1000;

/**
 * One JSON line per event on stdout. Each request's access line carries its `requestId` (Envoy's
 * `x-request-id`) and its `traceId` (when the request has one), so one request can be followed
 * across services and found in the tracing UI; in a service that calls others (and so runs each
 * request in a context), every line logged while serving it does too.
 *
 * Writes are asynchronous and batched (pino's own destination, sonic-boom): a slow or full stdout
 * never blocks the event loop, so requests and probes keep being answered; pino flushes what is
 * pending when the process exits.
 */
export function createLogger(service: string, level: LogLevel = 'info'): Logger {
  const destination = pino.destination({
    dest: 1,
    sync: false,
    minLength: 4096,
    maxLength: MAX_PENDING_LOG_BYTES,
    periodicFlush: FLUSH_EVERY_MS,
  });
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const context = currentRequestContext();
        if (!context) return {};
        return context.traceId === undefined ? { requestId: context.requestId } : { requestId: context.requestId, traceId: context.traceId };
      },
    },
    destination,
  );
}

/** Lets NestJS (and `new Logger(Context)` in the services) write through pino. */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }

  error(message: unknown, stackOrContext?: string, context?: string): void {
    const stack = context === undefined ? undefined : stackOrContext;
    this.write('error', message, context ?? stackOrContext, stack);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: pino.Level, message: unknown, context?: string, stack?: string): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (stack) fields['stack'] = stack;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
