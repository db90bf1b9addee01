import { ConfigValidationError, loadConfig } from '@bookinfo/service-kit';
import { Test } from '@nestjs/testing';
import { hostname } from 'node:os';
import { AppModule } from './app.module';
import { ReviewsConfig } from './config';

describe('ReviewsConfig', () => {
  it('defaults to v1 with upstream values', () => {
    expect(loadConfig(ReviewsConfig, {})).toMatchObject({
      ENABLE_RATINGS: false,
      STAR_COLOR: 'black',
      RATINGS_HOSTNAME: 'ratings',
      RATINGS_SERVICE_PORT: 9080,
      SERVICES_DOMAIN: '',
      RATINGS_TIMEOUT_MS: 0,
      HOSTNAME: hostname(),
      CLUSTER_NAME: 'null',
      PORT: 9080,
    });
  });

  it('reads the v3 image settings', () => {
    expect(
      loadConfig(ReviewsConfig, {
        ENABLE_RATINGS: 'TRUE',
        STAR_COLOR: 'red',
        SERVICES_DOMAIN: 'bookinfo.svc.cluster.local',
        HOSTNAME: 'reviews-v3-7d9f8c-abcde',
        CLUSTER_NAME: 'Kubernetes',
      }),
    ).toMatchObject({
      ENABLE_RATINGS: true,
      STAR_COLOR: 'red',
      SERVICES_DOMAIN: 'bookinfo.svc.cluster.local',
      HOSTNAME: 'reviews-v3-7d9f8c-abcde',
      CLUSTER_NAME: 'Kubernetes',
    });
  });

  it.each([
    ['ENABLE_RATINGS', 'yes', 'must be true or false'],
    ['ENABLE_RATINGS', '', 'must be true or false'],
    ['STAR_COLOR', 'Red', 'must be a lowercase colour name such as black or red'],
    ['STAR_COLOR', '#ff0000', 'must be a lowercase colour name such as black or red'],
    ['STAR_COLOR', '', 'must be a lowercase colour name such as black or red'],
    ['RATINGS_HOSTNAME', 'http://ratings', 'must be a host name or IPv4 address such as ratings'],
    ['RATINGS_HOSTNAME', '', 'must be a host name or IPv4 address such as ratings'],
    ['RATINGS_SERVICE_PORT', '0', 'must be a whole number from 1 to 65535'],
    ['RATINGS_SERVICE_PORT', 'http', 'must be a whole number from 1 to 65535'],
    ['SERVICES_DOMAIN', '.svc.cluster.local', 'must be empty or a DNS domain such as bookinfo.svc.cluster.local'],
    ['SERVICES_DOMAIN', 'a b', 'must be empty or a DNS domain such as bookinfo.svc.cluster.local'],
    ['RATINGS_TIMEOUT_MS', '-1', 'must be a whole number from 0 to 60000'],
  ])('refuses %s=%p naming the variable', (name, value, expected) => {
    expect(() => loadConfig(ReviewsConfig, { [name]: value })).toThrow(ConfigValidationError);
    expect(() => loadConfig(ReviewsConfig, { [name]: value })).toThrow(`${name} ${expected}`);
  });

  describe('at start-up', () => {
    const saved = process.env['ENABLE_RATINGS'];

    afterEach(() => {
      if (saved === undefined) delete process.env['ENABLE_RATINGS'];
      else process.env['ENABLE_RATINGS'] = saved;
    });

    it('stops the app from being created when ENABLE_RATINGS is not true/false', async () => {
      process.env['ENABLE_RATINGS'] = 'maybe';
      await expect(Test.createTestingModule({ imports: [AppModule] }).compile()).rejects.toThrow(
        'ENABLE_RATINGS must be true or false',
      );
    });
  });
});
