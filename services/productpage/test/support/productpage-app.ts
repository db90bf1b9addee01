import { createFastifyAdapter, loadConfig, setupServiceApp, type ServiceAppOptions } from '@bookinfo/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { json, StubServer } from '@bookinfo/test-support';
import { join } from 'node:path';
import { AppModule } from '../../src/app.module';
import { ProductpageConfig } from '../../src/config';
import { configureProductpage } from '../../src/platform';
import { DETAILS, RATINGS, REVIEWS_V2 } from './fixtures';

export const TEST_SESSION_SECRET = 'test-secret-of-at-least-16-characters';

export const SOURCE_ASSETS_DIR = join(__dirname, '../../src');

/** The same app main.ts starts, with views and static files read from src/ (or `assetsDir`). */
export async function startProductpage(
  env: Record<string, string>,
  assetsDir = SOURCE_ASSETS_DIR,
): Promise<NestFastifyApplication> {
  const config = loadConfig(ProductpageConfig, { LOG_LEVEL: 'silent', SESSION_SECRET: TEST_SESSION_SECRET, ...env });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(ProductpageConfig)
    .useValue(config)
    .compile();
  const options: ServiceAppOptions = {
    name: 'productpage',
    configure: (app) => configureProductpage(app, assetsDir),
  };
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(options));
  await setupServiceApp(app, options);
  return app;
}

export interface Backends {
  readonly details: StubServer;
  readonly reviews: StubServer;
  readonly ratings: StubServer;
}

export async function startBackends(): Promise<Backends> {
  const [details, reviews, ratings] = await Promise.all([StubServer.start(), StubServer.start(), StubServer.start()]);
  return { details, reviews, ratings };
}

export async function stopBackends(backends: Backends | undefined): Promise<void> {
  if (!backends) return;
  await Promise.all([backends.details.close(), backends.reviews.close(), backends.ratings.close()]);
}

/**
 * The deadline of tests about deadlines, for the one backend whose stub is `silent` (it never
 * answers, so only the deadline ends the call). The others keep productpage's own 3 s.
 */
export const TEST_DEADLINE_MS = '1000';

/**
 * Env pointing productpage at the stubs. The deadlines stay productpage's own (3 s each), which no
 * answer of a stub comes near; tests about deadlines shorten one of them in `extra`.
 */
export function backendEnv(backends: Backends, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DETAILS_HOSTNAME: '127.0.0.1',
    DETAILS_SERVICE_PORT: String(backends.details.port),
    REVIEWS_HOSTNAME: '127.0.0.1',
    REVIEWS_SERVICE_PORT: String(backends.reviews.port),
    RATINGS_HOSTNAME: '127.0.0.1',
    RATINGS_SERVICE_PORT: String(backends.ratings.port),
    ...extra,
  };
}

/** Runs `test` against a productpage of its own, started with `env` on top of `backendEnv`. */
export async function withProductpage(
  backends: Backends,
  env: Record<string, string>,
  test: (app: NestFastifyApplication) => Promise<void>,
): Promise<void> {
  const app = await startProductpage(backendEnv(backends, env));
  try {
    await test(app);
  } finally {
    await app.close();
  }
}

export interface ProductpageHarness {
  readonly backends: Backends;
  readonly app: NestFastifyApplication;
}

/**
 * The usual jest hooks of a productpage e2e file: stub backends and the app started once for the
 * `describe`, stopped after it, and healthy answers (details, reviews v2, ratings) before each test.
 * Read `backends` and `app` from the returned object inside tests (they exist once `beforeAll` ran).
 */
export function useProductpageWithBackends(): ProductpageHarness {
  const harness: { backends?: Backends; app?: NestFastifyApplication } = {};
  beforeAll(async () => {
    harness.backends = await startBackends();
    harness.app = await startProductpage(backendEnv(harness.backends));
  });
  afterAll(async () => {
    await harness.app?.close();
    await stopBackends(harness.backends);
  });
  beforeEach(() => {
    harness.backends?.details.reset(json(200, DETAILS));
    harness.backends?.reviews.reset(json(200, REVIEWS_V2));
    harness.backends?.ratings.reset(json(200, RATINGS));
  });
  return harness as ProductpageHarness;
}
