import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { json } from '@bookinfo/test-support';
import request from 'supertest';
import { DETAILS, REVIEWS_V2 } from './support/fixtures';
import {
  type Backends,
  backendEnv,
  SOURCE_ASSETS_DIR,
  startBackends,
  startProductpage,
  stopBackends,
} from './support/productpage-app';

describe('views', () => {
  let backends: Backends;
  let app: NestFastifyApplication;
  let assetsDir: string;
  const previousNodeEnv = process.env['NODE_ENV'];

  beforeAll(async () => {
    // Development mode is where @fastify/view would otherwise re-read templates on every request.
    process.env['NODE_ENV'] = 'development';
    assetsDir = await mkdtemp(join(tmpdir(), 'productpage-views-'));
    await cp(join(SOURCE_ASSETS_DIR, 'views'), join(assetsDir, 'views'), { recursive: true });
    await cp(join(SOURCE_ASSETS_DIR, 'public'), join(assetsDir, 'public'), { recursive: true });
    backends = await startBackends();
    backends.details.reset(json(200, DETAILS));
    backends.reviews.reset(json(200, REVIEWS_V2));
    app = await startProductpage(backendEnv(backends), assetsDir);
  });

  afterAll(async () => {
    process.env['NODE_ENV'] = previousNodeEnv;
    await app?.close();
    await stopBackends(backends);
    await rm(assetsDir, { recursive: true, force: true });
  });

  it('are compiled once and kept, whatever NODE_ENV says', async () => {
    const first = (await request(app.getHttpServer()).get('/productpage').expect(200)).text;
    await writeFile(join(assetsDir, 'views', 'productpage.hbs'), 'changed');
    await writeFile(join(assetsDir, 'views', 'partials', 'head.hbs'), 'changed');
    const second = (await request(app.getHttpServer()).get('/productpage').expect(200)).text;
    expect(second).toBe(first);
    expect(second).toContain('<title>Simple Bookstore App</title>');
  });
});
