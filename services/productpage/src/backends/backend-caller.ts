import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import type { AxiosResponse } from 'axios';
import { catchError, firstValueFrom, map, of, retry } from 'rxjs';
import { MetricsService, type BackendApp } from '../metrics/metrics.service';
import { isJsonObject, type BackendResult, type JsonObject } from './backend-result';

/** A backend answer is small; anything bigger is a fault, not a page to render. */
const MAX_BODY_BYTES = 1024 * 1024;

/** How productpage calls one backend: set once by its client. */
export interface Backend {
  readonly app: BackendApp;
  /** upstream's connect/read timeout (`requests`): the try ends once the backend is silent this long. */
  readonly timeoutMs: number;
  /** Tries in all; every failure (error, timeout, non-200, unusable body) is retried. */
  readonly attempts: number;
  /** upstream's fallback text, sent as `{"error": ...}` when no try succeeds. */
  readonly unavailable: string;
  readonly isExpected?: (body: JsonObject) => boolean;
}

/** Why a try gave nothing usable, and the status to report for it. */
class UnusableAnswer extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * What every backend call shares: the tries, one `request_result_total` count per call (not per try),
 * a warning with the reason when it fails, and the fallback body. The clients say what to call.
 */
@Injectable()
export class BackendCaller {
  private readonly logger = new Logger(BackendCaller.name);

  constructor(
    private readonly http: HttpService,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * GETs `url` and accepts only a 200 with a JSON object body (that `isExpected` accepts). A 4xx/5xx
   * keeps its status (the API passes it through, as upstream does); a timeout, a connection error,
   * another status or a body that is not a JSON object counts as 500. Never rejects.
   */
  getJson(url: string, backend: Backend): Promise<BackendResult> {
    const { app, timeoutMs, attempts, unavailable, isExpected } = backend;
    const call = this.http.get<unknown>(url, {
      timeout: timeoutMs,
      maxContentLength: MAX_BODY_BYTES,
      // Every status comes back as an answer: usableBody decides, and keeps the status to report.
      validateStatus: null,
    });
    return firstValueFrom(
      call.pipe(
        map((response) => usableBody(response, isExpected)),
        retry(attempts - 1),
        map((body): BackendResult => {
          this.metrics.recordResult(app, 200);
          return { ok: true, status: 200, body };
        }),
        catchError((error: Error) => {
          // The status reported is the last try's, as upstream.
          const status = error instanceof UnusableAnswer ? error.status : 500;
          this.logger.warn({ url, status, reason: error.message, msg: `${app} call failed` });
          this.metrics.recordResult(app, status);
          return of<BackendResult>({ ok: false, status, body: { error: unavailable } });
        }),
      ),
    );
  }
}

function usableBody(response: AxiosResponse<unknown>, isExpected?: (body: JsonObject) => boolean): JsonObject {
  const { status, data } = response;
  if (status !== 200) throw new UnusableAnswer(status >= 400 && status <= 599 ? status : 500, `status ${status}`);
  // axios has parsed a JSON body; a 200 that is not JSON (an HTML error page, say) is still a string.
  if (isJsonObject(data) && (isExpected === undefined || isExpected(data))) return data;
  throw new UnusableAnswer(500, 'the 200 body is not the expected JSON object');
}
