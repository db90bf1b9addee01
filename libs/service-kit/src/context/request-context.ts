import type { Context } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PropagatedHeader, PropagatedHeaderValues } from '../headers/propagated-headers';

/** What a service knows about the request it is serving, wherever it is in the call stack. */
export interface RequestContext {
  readonly requestId: string;
  /** The propagated headers that leave this service on every outgoing call. Mutable on purpose:
   * productpage replaces `end-user` with the signed-in user. */
  readonly headers: PropagatedHeaderValues;
  /** For the log lines: the server span's trace id with tracing on, else the incoming request's, if any. */
  readonly traceId?: string;
  /** With tracing on: the server span's context, parent of the calls made while serving the request. */
  readonly traceContext?: Context;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Sets (or, with `undefined`, removes) one outgoing header for the rest of the current request. */
export function setPropagatedHeader(name: PropagatedHeader, value: string | undefined): void {
  const context = storage.getStore();
  if (!context) return;
  if (value === undefined) delete context.headers[name];
  else context.headers[name] = value;
}
