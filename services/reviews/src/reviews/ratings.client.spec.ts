import { loadConfig } from '@bookinfo/service-kit';
import { ReviewsConfig } from '../config';
import { ratingsOrigin, ratingsTimeoutMs } from './ratings.client';

const config = (env: Record<string, string>) => loadConfig(ReviewsConfig, env);

describe('ratingsOrigin', () => {
  it('defaults to upstream http://ratings:9080', () => {
    expect(ratingsOrigin(config({}))).toBe('http://ratings:9080');
  });

  it('appends SERVICES_DOMAIN after a dot', () => {
    expect(ratingsOrigin(config({ SERVICES_DOMAIN: 'bookinfo.svc.cluster.local' }))).toBe(
      'http://ratings.bookinfo.svc.cluster.local:9080',
    );
  });

  it('uses RATINGS_HOSTNAME and RATINGS_SERVICE_PORT', () => {
    expect(
      ratingsOrigin(config({ RATINGS_HOSTNAME: 'ratings-v2', RATINGS_SERVICE_PORT: '9085', SERVICES_DOMAIN: 'demo' })),
    ).toBe('http://ratings-v2.demo:9085');
  });
});

describe('ratingsTimeoutMs', () => {
  it('waits 10 s for black stars (v2), as Istio fault injection expects', () => {
    expect(ratingsTimeoutMs(config({ STAR_COLOR: 'black' }))).toBe(10_000);
  });

  it.each(['red', 'blue'])('waits 2.5 s for %s stars (v3)', (STAR_COLOR) => {
    expect(ratingsTimeoutMs(config({ STAR_COLOR }))).toBe(2_500);
  });

  it('lets tests replace it', () => {
    expect(ratingsTimeoutMs(config({ STAR_COLOR: 'black', RATINGS_TIMEOUT_MS: '150' }))).toBe(150);
  });
});
