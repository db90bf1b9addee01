import type { FactoryProvider } from '@nestjs/common';
import { ReadinessService } from '@bookinfo/service-kit';
import { RatingsConfig } from '../config';
import { MemoryRatingsRepository } from './memory-ratings.repository';
import { RATINGS_REPOSITORY, type RatingsRepository } from './ratings.repository';

/**
 * v2 reads and writes MySQL (config validation has already refused any other DB_TYPE); every other
 * version keeps ratings in memory, as upstream. The MySQL code (and the mysql2 driver under it) is
 * loaded only by v2, so the other versions do not carry it in memory.
 */
export const ratingsRepositoryProvider: FactoryProvider<RatingsRepository> = {
  provide: RATINGS_REPOSITORY,
  inject: [RatingsConfig, ReadinessService],
  useFactory: async (config: RatingsConfig, readiness: ReadinessService): Promise<RatingsRepository> => {
    if (config.SERVICE_VERSION !== 'v2') return new MemoryRatingsRepository();

    // Required here, not at the top: mysql2 is loaded only by v2.
    const { MysqlRatingsRepository } = await import('./mysql-ratings.repository');
    const repository = new MysqlRatingsRepository({
      host: config.MYSQL_DB_HOST,
      port: config.MYSQL_DB_PORT,
      user: config.MYSQL_DB_USER,
      password: config.MYSQL_DB_PASSWORD,
      database: config.MYSQL_DB_NAME,
      poolSize: config.MYSQL_POOL_SIZE,
      connectTimeoutMs: config.MYSQL_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: config.MYSQL_QUERY_TIMEOUT_MS,
    });
    // Without its database a v2 replica can only answer 503: take it out of the Service meanwhile.
    readiness.addCheck(async () => {
      try {
        await repository.ping();
        return { database: { status: 'up' } };
      } catch (error) {
        return { database: { status: 'down', message: error instanceof Error ? error.message : String(error) } };
      }
    });
    return repository;
  },
};
