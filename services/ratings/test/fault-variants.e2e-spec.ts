import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createTestApp, manualClock } from './support/test-app';

const DEFAULT_BODY = '{"id":1,"ratings":{"Reviewer1":5,"Reviewer2":4}}';
const UNAVAILABLE_BODY = '{"error":"Service unavailable"}';

/** Random numbers handed out in turn, so each test decides which requests are faulty. */
function rolls(...values: number[]): () => number {
  return () => {
    const next = values.shift();
    if (next === undefined) throw new Error('more random numbers drawn than the test provided');
    return next;
  };
}

describe('fault variants over HTTP', () => {
  let app: NestFastifyApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe('v-faulty', () => {
    it('answers 503 with upstream body when the roll is below the probability, else the ratings', async () => {
      app = await createTestApp({ SERVICE_VERSION: 'v-faulty' }, { random: rolls(0.1, 0.9, 0.49) });
      const first = await request(app.getHttpServer()).get('/ratings/1').expect(503);
      expect(first.headers['content-type']).toMatch(/^application\/json/);
      expect(first.text).toBe(UNAVAILABLE_BODY);
      expect((await request(app.getHttpServer()).get('/ratings/1').expect(200)).text).toBe(DEFAULT_BODY);
      expect((await request(app.getHttpServer()).get('/ratings/1').expect(503)).text).toBe(UNAVAILABLE_BODY);
    });

    it('checks the id first and leaves POST, /health and readiness alone (no roll drawn)', async () => {
      app = await createTestApp({ SERVICE_VERSION: 'v-faulty' }, { random: rolls() });
      await request(app.getHttpServer()).get('/ratings/abc').expect(400);
      await request(app.getHttpServer())
        .post('/ratings/1')
        .set('content-type', 'application/json')
        .send('{"Reviewer1":2}')
        .expect(200);
      await request(app.getHttpServer()).get('/health').expect(200, { status: 'Ratings is healthy' });
      await request(app.getHttpServer()).get('/health/ready').expect(200);
    });

    it('serves what was posted when the roll lets the read through', async () => {
      app = await createTestApp({ SERVICE_VERSION: 'v-faulty' }, { random: rolls(0.99) });
      await request(app.getHttpServer())
        .post('/ratings/5')
        .set('content-type', 'application/json')
        .send('{"Reviewer1":2}')
        .expect(200);
      await request(app.getHttpServer()).get('/ratings/5').expect(200, { id: 5, ratings: { Reviewer1: 2 } });
    });

    it('takes its share of faults from FAULT_PROBABILITY', async () => {
      app = await createTestApp({ SERVICE_VERSION: 'v-faulty', FAULT_PROBABILITY: '0' }, { random: rolls(0) });
      await request(app.getHttpServer()).get('/ratings/1').expect(200);
    });
  });

  describe('v-delayed', () => {
    it('holds a read whose roll is below the probability for FAULT_DELAY_MS, then answers normally', async () => {
      app = await createTestApp({ SERVICE_VERSION: 'v-delayed', FAULT_DELAY_MS: '300' }, { random: rolls(0.2) });
      const started = Date.now();
      const response = await request(app.getHttpServer()).get('/ratings/1').expect(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(response.text).toBe(DEFAULT_BODY);
    });

    it('answers other reads at once (a 60 s delay would time this test out)', async () => {
      app = await createTestApp({ SERVICE_VERSION: 'v-delayed', FAULT_DELAY_MS: '60000' }, { random: rolls(0.7) });
      const response = await request(app.getHttpServer()).get('/ratings/1').timeout(3_000).expect(200);
      expect(response.text).toBe(DEFAULT_BODY);
    });
  });

  describe('v-unavailable', () => {
    it('alternates: first period available, next all 503, then available again', async () => {
      const clock = manualClock();
      app = await createTestApp({ SERVICE_VERSION: 'v-unavailable', UNAVAILABLE_PERIOD_MS: '1000' }, { clock });
      const get = () => request(app!.getHttpServer()).get('/ratings/1');

      expect((await get().expect(200)).text).toBe(DEFAULT_BODY);
      clock.advance(999);
      await get().expect(200);
      clock.advance(1);
      expect((await get().expect(503)).text).toBe(UNAVAILABLE_BODY);
      await get().expect(503);
      // /health stays healthy: only v-unhealthy touches it.
      await request(app.getHttpServer()).get('/health').expect(200);
      clock.advance(1000);
      await get().expect(200);
    });

    it("uses upstream's 60 s by default", async () => {
      const clock = manualClock();
      app = await createTestApp({ SERVICE_VERSION: 'v-unavailable' }, { clock });
      clock.advance(59_999);
      await request(app.getHttpServer()).get('/ratings/1').expect(200);
      clock.advance(1);
      await request(app.getHttpServer()).get('/ratings/1').expect(503);
    });
  });

  describe('v-unhealthy', () => {
    it('toggles /health 200↔500 and ratings OK↔503 together', async () => {
      const clock = manualClock();
      app = await createTestApp({ SERVICE_VERSION: 'v-unhealthy', UNHEALTHY_PERIOD_MS: '1000' }, { clock });
      const server = app.getHttpServer();

      const healthy = await request(server).get('/health').expect(200);
      expect(healthy.text).toBe('{"status":"Ratings is healthy"}');
      await request(server).get('/ratings/1').expect(200);

      clock.advance(1000);
      const unhealthy = await request(server).get('/health').expect(500);
      expect(unhealthy.headers['content-type']).toMatch(/^application\/json/);
      expect(unhealthy.text).toBe('{"status":"Ratings is not healthy"}');
      expect((await request(server).get('/ratings/1').expect(503)).text).toBe(UNAVAILABLE_BODY);
      // Liveness must not restart the pod over it: that is what /health is for in upstream's demo.
      await request(server).get('/health/live').expect(200);

      clock.advance(1000);
      await request(server).get('/health').expect(200);
      await request(server).get('/ratings/1').expect(200);
    });

    it("uses upstream's 15 minutes by default", async () => {
      const clock = manualClock();
      app = await createTestApp({ SERVICE_VERSION: 'v-unhealthy' }, { clock });
      clock.advance(15 * 60_000 - 1);
      await request(app.getHttpServer()).get('/health').expect(200);
      clock.advance(1);
      await request(app.getHttpServer()).get('/health').expect(500);
    });
  });
});
