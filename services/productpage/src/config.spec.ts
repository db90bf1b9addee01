import { ConfigValidationError, loadConfig } from '@bookinfo/service-kit';
import { ProductpageConfig } from './config';

describe('ProductpageConfig', () => {
  it("has upstream's defaults", () => {
    expect(loadConfig(ProductpageConfig, {})).toMatchObject({
      PORT: 9080,
      DETAILS_HOSTNAME: 'details',
      DETAILS_SERVICE_PORT: 9080,
      REVIEWS_HOSTNAME: 'reviews',
      REVIEWS_SERVICE_PORT: 9080,
      RATINGS_HOSTNAME: 'ratings',
      RATINGS_SERVICE_PORT: 9080,
      SERVICES_DOMAIN: '',
      FLOOD_FACTOR: 0,
      SESSION_SECRET: '',
      HTTP_KEEP_ALIVE: true,
      DETAILS_TIMEOUT_MS: 3000,
      REVIEWS_TIMEOUT_MS: 3000,
      RATINGS_TIMEOUT_MS: 3000,
    });
  });

  it('reads the variables', () => {
    const config = loadConfig(ProductpageConfig, {
      DETAILS_HOSTNAME: 'details-v2',
      REVIEWS_SERVICE_PORT: '9083',
      SERVICES_DOMAIN: 'default.svc.cluster.local',
      FLOOD_FACTOR: '100',
      HTTP_KEEP_ALIVE: 'FALSE',
    });
    expect(config).toMatchObject({
      DETAILS_HOSTNAME: 'details-v2',
      REVIEWS_SERVICE_PORT: 9083,
      SERVICES_DOMAIN: 'default.svc.cluster.local',
      FLOOD_FACTOR: 100,
      HTTP_KEEP_ALIVE: false,
    });
  });

  it.each([
    ['FLOOD_FACTOR', 'ten'],
    ['FLOOD_FACTOR', '-1'],
    ['DETAILS_SERVICE_PORT', 'tcp://10.0.0.1:9080'],
    ['REVIEWS_HOSTNAME', 'reviews/x'],
    ['SERVICES_DOMAIN', '.cluster.local'],
    ['SESSION_SECRET', 'short'],
    ['HTTP_KEEP_ALIVE', 'yes'],
    ['RATINGS_TIMEOUT_MS', '0'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadConfig(ProductpageConfig, { [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig(ProductpageConfig, { [name]: value })).toThrow(name);
  });
});
