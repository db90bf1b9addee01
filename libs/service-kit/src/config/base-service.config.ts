import { EnvBoolean, EnvEnum, EnvInteger, EnvNumber, EnvString } from './env-decorators';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** The samplers the OpenTelemetry SDK builds from `OTEL_TRACES_SAMPLER` (its own names). */
export const TRACES_SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const;

const OPTIONAL_HTTP_URL = /^(https?:\/\/\S+)?$/;

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

  /**
   * How long a client may take to send a whole request (headers and body). A client that promises a
   * body and stalls is answered 408 and its connection closed after this (Node's `requestTimeout`
   * and `headersTimeout`, checked every second). A handler's own time does not count.
   */
  @EnvInteger(1000, 300_000)
  REQUEST_RECEIVE_TIMEOUT_MS = 10_000;

  /**
   * Tracing is on only when one of these two standard variables names an OTLP endpoint (and
   * OTEL_SDK_DISABLED is not true). `..._TRACES_ENDPOINT` is used as it is; the general one gets
   * `/v1/traces` added for the HTTP protocols, as the OpenTelemetry specification says.
   */
  @EnvString(OPTIONAL_HTTP_URL, 'an http:// or https:// URL')
  OTEL_EXPORTER_OTLP_ENDPOINT = '';

  @EnvString(OPTIONAL_HTTP_URL, 'an http:// or https:// URL')
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = '';

  /** The specification's default is `http/protobuf`. */
  @EnvEnum(OTLP_PROTOCOLS)
  OTEL_EXPORTER_OTLP_PROTOCOL: OtlpProtocol = 'http/protobuf';

  /** Overrides OTEL_EXPORTER_OTLP_PROTOCOL for traces; empty: not set. */
  @EnvEnum(['', ...OTLP_PROTOCOLS])
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: OtlpProtocol | '' = '';

  @EnvBoolean()
  OTEL_SDK_DISABLED = false;

  /** Read by the SDK itself; checked here so that a typo stops the service instead of being ignored. */
  @EnvEnum(TRACES_SAMPLERS)
  OTEL_TRACES_SAMPLER: (typeof TRACES_SAMPLERS)[number] = 'parentbased_always_on';

  /** The ratio of the `*traceidratio` samplers. */
  @EnvNumber(0, 1)
  OTEL_TRACES_SAMPLER_ARG = 1;
}
