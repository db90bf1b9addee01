import { createFastifyAdapter, loadConfig, setupServiceApp } from '@bookinfo/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { RatingsConfig } from '../../src/config';
import { CLOCK, type Clock, RANDOM_SOURCE, type RandomSource } from '../../src/faults/fault-sources';
import { SERVICE_OPTIONS } from '../../src/service-options';

export interface TestAppOptions {
  /** Replaces Math.random for the fault variants. */
  random?: RandomSource;
  /** Replaces the monotonic clock for the periodic variants. */
  clock?: Clock;
}

/** The ratings app exactly as main.ts sets it up, with the given environment instead of process.env. */
export async function createTestApp(
  env: Record<string, string> = {},
  { random, clock }: TestAppOptions = {},
): Promise<NestFastifyApplication> {
  let builder = Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(RatingsConfig)
    .useValue(loadConfig(RatingsConfig, { LOG_LEVEL: 'silent', ...env }));
  if (random) builder = builder.overrideProvider(RANDOM_SOURCE).useValue(random);
  if (clock) builder = builder.overrideProvider(CLOCK).useValue(clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(SERVICE_OPTIONS));
  await setupServiceApp(app, SERVICE_OPTIONS);
  return app;
}

/** A clock the test moves by hand. */
export function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  return Object.assign(() => now, {
    advance(ms: number) {
      now += ms;
    },
  });
}
