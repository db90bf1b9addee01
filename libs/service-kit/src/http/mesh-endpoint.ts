import { setFlagsFromString } from 'node:v8';
import type { Dispatcher, Pool as UndiciPool, errors as UndiciErrors } from 'undici';
import { currentRequestContext } from '../context/request-context';

// undici's entry point loads all of undici: fetch, WebSocket, EventSource, mocks, caches, proxy
// agents (~110 modules, ~250 ms of a service's start-up here). The pool and the errors are ~20 of
// them (~70 ms), so these two are required directly. The version is pinned exactly; the types still
// come from the entry point, and the endpoint's tests run against this code.
const Pool = require('undici/lib/dispatcher/pool') as typeof UndiciPool;
const errors = require('undici/lib/core/errors') as typeof UndiciErrors;

// undici parses HTTP with llhttp compiled to WebAssembly. V8 runs it as baseline code (Liftoff) and,
// once it is hot, compiles it again with its optimising compiler (TurboFan). That one compile of
// llhttp's very large parser function holds ~35 MB for a fraction of a second, and it set the
// highest RSS a calling service ever reached: reviews v2 went from 92 MB to 128 MB at its first
// calls and back, before any real load. Baseline code costs ~1 µs more per call here (~4% of a
// call's CPU). The flag is process-wide; nothing else in these services runs WebAssembly. V8 lists
// it among its testing flags, but it is the one switch that means "never TurboFan for WebAssembly"
// in the V8 of every Node version we run on; `--no-wasm-tier-up` alone no longer stops V8's dynamic
// tier-up (measured on Node 20: the same 35 MB).
setFlagsFromString('--liftoff-only');

/** How calls to one upstream behave; fixed when the client that owns the endpoint is built. */
export interface MeshEndpointOptions {
  /**
   * The deadline of upstream's HTTP clients (Python `requests`, JAX-RS): connecting, waiting for the
   * answer's headers, and each wait for more of its body may each take this long. By default it is
   * not a total deadline for the call (see `deadline`); a delay injected by Istio is exactly a silent
   * upstream, which this ends.
   */
  readonly timeoutMs: number;
  /**
   * `idle` (default): `timeoutMs` is upstream's connect/read timeout, restarted by every byte.
   * `total`: the whole call must be done within `timeoutMs`, so that an upstream trickling bytes
   * cannot hold a request (for a third party such as Google Books).
   */
  readonly deadline?: 'idle' | 'total';
  /** The largest body accepted; a bigger one is a broken upstream, not data to read. */
  readonly maxBodyBytes: number;
}

export interface MeshCallOptions {
  /** Headers of this call; a propagated header of the current request wins over one named here. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Cancels the call. */
  readonly signal?: AbortSignal;
}

/** An answer, whatever its status: the caller decides what a status means. */
export interface MeshResponse {
  readonly status: number;
  /** The body as the upstream sent it (UTF-8), so the caller can report malformed JSON as such. */
  readonly body: string;
}

/** Why a call got no answer. */
export type MeshFailure = 'timeout' | 'aborted' | 'too-large' | 'failed';

export class MeshHttpError extends Error {
  override readonly name = 'MeshHttpError';

