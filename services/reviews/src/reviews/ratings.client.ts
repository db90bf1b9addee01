import { type MeshEndpoint, MeshHttp, type MeshResponse } from '@bookinfo/service-kit/http';
import { Injectable, Logger } from '@nestjs/common';
import { ReviewsConfig } from '../config';

/** Stars as ratings stores them (our ratings accepts 1..5 on POST; 0 is tolerated, productpage draws it). */
const MIN_STARS = 0;
const MAX_STARS = 5;

/** A ratings answer is a few dozen bytes; a huge one is a broken ratings, not data to parse. */
const MAX_RESPONSE_BYTES = 100_000;

type RatingsSettings = Pick<
  ReviewsConfig,
  'RATINGS_HOSTNAME' | 'SERVICES_DOMAIN' | 'RATINGS_SERVICE_PORT' | 'STAR_COLOR' | 'RATINGS_TIMEOUT_MS'
>;

/** `http://$RATINGS_HOSTNAME[.$SERVICES_DOMAIN]:$RATINGS_SERVICE_PORT`, as upstream builds it. */
export function ratingsOrigin(config: RatingsSettings): string {
  const domain = config.SERVICES_DOMAIN ? `.${config.SERVICES_DOMAIN}` : '';
  return `http://${config.RATINGS_HOSTNAME}${domain}:${config.RATINGS_SERVICE_PORT}`;
}

/**
 * Upstream's numbers, on purpose: v2 (black) waits 10 s, longer than the 7 s delay Istio's
 * fault-injection task injects, so productpage (2 x 3 s) gives up first; v3 (red) waits 2.5 s,
 * which is "the fix". RATINGS_TIMEOUT_MS replaces both, for tests only.
 */
export function ratingsTimeoutMs(config: RatingsSettings): number {
  if (config.RATINGS_TIMEOUT_MS > 0) return config.RATINGS_TIMEOUT_MS;
  return config.STAR_COLOR === 'black' ? 10_000 : 2_500;
}

const ACCEPT_JSON = { accept: 'application/json' } as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStars = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= MIN_STARS && (value as number) <= MAX_STARS;

/** The ratings service, for reviews v2/v3. */
@Injectable()
export class RatingsClient {
  private readonly logger = new Logger(RatingsClient.name);
  private readonly ratings: MeshEndpoint;

  constructor(mesh: MeshHttp, config: ReviewsConfig) {
    this.ratings = mesh.endpoint(ratingsOrigin(config), {
      // Connect and read timeout, as upstream's JAX-RS client has: the call fails once ratings has
      // been silent this long (a delay injected by Istio is exactly that).
      timeoutMs: ratingsTimeoutMs(config),
      maxBodyBytes: MAX_RESPONSE_BYTES,
    });
  }

  /**
   * Valid stars per reviewer for one product; `null` when ratings gave nothing usable. Never throws:
   * reviews must answer 200 with its reviews whatever ratings does (istio#14842). One try, no retry,
   * as upstream: the mesh owns retries. Every failure is logged (with the request id) and why.
   */
  async fetchStars(productId: number): Promise<ReadonlyMap<string, number> | null> {
    const path = `/ratings/${productId}`;
    let response: MeshResponse;
    try {
      response = await this.ratings.get(path, { headers: ACCEPT_JSON });
    } catch (error) {
      return this.unavailable(path, (error as Error).message);
    }
    if (response.status !== 200) return this.unavailable(path, `got status ${response.status}`);

    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      return this.unavailable(path, 'got malformed JSON');
    }
    const ratings = isObject(body) ? body['ratings'] : undefined;
    if (!isObject(ratings)) return this.unavailable(path, 'got a body without a "ratings" object');

    const stars = new Map<string, number>();
    for (const [reviewer, value] of Object.entries(ratings)) {
      if (isStars(value)) {
        stars.set(reviewer, value);
      } else {
        this.logger.warn({
          msg: `ignoring rating of ${reviewer}: stars must be a whole number from ${MIN_STARS} to ${MAX_STARS}`,
          url: this.ratings.url(path),
          reviewer,
          stars: value,
        });
      }
    }
    return stars;
  }

  private unavailable(path: string, reason: string): null {
    this.logger.warn({ msg: `unable to contact ratings: ${reason}`, url: this.ratings.url(path) });
    return null;
  }
}
