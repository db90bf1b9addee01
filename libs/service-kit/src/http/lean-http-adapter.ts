import axios, {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';

const standardHttpAdapter = axios.getAdapter('http');

/**
 * Requests the lean path serves; anything else (streams, binary bodies, proxies, redirects, upload
 * progress...) goes to axios's own adapter, so no axios feature is lost.
 */
function isLeanRequest(config: InternalAxiosRequestConfig): boolean {
  const data = config.data;
  return (
    (config.responseType === undefined || config.responseType === 'json' || config.responseType === 'text') &&
    !config.proxy &&
    !config.maxRedirects &&
    !config.auth &&
    !config.socketPath &&
    !config.onUploadProgress &&
    !config.onDownloadProgress &&
    (data === undefined || data === null || typeof data === 'string' || Buffer.isBuffer(data))
  );
}

function fullUrl(config: InternalAxiosRequestConfig): URL {
  if (config.params) return new URL(axios.getUri(config));
  const url = config.url ?? '';
  if (config.baseURL && !/^[a-z][a-z\d+\-.]*:\/\//i.test(url)) {
    return new URL(config.baseURL.replace(/\/+$/, '') + '/' + url.replace(/^\/+/, ''));
  }
  return new URL(url);
}

function decoded(response: IncomingMessage): Readable {
  switch (response.headers['content-encoding']) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(zlib.createGunzip());
    case 'deflate':
      return response.pipe(zlib.createInflate());
    case 'br':
      return response.pipe(zlib.createBrotliDecompress());
    default:
      return response;
  }
}

/**
 * An axios adapter on plain `node:http`, for the small JSON calls between Bookinfo services. axios's
 * own Node adapter spends about as much CPU per call as the rest of a leaf request (config merging,
 * proxy lookups from the environment, redirect wrappers, decompression streams); a Bookinfo page makes
 * three such calls. Semantics kept: `timeout` is a socket idle timeout (`ECONNABORTED`, "timeout of
 * N ms exceeded"), `signal` cancels with a `CanceledError`, `validateStatus` and `maxContentLength`
 * apply, errors are `AxiosError`s carrying the original code (`ECONNREFUSED`...), interceptors and
 * `transformResponse` run as usual (the body is handed over as text). Environment proxies are not
 * consulted: in the mesh the sidecar is the proxy.
 */
export const leanHttpAdapter: AxiosAdapter = (config) => {
  if (!isLeanRequest(config)) return standardHttpAdapter(config);

  return new Promise<AxiosResponse>((resolve, reject) => {
    const url = fullUrl(config);
    const isHttps = url.protocol === 'https:';
    const body = config.data as string | Buffer | undefined | null;
    const headers = AxiosHeaders.from(config.headers).normalize(false);
    if (body != null) headers.set('Content-Length', String(Buffer.byteLength(body)));
    const signal = config.signal as AbortSignal | undefined;
    if (signal?.aborted) {
      reject(new CanceledError(undefined, config));
      return;
    }

    const request = (isHttps ? https : http).request(url, {
      method: (config.method ?? 'get').toUpperCase(),
      headers: headers.toJSON(true) as http.OutgoingHttpHeaders,
      agent: isHttps ? config.httpsAgent : config.httpAgent,
    });

    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      request.destroy();
      reject(error);
    };
    const onAbort = () => fail(new CanceledError(undefined, config, request));
    signal?.addEventListener('abort', onAbort, { once: true });

    if (config.timeout) {
      request.setTimeout(config.timeout, () =>
        fail(new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ECONNABORTED, config, request)),
      );
    }
    request.on('error', (error) => fail(AxiosError.from(error, (error as NodeJS.ErrnoException).code, config, request)));

    request.on('response', (response) => {
      const limit = config.maxContentLength ?? -1;
      const chunks: Buffer[] = [];
      let received = 0;
      const stream = decoded(response);
      stream.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (limit > -1 && received > limit) {
          fail(new AxiosError(`maxContentLength size of ${limit} exceeded`, AxiosError.ERR_BAD_RESPONSE, config, request));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (error) => fail(AxiosError.from(error, AxiosError.ERR_BAD_RESPONSE, config, request)));
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        const status = response.statusCode ?? 0;
        const result: AxiosResponse = {
          data: Buffer.concat(chunks).toString('utf8'),
          status,
          statusText: response.statusMessage ?? '',
          headers: new AxiosHeaders(response.headers as Record<string, string>),
          config,
          request,
        };
        if (!config.validateStatus || config.validateStatus(status)) {
          resolve(result);
        } else {
          const code = status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
          reject(new AxiosError(`Request failed with status code ${status}`, code, config, request, result));
        }
      });
    });

    request.end(body ?? undefined);
  });
};
