import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  createConnection,
  createPool,
  escapeId,
  type Pool,
  type PoolConnection,
  type RowDataPacket,
} from 'mysql2/promise';
import { RatingsStoreError } from './ratings-store.error';
import type { RatingsRepository, ReviewerRatings } from './ratings.repository';

export interface MysqlSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  poolSize: number;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
}

/*
 * Schema. `ratings` is upstream's table, unchanged, so upstream's init SQL, the `mysqldb` image and
 * the Istio docs that edit it by hand (`update ratings set rating=1 where reviewid=1`) keep working:
 * its first two rows (by ReviewID) are Reviewer1 and Reviewer2 of every product nobody posted
 * ratings for. Upstream ignores the product id; posted ratings go to `product_ratings`, one row per
 * reviewer, and `rated_products` holds one row per posted product that writers lock, so that two
 * POSTs for the same product take turns and the stored set is always exactly one request's body.
 */
const CREATE_TABLES = [
  `CREATE TABLE IF NOT EXISTS ratings (
     ReviewID INT NOT NULL,
     Rating INT,
     PRIMARY KEY (ReviewID)
   )`,
  `CREATE TABLE IF NOT EXISTS rated_products (
     product_id BIGINT UNSIGNED NOT NULL,
     updated_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
     PRIMARY KEY (product_id)
   ) ENGINE = InnoDB`,
  // utf8mb4_bin: reviewer names are JSON keys, so `Bob` and `bob` are two reviewers.
  `CREATE TABLE IF NOT EXISTS product_ratings (
     product_id BIGINT UNSIGNED NOT NULL,
     reviewer VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
     rating TINYINT UNSIGNED NOT NULL,
     position SMALLINT UNSIGNED NOT NULL,
     PRIMARY KEY (product_id, reviewer)
   ) ENGINE = InnoDB`,
];

/** Upstream's seed rows, inserted only into an empty table (INSERT IGNORE: replicas may race). */
const SEED_UPSTREAM_ROWS = 'INSERT IGNORE INTO ratings (ReviewID, Rating) VALUES (1, 5), (2, 4)';

/** No connection could be had at all: refused, unreachable, credentials or database refused. */
class NoConnectionError extends Error {
  override readonly name = 'NoConnectionError';
}

/** InnoDB may pick a concurrent write as a deadlock victim; its manual says to re-issue the transaction. */
const ER_LOCK_DEADLOCK = 1213;
const WRITE_ATTEMPTS = 3;

interface ErrorFields {
  code?: unknown;
  errno?: unknown;
  fatal?: unknown;
}

function fieldsOf(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? error : {};
}

/** What to log: the driver's own error rather than our wrapper. */
function underlying(error: unknown): unknown {
  return error instanceof NoConnectionError ? error.cause : error;
}

/** Could not connect, or the connection broke mid-statement (mysql2 marks those fatal). */
function isConnectionError(error: unknown): boolean {
  return error instanceof NoConnectionError || fieldsOf(error).fatal === true;
}

interface ReviewerRow extends RowDataPacket {
  reviewer: string;
  rating: number;
}

interface UpstreamRow extends RowDataPacket {
  Rating: number | null;
}

/**
 * v2 with `DB_TYPE=mysql`. Upstream opens a connection per request, reads only, ignores the product
 * id and answers 200 when it cannot connect; here one pool serves every request, POST persists per
 * product, and a database problem is a 503 the caller can act on.
 *
 * The database may be down when the service starts: the schema is then created by the first request
 * (or readiness probe) that finds it reachable, and until then every request answers 503.
 */
