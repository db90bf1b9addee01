import { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import axios, {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { request, type Dispatcher } from 'undici';

export interface UndiciAdapterOptions {
  /**
   * `false`: every call says `connection: close`, one connection per call, as upstream's productpage
   * does on purpose so that without a mesh each call can land on another replica.
   */
  readonly keepAlive: boolean;
}

type ResponseBody = Dispatcher.ResponseData['body'];

/**
 * An axios adapter on undici's public `request()`: the calls of `HttpService` go through the
 * dispatcher's keep-alive pools (one per origin) instead of Node's `http` module.
 *
 * It keeps axios's own contract: `timeout` is an idle deadline (connecting, waiting for the answer,
 * and each wait for more of the body), as axios's Node adapter and upstream's clients have it;
 * `maxContentLength` bounds the body; `signal` cancels; `validateStatus` decides what rejects. The
 * body is handed to axios as text (or a Buffer for `responseType: 'arraybuffer'`), and axios's
 * `transformResponse` parses JSON as usual.
 */
export function createUndiciAdapter(dispatcher: Dispatcher, { keepAlive }: UndiciAdapterOptions): AxiosAdapter {
  return async (config) => {
    const deadline = new CallDeadline(config);
    try {
      const { statusCode, headers, body } = await request(urlOf(config), {
        dispatcher,
        method: (config.method ?? 'get').toUpperCase() as Dispatcher.HttpMethod,
        headers: config.headers.toJSON(true),
        body: (config.data as string | Buffer | undefined) ?? null,
        signal: deadline.signal,
        reset: !keepAlive,
      });
      deadline.progress();
      const raw = await readBody(body, config, deadline);
      const response: AxiosResponse = {
        data: config.responseType === 'arraybuffer' ? raw : raw.toString('utf8'),
        status: statusCode,
        statusText: STATUS_CODES[statusCode] ?? '',
        headers: new AxiosHeaders(headers as Record<string, string>),
        config,
      };
      if (config.validateStatus && !config.validateStatus(statusCode)) {
        const code = statusCode >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
        throw new AxiosError(`Request failed with status code ${statusCode}`, code, config, undefined, response);
      }
      return response;
    } catch (error) {
      throw deadline.explain(error);
    } finally {
      deadline.end();
    }
  };
}

/**
 * The absolute URL of a call. axios's own `getUri` merges the call's config with the defaults a
 * second time; it is only needed when there is a base URL or query parameters to add.
 */
function urlOf(config: InternalAxiosRequestConfig): string {
  if (config.baseURL === undefined && config.params === undefined && config.url !== undefined) return config.url;
  return axios.getUri(config);
}

/** The whole body, refused as soon as it grows past `maxContentLength`; every chunk restarts the idle deadline. */
async function readBody(body: ResponseBody, config: InternalAxiosRequestConfig, deadline: CallDeadline): Promise<Buffer> {
  const limit = config.maxContentLength ?? -1;
  const tooLarge = () => new AxiosError(`maxContentLength size of ${limit} exceeded`, AxiosError.ERR_BAD_RESPONSE, config);
  const chunks: Buffer[] = [];
  let size = 0;
  // Leaving the loop early (a throw) destroys the body, and with it the connection.
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (limit > -1 && size > limit) throw tooLarge();
    chunks.push(chunk);
    deadline.progress();
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
}


/**
 * One call's idle timer and cancellation. The timer starts with the call and restarts whenever the
 * upstream sends something; when it fires, or the caller cancels (`signal` or `cancelToken`), the
 * request is aborted and its connection closed.
 */
class CallDeadline {
  /** undici's documented alternative to an AbortSignal: a plain emitter, a fraction of its cost. */
  readonly signal = new EventEmitter();
  private outcome: 'timed out' | 'cancelled' | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  /** axios types `signal` loosely; in Node it is an AbortSignal. */
  private readonly callerSignal: AbortSignal | undefined;
  private readonly onCallerAbort = () => this.abort('cancelled');

  constructor(private readonly config: InternalAxiosRequestConfig) {
    if (config.timeout) this.timer = setTimeout(() => this.abort('timed out'), config.timeout);
    this.callerSignal = config.signal as AbortSignal | undefined;
    if (this.callerSignal?.aborted) this.onCallerAbort();
    else this.callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    // HttpService cancels through a CancelToken when its subscriber leaves (an RxJS `timeout`, say).
    config.cancelToken?.subscribe(this.onCallerAbort);
  }

  private abort(outcome: 'timed out' | 'cancelled'): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.signal.emit('abort');
  }

  progress(): void {
    this.timer?.refresh();
  }

  end(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
    this.config.cancelToken?.unsubscribe(this.onCallerAbort);
  }

  /** Any failure as axios reports it: a timeout, a cancellation, or the network error with its code. */
  explain(error: unknown): AxiosError {
    if (error instanceof AxiosError) return error;
    const { config } = this;
    if (this.outcome === 'timed out') {
      const code = config.transitional?.clarifyTimeoutError ? AxiosError.ETIMEDOUT : AxiosError.ECONNABORTED;
      return new AxiosError(config.timeoutErrorMessage ?? `timeout of ${config.timeout}ms exceeded`, code, config);
    }
    if (this.outcome === 'cancelled') return new CanceledError(undefined, config);
    // Duck-typed, not `instanceof Error`: errors from Node's internals may come from another realm.
    const cause = (typeof error === 'object' && error !== null ? error : new Error(String(error))) as NodeJS.ErrnoException;
    const failure = AxiosError.from(cause, cause.code, config);
    // A refused dual-stack connect is an AggregateError with no message of its own.
    failure.message ||= cause.code ?? cause.name;
    return failure;
  }
}
