import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { BaseServiceConfig } from '../config/base-service.config';
import { ConfigValidationError } from '../config/load-config';
import { ReadinessService } from '../health/readiness.service';
import { createLogger, PinoLoggerService } from '../logging/logger';
import { Telemetry } from '../telemetry/telemetry';
import { methodNotAllowed } from './method-not-allowed';
import { installRequestHooks } from './request-hooks';
import { requestIdOf } from './request-id';

export interface ServiceAppOptions {
  /** Service name in every log line (`productpage`, `details`, ...). */
  name: string;
  /** Fastify server options, e.g. a smaller `bodyLimit`. */
  fastify?: FastifyServerOptions;
  /** Service-specific platform setup (views, static files, cookies), run before routes are mounted. */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
  /**
   * Whether this instance calls other services, and so needs each request's propagated headers
   * at hand (AsyncLocalStorage) wherever the call is made. Default: yes. An instance that calls
   * nobody (ratings, details v1, reviews v1) says no: on Node 20, AsyncLocalStorage hooks every
   * promise, a real share of a leaf's CPU. Its requests still get and echo an `x-request-id`, and
   * their access-log lines carry it; only lines logged from inside a handler go without it.
   */
  callsOtherServices?: (app: NestFastifyApplication) => boolean;
}

/**
 * How often Node looks for requests that have taken longer than REQUEST_RECEIVE_TIMEOUT_MS to
 * arrive: a stalled client is cut off within that bound plus this. Node's default is 30 s.
 */
const CONNECTIONS_CHECKING_INTERVAL_MS = 1000;

export function createFastifyAdapter(options: ServiceAppOptions): FastifyAdapter {
  return new FastifyAdapter({
    return503OnClosing: true,
    genReqId: requestIdOf,
    http: { connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS },
    ...options.fastify,
  });
}

/**
 * Bounds the time a client may take to send its request (Fastify leaves Node's `requestTimeout`
 * off, and Node's `headersTimeout` is 60 s): a client that promises a body and stalls gets a 408
 * and its connection closed. Both are public, settable properties of Node's server.
 */
function boundRequestReceiveTime(fastify: FastifyInstance, timeoutMs: number): void {
  fastify.server.requestTimeout = timeoutMs;
  fastify.server.headersTimeout = timeoutMs;
}

/**
 * Everything a Bookinfo service needs on top of its own routes: pino logging with request and trace
 * ids, the request context for header propagation, metrics and (when the OTEL_* variables ask for
 * it) tracing, 405 for wrong methods, a bound on slow clients. Shared by `main.ts` and the e2e tests
 * so they exercise the same app; the app must import `TelemetryModule`. Returns the initialised,
 * ready application.
 */
export async function setupServiceApp(
  app: NestFastifyApplication,
  options: ServiceAppOptions,
): Promise<{ app: NestFastifyApplication; logger: Logger }> {
  const config = app.get(BaseServiceConfig);
  const logger = createLogger(options.name, config.LOG_LEVEL);
  app.useLogger(new PinoLoggerService(logger));

  const telemetry = app.get(Telemetry);
  await telemetry.start(options.name, logger);

  const fastify = app.getHttpAdapter().getInstance();
  boundRequestReceiveTime(fastify, config.REQUEST_RECEIVE_TIMEOUT_MS);
  installRequestHooks(fastify, logger, {
    enterContext: options.callsOtherServices?.(app) ?? true,
    metrics: telemetry.metrics,
    tracing: telemetry.tracing,
  });
  const wrongMethods = methodNotAllowed(fastify);
  await options.configure?.(app);
  await app.init();
  wrongMethods.answer();
  await fastify.ready();
  return { app, logger };
}

/**
 * On SIGTERM/SIGINT: readiness fails at once, new requests keep being served for
 * SHUTDOWN_DELAY_MS (while endpoints are updated), then the listener closes, in-flight requests
 * finish and the process exits 0 — or 1 if they are still running after SHUTDOWN_TIMEOUT_MS.
 */
export function installGracefulShutdown(app: INestApplication, logger: Logger): void {
  const config = app.get(BaseServiceConfig);
  const readiness = app.get(ReadinessService);
  let started = false;

  const shutdown = async (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    readiness.startDraining();
    logger.info(
      { signal, delayMs: config.SHUTDOWN_DELAY_MS, timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
      'shutting down: readiness now fails',
    );
    await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DELAY_MS));
    setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'requests still in flight after the drain timeout; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    await app.close();
    logger.info('shut down cleanly');
    process.exit(0);
  };

  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}

/** `main.ts` of every service: create, set up, listen, and stop gracefully. */
export async function bootstrapService(module: Type<unknown>, options: ServiceAppOptions): Promise<void> {
  try {
    // Nest's own logger stays off until setupServiceApp installs pino: a start-up failure is then
    // reported once, as the JSON line below, instead of as a coloured stack trace.
    const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(options), {
      logger: false,
      abortOnError: false,
    });
    const { logger } = await setupServiceApp(app, options);
    const config = app.get(BaseServiceConfig);
    installGracefulShutdown(app, logger);
    await app.listen(config.PORT, config.HOST);
    logger.info({ url: await app.getUrl(), uptimeMs: Math.round(process.uptime() * 1000) }, `${options.name} listening`);
  } catch (error) {
    const logger = createLogger(options.name);
    if (error instanceof ConfigValidationError) {
      logger.fatal({ problems: error.problems }, error.message);
    } else {
      logger.fatal({ err: error }, 'failed to start');
    }
    process.exit(1);
  }
}