export class MysqlRatingsRepository implements RatingsRepository, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MysqlRatingsRepository.name);
  private readonly pool: Pool;
  private schemaReady?: Promise<void>;

  constructor(private readonly settings: MysqlSettings) {
    this.pool = createPool({
      ...this.connectionOptions(),
      database: settings.database,
      connectionLimit: settings.poolSize,
      maxIdle: settings.poolSize,
      enableKeepAlive: true,
    });
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.ensureSchema();
    } catch (error) {
      this.logger.warn({
        msg: 'ratings database not usable at start-up; answering 503 and retrying on each request',
        err: underlying(error),
        host: this.settings.host,
        port: this.settings.port,
      });
    }
  }

  /** After the HTTP server has drained (onModuleDestroy would run before in-flight requests end). */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }

  async ratingsFor(productId: number): Promise<ReviewerRatings> {
    return this.withConnection('could not perform select', async (connection) => {
      const [posted] = await connection.execute<ReviewerRow[]>({
        sql: 'SELECT reviewer, rating FROM product_ratings WHERE product_id = ? ORDER BY position',
        values: [productId],
        timeout: this.settings.queryTimeoutMs,
      });
      if (posted.length > 0) return Object.fromEntries(posted.map((row) => [row.reviewer, row.rating]));

      // Upstream maps a missing row to 0 stars; here the reviewer is left out, which reviews shows
      // as "Ratings service is currently unavailable" for that reviewer instead of zero stars.
      const [upstream] = await connection.execute<UpstreamRow[]>({
        sql: 'SELECT Rating FROM ratings ORDER BY ReviewID LIMIT 2',
        timeout: this.settings.queryTimeoutMs,
      });
      const defaults: Record<string, number> = {};
      upstream.forEach((row, index) => {
        if (row.Rating !== null) defaults[`Reviewer${index + 1}`] = row.Rating;
      });
      return defaults;
    });
  }

  async replaceRatings(productId: number, ratings: ReviewerRatings): Promise<void> {
    const rows = Object.entries(ratings).map(([reviewer, rating], position) => [productId, reviewer, rating, position]);
    await this.withConnection('could not save ratings to database', async (connection) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await inTransaction(connection, async () => {
            await connection.execute(
              'INSERT INTO rated_products (product_id) VALUES (?) ON DUPLICATE KEY UPDATE updated_at = CURRENT_TIMESTAMP(3)',
              [productId],
            );
            await connection.execute('DELETE FROM product_ratings WHERE product_id = ?', [productId]);
            await connection.query('INSERT INTO product_ratings (product_id, reviewer, rating, position) VALUES ?', [
              rows,
            ]);
          });
          return;
        } catch (error) {
          if (fieldsOf(error).errno !== ER_LOCK_DEADLOCK || attempt >= WRITE_ATTEMPTS) throw error;
        }
      }
    });
  }

  /** Readiness: the database answers and the schema exists. */
  async ping(): Promise<void> {
    await this.withConnection('could not perform select', async (connection) => {
      await connection.query({ sql: 'SELECT 1', timeout: this.settings.queryTimeoutMs });
    });
  }

  private connectionOptions() {
    const { host, port, user, password, connectTimeoutMs } = this.settings;
    return { host, port, user, password, connectTimeout: connectTimeoutMs, charset: 'utf8mb4_general_ci' };
  }

  /**
   * Runs `work` on a pooled connection once the schema exists. Any failure becomes a
   * RatingsStoreError (503), and the next request checks the schema again: the server may have come
   * back empty, or a table may have been dropped behind our back.
   */
  private async withConnection<T>(failureMessage: string, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
    try {
      await this.ensureSchema();
      const connection = await connected(this.pool.getConnection());
      try {
        return await work(connection);
      } finally {
        connection.release();
      }
    } catch (error) {
      this.schemaReady = undefined;
      const connectionFailed = isConnectionError(error);
      this.logger.warn({
        msg: connectionFailed ? 'cannot connect to ratings database' : failureMessage,
        err: underlying(error),
      });
      throw new RatingsStoreError(connectionFailed ? 'could not connect to ratings database' : failureMessage, {
        cause: error,
      });
    }
  }

  /** Concurrent callers share one attempt; a failed attempt is forgotten so the next caller retries. */
  private ensureSchema(): Promise<void> {
    this.schemaReady ??= this.createSchema().catch((error: unknown) => {
      this.schemaReady = undefined;
      throw error;
    });
    return this.schemaReady;
  }

  private async createSchema(): Promise<void> {
    const connection = await this.pool.getConnection().catch(async (error: unknown) => {
      if (fieldsOf(error).code !== 'ER_BAD_DB_ERROR') throw noConnection(error);
      await this.createDatabase();
      return connected(this.pool.getConnection());
    });
    try {
      for (const statement of CREATE_TABLES) await connection.query(statement);
      const [[{ count }]] = await connection.query<RowDataPacket[]>('SELECT COUNT(*) AS count FROM ratings');
      if (Number(count) === 0) await connection.query(SEED_UPSTREAM_ROWS);
    } finally {
      connection.release();
    }
    this.logger.log({ msg: 'ratings database ready', database: this.settings.database });
  }

  /** Upstream's init SQL creates `test`; a fresh server (or a test run's own database) may lack it. */
  private async createDatabase(): Promise<void> {
    const connection = await connected(createConnection(this.connectionOptions()));
    try {
      await connection.query(`CREATE DATABASE IF NOT EXISTS ${escapeId(this.settings.database)}`);
    } finally {
      await connection.end();
    }
  }
}

function noConnection(cause: unknown): NoConnectionError {
  return new NoConnectionError(cause instanceof Error ? cause.message : String(cause), { cause });
}

/** The connection, or a NoConnectionError carrying the reason there is none. */
function connected<T>(opening: Promise<T>): Promise<T> {
  return opening.catch((error: unknown) => {
    throw noConnection(error);
  });
}

async function inTransaction(connection: PoolConnection, work: () => Promise<void>): Promise<void> {
  // No gap locks: POSTs for different products never wait on each other. Writers of one product
  // take turns on its rated_products row instead.
  await connection.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
  await connection.beginTransaction();
  try {
    await work();
    await connection.commit();
  } catch (error) {
    await connection.rollback().catch(() => undefined);
    throw error;
  }
}
