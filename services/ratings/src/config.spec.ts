import { ConfigValidationError, loadConfig } from '@bookinfo/service-kit';
import { RatingsConfig } from './config';

function problemsFor(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(RatingsConfig, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('RatingsConfig', () => {
  it("defaults to upstream's numbers", () => {
    const config = loadConfig(RatingsConfig, {});
    expect(config).toMatchObject({
      SERVICE_VERSION: 'v1',
      PORT: 9080,
      MYSQL_DB_HOST: 'mysqldb',
      MYSQL_DB_PORT: 3306,
      MYSQL_DB_NAME: 'test',
      FAULT_PROBABILITY: 0.5,
      FAULT_DELAY_MS: 7000,
      UNAVAILABLE_PERIOD_MS: 60_000,
      UNHEALTHY_PERIOD_MS: 900_000,
    });
  });

  it('accepts v2 with DB_TYPE=mysql and the MySQL settings', () => {
    const config = loadConfig(RatingsConfig, {
      SERVICE_VERSION: 'v2',
      DB_TYPE: 'mysql',
      MYSQL_DB_HOST: '127.0.0.1',
      MYSQL_DB_PORT: '3307',
      MYSQL_DB_USER: 'bookinfo',
      MYSQL_DB_PASSWORD: 's3cret with spaces',
    });
    expect(config).toMatchObject({
      SERVICE_VERSION: 'v2',
      DB_TYPE: 'mysql',
      MYSQL_DB_HOST: '127.0.0.1',
      MYSQL_DB_PORT: 3307,
      MYSQL_DB_USER: 'bookinfo',
      MYSQL_DB_PASSWORD: 's3cret with spaces',
    });
  });

  it.each<Record<string, string>>([{}, { DB_TYPE: 'mongodb' }, { DB_TYPE: 'MYSQL ' }])(
    'refuses v2 without DB_TYPE=mysql (%p), naming the variable and why',
    (extra) => {
      expect(problemsFor({ SERVICE_VERSION: 'v2', ...extra })).toEqual([
        expect.stringMatching(/^DB_TYPE=.*: DB_TYPE must be mysql when SERVICE_VERSION=v2: only the MySQL backend is supported \(no MongoDB\)$/),
      ]);
    },
  );

  it('ignores DB_TYPE outside v2, as upstream', () => {
    expect(loadConfig(RatingsConfig, { SERVICE_VERSION: 'v1', DB_TYPE: 'mongodb' }).DB_TYPE).toBe('mongodb');
  });

  it('refuses an unknown SERVICE_VERSION, listing the allowed ones', () => {
    expect(problemsFor({ SERVICE_VERSION: 'v3' })).toEqual([
      'SERVICE_VERSION="v3": SERVICE_VERSION must be one of: v1, v2, v-faulty, v-delayed, v-unavailable, v-unhealthy',
    ]);
  });

  it.each([
    ['FAULT_PROBABILITY', '1.5'],
    ['FAULT_PROBABILITY', 'half'],
    ['FAULT_DELAY_MS', '-1'],
    ['UNAVAILABLE_PERIOD_MS', '0'],
    ['UNHEALTHY_PERIOD_MS', '1m'],
    ['MYSQL_DB_PORT', '70000'],
    ['MYSQL_DB_NAME', 'test; DROP TABLE ratings'],
    ['MYSQL_DB_HOST', 'db host'],
  ])('refuses %s=%s', (name, value) => {
    expect(problemsFor({ [name]: value })).toEqual([expect.stringMatching(new RegExp(`^${name}=`))]);
  });
});
