import { HttpService } from '@nestjs/axios';
import { Injectable, Logger } from '@nestjs/common';
import type { AxiosResponse } from 'axios';
import { firstValueFrom } from 'rxjs';
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

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isStars = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= MIN_STARS && (value as number) <= MAX_STARS;

/** The ratings service, for reviews v2/v3. */
@Injectable()
export class RatingsClient {
  private readonly logger = new Logger(RatingsClient.name);
  private readonly origin: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly http: HttpService,
    config: ReviewsConfig,
  ) {
    this.origin = ratingsOrigin(config);
    this.timeoutMs = ratingsTimeoutMs(config);
  }

  /**
   * Valid stars per reviewer for one product; `null` when ratings gave nothing usable. Never throws:
   * reviews must answer 200 with its reviews whatever ratings does (istio#14842). One try, no retry,
   * as upstream: the mesh owns retries. Every failure is logged (with the request id) and why.
   */
  async fetchStars(productId: number): Promise<ReadonlyMap<string, number> | null> {
    const url = `${this.origin}/ratings/${productId}`;
    let response: AxiosResponse<unknown>;
    try {
      response = await firstValueFrom(
        this.http.get<unknown>(url, {
          headers: { accept: 'application/json' },
          // Connect and read timeout, as upstream's JAX-RS client has: the call fails once ratings has
          // been silent this long (a delay injected by Istio is exactly that).
          timeout: this.timeoutMs,
          maxContentLength: MAX_RESPONSE_BYTES,
          validateStatus: null,
        }),
      );
    } catch (error) {
      return this.unavailable(url, (error as Error).message);
    }
    if (response.status !== 200) return this.unavailable(url, `got status ${response.status}`);

    // axios has parsed a JSON body; one that is not JSON is still the text it came as.
    const body = response.data;
    if (typeof body === 'string') return this.unavailable(url, 'got malformed JSON');
    const ratings = isObject(body) ? body['ratings'] : undefined;
    if (!isObject(ratings)) return this.unavailable(url, 'got a body without a "ratings" object');

    const stars = new Map<string, number>();
    for (const [reviewer, value] of Object.entries(ratings)) {
      if (isStars(value)) {
        stars.set(reviewer, value);
      } else {
        this.logger.warn({
          msg: `ignoring rating of ${reviewer}: stars must be a whole number from ${MIN_STARS} to ${MAX_STARS}`,
          url,
          reviewer,
          stars: value,
        });
      }
    }
    return stars;
  }

  private unavailable(url: string, reason: string): null {
    this.logger.warn({ msg: `unable to contact ratings: ${reason}`, url });
    return null;
  }
}
