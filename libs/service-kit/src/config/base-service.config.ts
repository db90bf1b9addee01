import { EnvEnum, EnvInteger, EnvString } from './env-decorators';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Settings every Bookinfo service reads. Each service's config class extends this one. */
export class BaseServiceConfig {
  /** Listen address; `::` accepts IPv4 and IPv6 like upstream's `[::]:9080`. */
  @EnvString()
  HOST = '::';

  @EnvInteger(0, 65535)
  PORT = 9080;

  @EnvEnum(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** After SIGTERM, how long readiness answers 503 before the listener closes, so load balancers
   * (kube-proxy, Envoy) stop sending new requests first. */
  @EnvInteger(0, 120_000)
  SHUTDOWN_DELAY_MS = 0;

  /** Upper bound for in-flight requests to finish after the listener closes. */
  @EnvInteger(0, 300_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;
}
