import { BaseServiceConfig, EnvEnum, EnvInteger, EnvNumber, EnvString } from '@bookinfo/service-kit';
import { Expose } from 'class-transformer';
import { IsIn, ValidateIf } from 'class-validator';

/** Upstream's `SERVICE_VERSION` values: the same image plays every ratings variant of the Istio tasks. */
export const SERVICE_VERSIONS = ['v1', 'v2', 'v-faulty', 'v-delayed', 'v-unavailable', 'v-unhealthy'] as const;
export type ServiceVersion = (typeof SERVICE_VERSIONS)[number];

export class RatingsConfig extends BaseServiceConfig {
  /** `v2` reads and writes the database; every other version keeps ratings in memory. */
  @EnvEnum(SERVICE_VERSIONS)
  SERVICE_VERSION: ServiceVersion = 'v1';

  /**
   * Upstream's v2 picks MongoDB for any value but `mysql`. No MongoDB backend ships here (none can be
   * tested on our machines), so v2 refuses to start rather than run an untested one.
   */
  @Expose()
  @ValidateIf((config: RatingsConfig) => config.SERVICE_VERSION === 'v2')
  @IsIn(['mysql'], {
    message: 'DB_TYPE must be mysql when SERVICE_VERSION=v2: only the MySQL backend is supported (no MongoDB)',
  })
  DB_TYPE = '';

  /** The Service name in upstream's `bookinfo-mysql.yaml` and `bookinfo-ratings-v2-mysql.yaml`. */
  @EnvString(/^[A-Za-z0-9.:_-]+$/, 'a host name or IP address')
  MYSQL_DB_HOST = 'mysqldb';

  @EnvInteger(1, 65535)
  MYSQL_DB_PORT = 3306;

  @EnvString(/^.{1,80}$/, '1 to 80 characters')
  MYSQL_DB_USER = 'root';

  @EnvString()
  MYSQL_DB_PASSWORD = '';

  /** Upstream hard-codes `test`; configurable so tests (and shared servers) use their own database. */
  @EnvString(/^[A-Za-z0-9_]{1,64}$/, 'letters, digits and _ (at most 64)')
  MYSQL_DB_NAME = 'test';

  /** Connections kept open to the database: requests share them instead of connecting each time. */
  @EnvInteger(1, 100)
  MYSQL_POOL_SIZE = 10;

  /** How long to wait for a connection before answering 503; below reviews' 2.5 s ratings timeout. */
  @EnvInteger(100, 60_000)
  MYSQL_CONNECT_TIMEOUT_MS = 2_000;

  /** Longest a single query may run before the request answers 503. */
  @EnvInteger(100, 60_000)
  MYSQL_QUERY_TIMEOUT_MS = 5_000;

  /** Share of `GET /ratings` answered 503 (v-faulty) or delayed (v-delayed). Upstream: 0.5. */
  @EnvNumber(0, 1)
  FAULT_PROBABILITY = 0.5;

  /** v-delayed: how long a delayed answer waits. Upstream: 7 s, past reviews' 2.5 s timeout (red stars). */
  @EnvInteger(0, 600_000)
  FAULT_DELAY_MS = 7_000;

  /** v-unavailable: length of each available/unavailable period. Upstream: 60 s. */
  @EnvInteger(1, 86_400_000)
  UNAVAILABLE_PERIOD_MS = 60_000;

  /**
   * v-unhealthy: length of each healthy/unhealthy period. Upstream: 15 min, so Kiali shows ~50 % errors
   * over 30 min and Kubernetes' restart back-off (reset after 10 min) starts afresh each time.
   */
  @EnvInteger(1, 86_400_000)
  UNHEALTHY_PERIOD_MS = 900_000;
}
