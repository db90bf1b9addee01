import { AxiosError, CanceledError, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { currentRequestContext } from '../context/request-context';
import type { CallOutcome } from '../telemetry/service-metrics';
import type { Telemetry } from '../telemetry/telemetry';

/**
 * Wraps the adapter so that every call (each try) is counted and timed by target and outcome, and,
 * with tracing on, is a CLIENT span under the request's server span whose context goes out in the
 * call's trace headers (`propagate`; not to a third party). Tracing is looked up per call: it is
 * started after the connections are made.
 */
export function withCallTelemetry(adapter: AxiosAdapter, telemetry: Telemetry, { propagate }: { propagate: boolean }): AxiosAdapter {
  return (config) => {
    const startedAt = performance.now();
    const url = config.url ?? '';
    const tracing = telemetry.tracing;
    const span = tracing?.startClientSpan(
      { method: (config.method ?? 'get').toUpperCase(), url, headers: config.headers },
      currentRequestContext()?.traceContext,
      propagate,
    );
    const finish = (outcome: CallOutcome, status: number | undefined) => {
      telemetry.metrics.recordCall(targetOf(config, url), outcome, (performance.now() - startedAt) / 1000);
      // A client span fails on a 4xx as on a 5xx (OpenTelemetry's HTTP conventions).
      if (span) tracing?.endClientSpan(span, status, status === undefined ? outcome : status >= 400 ? String(status) : undefined);
    };
    // `then`, not an async function: one promise fewer per call, and each promise is paid for
    // again by the request context's async hooks.
    return adapter(config).then(
      (response) => {
        finish(statusClass(response.status), response.status);
        return response;
      },
      (error: unknown) => {
        const status = error instanceof AxiosError ? error.response?.status : undefined;
        finish(status === undefined ? failureOutcome(error) : statusClass(status), status);
        throw error;
      },
    );
  };
}

function statusClass(status: number): CallOutcome {
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  if (status >= 200) return '2xx';
  return '1xx';
}

function failureOutcome(error: unknown): CallOutcome {
  if (error instanceof CanceledError) return 'cancelled';
  if (error instanceof AxiosError && (error.code === AxiosError.ECONNABORTED || error.code === AxiosError.ETIMEDOUT)) return 'timeout';
  return 'error';
}

/** `host:port` of the call: the backend's address, a label with as many values as there are backends. */
function targetOf(config: InternalAxiosRequestConfig, url: string): string {
  const absolute = url.includes('://') ? url : (config.baseURL ?? '');
  const start = absolute.indexOf('://') + 3;
  const end = absolute.indexOf('/', start);
  return (end === -1 ? absolute.slice(start) : absolute.slice(start, end)) || 'unknown';
}
