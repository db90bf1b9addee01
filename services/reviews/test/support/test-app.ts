import { createFastifyAdapter, loadConfig, setupServiceApp } from '@bookinfo/service-kit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { ReviewsConfig } from '../../src/config';
import { SERVICE_OPTIONS } from '../../src/service-options';

/** The reviews app exactly as main.ts sets it up, with the given environment instead of process.env. */
export async function createTestApp(env: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(ReviewsConfig)
    .useValue(loadConfig(ReviewsConfig, { LOG_LEVEL: 'silent', HOSTNAME: 'reviews-test-pod', ...env }))
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(SERVICE_OPTIONS));
  await setupServiceApp(app, SERVICE_OPTIONS);
  return app;
}
