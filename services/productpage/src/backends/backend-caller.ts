import { type MeshEndpoint, MeshHttp } from '@bookinfo/service-kit/http';
import { Injectable, Logger } from '@nestjs/common';
import { MetricsService, type BackendApp } from '../metrics/metrics.service';
import type { BackendResult, JsonObject } from './backend-result';
import { getJsonObject } from './json-get';

/** A backend answer is small; anything bigger is a fault, not a page to render. */
const MAX_BODY_BYTES = 1024 * 1024;

/** How a client calls its backend: fixed when the client is built, only the path varies per call. */
export interface Backend {
  readonly app: BackendApp;
  readonly timeoutMs: number;
  /** Tries in all; every failure (error, timeout, non-200, unusable body) is retried. */
  readonly attempts: number;
  /** upstream's fallback text, sent as `{"error": ...}` when no try succeeds. */
  readonly unavailable: string;
  readonly isExpected?: (body: JsonObject) => boolean;
}

/**
 * What every backend call shares: the tries, one `request_result_total` count per call (not per try),
 * a warning with the reason when it fails, and the fallback body. The clients say what to call.
 */
@Injectable()
export class BackendCaller {
  private readonly logger = new Logger(BackendCaller.name);

  constructor(
    private readonly mesh: MeshHttp,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * The connections to one backend (`http://host:port`), opened once by its client, and the call
   * that uses them: only the path varies per call.
   */
  connect(address: string, backend: Backend): (path: string) => Promise<BackendResult> {
    const endpoint = this.mesh.endpoint(address, { timeoutMs: backend.timeoutMs, maxBodyBytes: MAX_BODY_BYTES });
    return (path) => this.call(backend, endpoint, path);
  }

  private async call(backend: Backend, endpoint: MeshEndpoint, path: string): Promise<BackendResult> {
    const { app, attempts, unavailable, isExpected } = backend;
    let attempt = await getJsonObject(endpoint, path, isExpected);
    for (let tries = 1; !attempt.ok && tries < attempts; tries++) {
      attempt = await getJsonObject(endpoint, path, isExpected);
    }
    if (attempt.ok) {
      this.metrics.recordResult(app, 200);
      return { ok: true, status: 200, body: attempt.body };
    }
    // The status reported is the last try's, as upstream.
    this.logger.warn({ url: endpoint.url(path), status: attempt.status, reason: attempt.reason, msg: `${app} call failed` });
    this.metrics.recordResult(app, attempt.status);
    return { ok: false, status: attempt.status, body: { error: unavailable } };
  }
}