  constructor(
    readonly failure: MeshFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What every endpoint of one service shares: connection reuse and which propagated headers go out. */
export interface MeshEndpointSettings {
  readonly keepAlive: boolean;
  readonly excludeHeaders: ReadonlySet<string>;
}

/**
 * One upstream origin (`http://ratings:9080`) and a pool of connections to it, on undici (the HTTP/1.1
 * client behind Node's own `fetch`). Each call carries the Bookinfo headers of the request being
 * served, taken from the request context, so no client copies headers itself.
 */
export class MeshEndpoint {
  /** Made at the first call: a malformed address fails its calls (as with upstream), not the boot. */
  private pool: UndiciPool | undefined;

  constructor(
    /** `scheme://host:port`, as given. */
    readonly origin: string,
    private readonly options: MeshEndpointOptions,
    private readonly settings: MeshEndpointSettings,
  ) {}

  /** Where `path` is, for log lines: the errors say what happened, the caller says where. */
  url(path: string): string {
    return this.origin + path;
  }

  /** GETs `path` (with its query) and reads the whole body. Rejects with a MeshHttpError only. */
  get(path: string, call: MeshCallOptions = {}): Promise<MeshResponse> {
    return new Promise<MeshResponse>((resolve, reject) => {
      const handler = new CallHandler(this.options, call.signal, resolve, reject);
      try {
        this.pool ??= new Pool(this.origin, {
          // Each call's own timer (CallHandler) starts first and ends it; this one only bounds a
          // connection attempt that outlives the call it was made for.
          connectTimeout: this.options.timeoutMs,
          // undici's own header and body timers tick every half second; each call keeps an exact
          // one instead (CallHandler).
          headersTimeout: 0,
          bodyTimeout: 0,
          maxResponseSize: this.options.maxBodyBytes,
        });
        this.pool.dispatch(
          {
            method: 'GET',
            path,
            headers: this.headersFor(call.headers),
            // Off: `connection: close` on every call, one connection per call (upstream's productpage).
            reset: !this.settings.keepAlive,
          },
          handler,
        );
      } catch (error) {
        handler.onResponseError(undefined, error as Error);
      }
    });
  }

  /**
   * Closes every connection at once. Called when the application closes, after the graceful
   * shutdown has let the requests in flight finish; a call still running then (a FLOOD_FACTOR
   * extra, say) is abandoned rather than allowed to hold the exit for up to its timeout.
   */
  async close(): Promise<void> {
    await this.pool?.destroy();
  }

  private headersFor(own: Readonly<Record<string, string>> | undefined): Record<string, string> {
    const headers: Record<string, string> = { ...own };
    const propagated = currentRequestContext()?.headers;
    if (propagated) {
      const excluded = this.settings.excludeHeaders;
      for (const name in propagated) {
        const value = propagated[name as keyof typeof propagated];
        if (value !== undefined && !excluded.has(name)) headers[name] = value;
      }
    }
    return headers;
  }
}

/**
 * One call: collects the body and keeps its deadline. The timer starts when the call is made and,
 * for an `idle` deadline, restarts whenever the upstream sends something, so it ends a wait for a
 * connection, for the answer or for more of it: upstream's "connect and read" timeout, to the
 * millisecond.
 */
class CallHandler implements Dispatcher.DispatchHandler {
  private readonly chunks: Buffer[] = [];
  private status = 0;
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly restartOnData: boolean;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly options: MeshEndpointOptions,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (response: MeshResponse) => void,
    private readonly reject: (error: MeshHttpError) => void,
  ) {
    this.timer = setTimeout(timeOut, options.timeoutMs, this);
    this.restartOnData = options.deadline !== 'total';
    if (signal) {
      this.onAbort = () => this.fail(new MeshHttpError('aborted', `cancelled: ${describe(signal.reason)}`));
      if (signal.aborted) this.onAbort();
      else signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(new MeshHttpError('aborted', 'call ended before it was sent'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
    if (this.restartOnData) this.timer.refresh();
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
    if (this.restartOnData) this.timer.refresh();
  }

  onResponseEnd(): void {
    if (this.settle()) this.resolve({ status: this.status, body: Buffer.concat(this.chunks).toString('utf8') });
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: Error): void {
    if (this.settle()) this.reject(this.meshError(error));
  }

  timedOut(): void {
    this.fail(new MeshHttpError('timeout', `no answer within ${this.options.timeoutMs} ms`));
  }

  /** Ends the call from this side: the promise rejects now, the request (if sent) is aborted. */
  private fail(error: MeshHttpError): void {
    if (!this.settle()) return;
    this.reject(error);
    this.controller?.abort(error);
  }

  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
    return true;
  }

  /** Messages say what happened, not where: the caller knows the URL and logs it beside them. */
  private meshError(error: Error): MeshHttpError {
    if (error instanceof MeshHttpError) return error;
    if (error instanceof errors.ResponseExceededMaxSizeError) {
      return new MeshHttpError('too-large', `answer larger than ${this.options.maxBodyBytes} bytes`, { cause: error });
    }
    return new MeshHttpError('failed', describe(error), { cause: error });
  }
}

function timeOut(handler: CallHandler): void {
  handler.timedOut();
}

/** The error's own message (duck-typed: errors from Node's internals may come from another realm). */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, code, name } = error as Partial<NodeJS.ErrnoException>;
  return message || code || name || String(error);
}
