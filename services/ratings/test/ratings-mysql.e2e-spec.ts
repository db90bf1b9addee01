import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { describeIfAvailable, freePort } from '@bookinfo/test-support';
import { createTestApp } from './support/test-app';
import { TcpProxy } from './support/tcp-proxy';

/** The MariaDB that dev and CI machines serve (`.ci/run` starts it). */
const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };
/** Each run gets its own databases, dropped afterwards, so runs never see each other's rows. */
const DATABASE = `bookinfo_ratings_test_${process.pid}`;

/** Jest collects tests synchronously, so whether MariaDB is there is found by a synchronous TCP probe. */
function mariaDbMissing(): string | undefined {
  const probe = `require('net').connect(${MARIADB.port}, '${MARIADB.host}')
    .on('connect', () => process.exit(0)).on('error', () => process.exit(1)).setTimeout(2000, () => process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 5_000 });
    return undefined;
  } catch {
    return `MariaDB is not reachable on ${MARIADB.host}:${MARIADB.port}`;
  }
}

function v2Env(database: string, port = MARIADB.port, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SERVICE_VERSION: 'v2',
    DB_TYPE: 'mysql',
    MYSQL_DB_HOST: MARIADB.host,
    MYSQL_DB_PORT: String(port),
    MYSQL_DB_USER: MARIADB.user,
    MYSQL_DB_PASSWORD: MARIADB.password,
    MYSQL_DB_NAME: database,
    ...extra,
  };
}

const DEFAULTS = { Reviewer1: 5, Reviewer2: 4 };
const CANNOT_CONNECT = { error: 'could not connect to ratings database' };

describeIfAvailable('ratings v2 (MySQL) against the real MariaDB', mariaDbMissing(), () => {
  let admin: Connection;
  const createdDatabases = new Set<string>();
  const openApps = new Set<NestFastifyApplication>();

  async function startApp(env: Record<string, string>): Promise<NestFastifyApplication> {
    createdDatabases.add(env['MYSQL_DB_NAME'] ?? 'test');
    const app = await createTestApp(env);
    openApps.add(app);
    return app;
  }

  async function stopApp(app: NestFastifyApplication): Promise<void> {
    openApps.delete(app);
    await app.close();
  }

  async function rows(sql: string): Promise<RowDataPacket[]> {
    const [result] = await admin.query<RowDataPacket[]>(sql);
    return result;
  }

  const postRatings = (app: NestFastifyApplication, id: number, ratings: Record<string, number>) =>
    request(app.getHttpServer()).post(`/ratings/${id}`).set('content-type', 'application/json').send(JSON.stringify(ratings));

  beforeAll(async () => {
    admin = await createConnection(MARIADB);
  });

  afterAll(async () => {
    for (const app of openApps) await app.close();
    for (const database of createdDatabases) await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
  });

  describe('with the database up', () => {
    let app: NestFastifyApplication;

    beforeAll(async () => {
      app = await startApp(v2Env(DATABASE));
    });

    it("creates the database and upstream's table, seeded with (1,5),(2,4), at start-up", async () => {
      expect(await rows(`SELECT ReviewID, Rating FROM \`${DATABASE}\`.ratings ORDER BY ReviewID`)).toEqual([
        { ReviewID: 1, Rating: 5 },
        { ReviewID: 2, Rating: 4 },
      ]);
    });

    it("answers upstream's body from the table", async () => {
      const response = await request(app.getHttpServer()).get('/ratings/0').expect(200);
      expect(response.text).toBe('{"id":0,"ratings":{"Reviewer1":5,"Reviewer2":4}}');
    });

    it('reads the table on every request, so editing it by hand shows (Istio VM task)', async () => {
      await admin.query(`UPDATE \`${DATABASE}\`.ratings SET Rating = 1 WHERE ReviewID = 1`);
      try {
        await request(app.getHttpServer()).get('/ratings/3').expect(200, { id: 3, ratings: { Reviewer1: 1, Reviewer2: 4 } });
      } finally {
        await admin.query(`UPDATE \`${DATABASE}\`.ratings SET Rating = 5 WHERE ReviewID = 1`);
      }
    });

    it('adds the database to readiness', async () => {
      await request(app.getHttpServer())
        .get('/health/ready')
        .expect(200, {
          status: 'ok',
          info: { shutdown: { status: 'up' }, database: { status: 'up' } },
          error: {},
          details: { shutdown: { status: 'up' }, database: { status: 'up' } },
        });
      await request(app.getHttpServer()).get('/health').expect(200, { status: 'Ratings is healthy' });
    });

    it('persists a POST (upstream answers 501) and reads it back in the order given', async () => {
      const posted = await postRatings(app, 42, { Zed: 2, Amy: 5 }).expect(200);
      expect(posted.text).toBe('{"id":42,"ratings":{"Zed":2,"Amy":5}}');
      const read = await request(app.getHttpServer()).get('/ratings/42').expect(200);
      expect(read.text).toBe('{"id":42,"ratings":{"Zed":2,"Amy":5}}');
      expect(await rows(`SELECT reviewer, rating FROM \`${DATABASE}\`.product_ratings WHERE product_id = 42 ORDER BY position`)).toEqual([
        { reviewer: 'Zed', rating: 2 },
        { reviewer: 'Amy', rating: 5 },
      ]);
      // Other products keep the defaults; upstream's table is untouched.
      await request(app.getHttpServer()).get('/ratings/43').expect(200, { id: 43, ratings: DEFAULTS });
      expect(await rows(`SELECT COUNT(*) AS count FROM \`${DATABASE}\`.ratings`)).toEqual([{ count: 2 }]);
    });

    it('replaces the whole set on a later POST', async () => {
      await postRatings(app, 44, { Alice: 1, Bob: 2 }).expect(200);
      await postRatings(app, 44, { Carol: 3 }).expect(200);
      await request(app.getHttpServer()).get('/ratings/44').expect(200, { id: 44, ratings: { Carol: 3 } });
    });

    it('keeps reviewer names exact: case, accents, other scripts', async () => {
      const ratings = { bob: 1, Bob: 2, Zoë: 3, 山田: 4, "O'Brien": 5 };
      await postRatings(app, 45, ratings).expect(200);
      await request(app.getHttpServer()).get('/ratings/45').expect(200, { id: 45, ratings });
    });

    it('stores ids up to 15 digits', async () => {
      await postRatings(app, 999_999_999_999_999, { Max: 5 }).expect(200);
      await request(app.getHttpServer())
        .get('/ratings/999999999999999')
        .expect(200, { id: 999_999_999_999_999, ratings: { Max: 5 } });
    });

    it('validates bodies as v1 does and stores nothing invalid', async () => {
      const response = await request(app.getHttpServer())
        .post('/ratings/46')
        .set('content-type', 'application/json')
        .send('{"Reviewer1":6}')
        .expect(400);
      expect(response.body).toEqual({ error: 'rating of "Reviewer1" must be a whole number of stars from 1 to 5; got number 6' });
      await request(app.getHttpServer())
        .post('/ratings/46')
        .set('content-type', 'application/json')
        .send('{nope')
        .expect(400, { error: 'please provide valid ratings JSON' });
      expect(await rows(`SELECT * FROM \`${DATABASE}\`.product_ratings WHERE product_id = 46`)).toEqual([]);
    });

    it('loses nothing with 50 concurrent POSTs to different products and reviewers', async () => {
      const ratingsOf = (i: number) => ({ [`Reviewer-${i}-a`]: (i % 5) + 1, [`Reviewer-${i}-b`]: ((i + 2) % 5) + 1 });
      const ids = Array.from({ length: 50 }, (_, i) => 1000 + i);
      const responses = await Promise.all(ids.map((id, i) => postRatings(app, id, ratingsOf(i))));
      expect(responses.map((response) => response.status)).toEqual(ids.map(() => 200));

      const reads = await Promise.all(ids.map((id) => request(app.getHttpServer()).get(`/ratings/${id}`)));
      expect(reads.map((response) => response.body)).toEqual(ids.map((id, i) => ({ id, ratings: ratingsOf(i) })));
      expect(await rows(`SELECT COUNT(*) AS count FROM \`${DATABASE}\`.product_ratings WHERE product_id BETWEEN 1000 AND 1049`)).toEqual([
        { count: 100 },
      ]);
    });

    it('leaves exactly one whole body after concurrent POSTs to one product, never a mix', async () => {
      // Disjoint reviewers: interleaved replacements would leave the union of several bodies.
      for (let round = 0; round < 5; round++) {
        const product = 2000 + round;
        const bodies = Array.from({ length: 30 }, (_, i) => ({ [`Writer${i}a`]: (i % 5) + 1, [`Writer${i}b`]: 5 }));
        const responses = await Promise.all(bodies.map((body) => postRatings(app, product, body)));
        expect(responses.map((response) => response.status)).toEqual(bodies.map(() => 200));

        const { body } = await request(app.getHttpServer()).get(`/ratings/${product}`).expect(200);
        expect(bodies).toContainEqual(body.ratings);
        expect(
          await rows(`SELECT COUNT(*) AS count FROM \`${DATABASE}\`.product_ratings WHERE product_id = ${product}`),
        ).toEqual([{ count: 2 }]);
      }
    });

    it('creates a dropped table again on the next request, after one 503', async () => {
      await postRatings(app, 47, { Alice: 4 }).expect(200);
      await admin.query(`DROP TABLE \`${DATABASE}\`.product_ratings`);
      await request(app.getHttpServer()).get('/ratings/47').expect(503, { error: 'could not perform select' });
      await request(app.getHttpServer()).get('/ratings/47').expect(200, { id: 47, ratings: DEFAULTS });
    });

    it('serves what an earlier instance stored, after a restart', async () => {
      await postRatings(app, 48, { Persistent: 4 }).expect(200);
      await stopApp(app);

      app = await startApp(v2Env(DATABASE));
      await request(app.getHttpServer()).get('/ratings/48').expect(200, { id: 48, ratings: { Persistent: 4 } });
      // Start-up did not seed upstream's table a second time.
      expect(await rows(`SELECT COUNT(*) AS count FROM \`${DATABASE}\`.ratings`)).toEqual([{ count: 2 }]);
    });
  });

  describe("with upstream's database already there", () => {
    const existing = `${DATABASE}_upstream`;

    it('adds its tables without reseeding; a missing row leaves its reviewer out instead of 0 stars', async () => {
      createdDatabases.add(existing);
      await admin.query(`CREATE DATABASE \`${existing}\``);
      await admin.query(`CREATE TABLE \`${existing}\`.ratings (ReviewID INT NOT NULL, Rating INT, PRIMARY KEY (ReviewID))`);
      await admin.query(`INSERT INTO \`${existing}\`.ratings (ReviewID, Rating) VALUES (1, 3)`);

      const app = await startApp(v2Env(existing));
      await request(app.getHttpServer()).get('/ratings/1').expect(200, { id: 1, ratings: { Reviewer1: 3 } });
      await postRatings(app, 1, { Reviewer1: 1, Reviewer2: 2 }).expect(200);
      await request(app.getHttpServer()).get('/ratings/1').expect(200, { id: 1, ratings: { Reviewer1: 1, Reviewer2: 2 } });
      expect(await rows(`SELECT ReviewID, Rating FROM \`${existing}\`.ratings`)).toEqual([{ ReviewID: 1, Rating: 3 }]);
      await stopApp(app);
    });
  });

  describe('connections', () => {
    it('shares a small pool instead of connecting per request, and closes it on shutdown', async () => {
      const proxy = await TcpProxy.start(MARIADB.port);
      try {
        const app = await startApp(v2Env(`${DATABASE}_pool`, proxy.port, { MYSQL_POOL_SIZE: '3' }));
        await Promise.all(Array.from({ length: 40 }, (_, i) => request(app.getHttpServer()).get(`/ratings/${i}`).expect(200)));
        for (let i = 0; i < 10; i++) await postRatings(app, i, { Reviewer1: 2 }).expect(200);
        // Three pooled connections, plus the first attempt that found no database and the one that created it.
        expect(proxy.accepted).toBeLessThanOrEqual(5);
        expect(proxy.open).toBeGreaterThan(0);

        await stopApp(app);
        await waitFor(() => proxy.open === 0);
      } finally {
        await proxy.close();
      }
    });

    it('starts with the database down, answers 503 and not ready, then recovers once it is up', async () => {
      const port = await freePort();
      const app = await startApp(v2Env(`${DATABASE}_late`, port));
      const server = app.getHttpServer();

      const read = await request(server).get('/ratings/1').expect(503);
      expect(read.headers['content-type']).toMatch(/^application\/json/);
      expect(read.body).toEqual(CANNOT_CONNECT);
      await postRatings(app, 1, { Reviewer1: 2 }).expect(503, CANNOT_CONNECT);
      const ready = await request(server).get('/health/ready').expect(503);
      expect(ready.body).toMatchObject({
        status: 'error',
        error: { database: { status: 'down', message: 'could not connect to ratings database' } },
      });
      // Upstream's /health never looked at the database, and liveness must not restart the pod for it.
      await request(server).get('/health').expect(200, { status: 'Ratings is healthy' });
      await request(server).get('/health/live').expect(200);
      // Bad input is still a 400, not a 503.
      await request(server).get('/ratings/abc').expect(400);

      const proxy = await TcpProxy.start(MARIADB.port, port);
      try {
        await request(server).get('/ratings/1').expect(200, { id: 1, ratings: DEFAULTS });
        await request(server).get('/health/ready').expect(200);
        await postRatings(app, 1, { Reviewer1: 2 }).expect(200);

        // The database goes away again: 503 again, not a hang or a 500.
        await proxy.close();
        await request(server).get('/ratings/1').expect(503, CANNOT_CONNECT);
        await request(server).get('/health/ready').expect(503);
      } finally {
        await proxy.close().catch(() => undefined);
        await stopApp(app);
      }
    });

    it('answers 503 when the credentials are refused', async () => {
      const app = await startApp(v2Env(`${DATABASE}_denied`, MARIADB.port, { MYSQL_DB_USER: 'no_such_user_bookinfo' }));
      await request(app.getHttpServer()).get('/ratings/1').expect(503, CANNOT_CONNECT);
      await stopApp(app);
    });
  });

  it('refuses to start v2 with a DB_TYPE other than mysql', async () => {
    await expect(createTestApp({ ...v2Env(DATABASE), DB_TYPE: 'mongodb' })).rejects.toThrow(
      'DB_TYPE must be mysql when SERVICE_VERSION=v2: only the MySQL backend is supported (no MongoDB)',
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
