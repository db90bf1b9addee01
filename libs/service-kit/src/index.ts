// Outgoing calls (MeshHttpModule: HttpService over undici) live in the `@bookinfo/service-kit/http` entry point.
export { PROPAGATED_HEADERS, pickPropagatedHeaders } from './headers/propagated-headers';
export type { PropagatedHeader, PropagatedHeaderValues } from './headers/propagated-headers';
export { currentRequestContext, runWithRequestContext, setPropagatedHeader } from './context/request-context';
export type { RequestContext } from './context/request-context';
export { BaseServiceConfig, LOG_LEVELS, OTLP_PROTOCOLS, TRACES_SAMPLERS } from './config/base-service.config';
export type { LogLevel, OtlpProtocol } from './config/base-service.config';
export { EnvBoolean, EnvEnum, EnvInteger, EnvNumber, EnvString } from './config/env-decorators';
export { ConfigValidationError, loadConfig } from './config/load-config';
export { ServiceConfigModule } from './config/service-config.module';
export { createLogger, PinoLoggerService } from './logging/logger';
export { TelemetryModule } from './telemetry/telemetry.module';
export { Telemetry } from './telemetry/telemetry';
export { ServiceMetrics, UNMATCHED_ROUTE } from './telemetry/service-metrics';
export type { CallOutcome } from './telemetry/service-metrics';
export { traceIdFromHeaders } from './telemetry/trace-headers';
export { ProbesModule } from './health/probes.module';
export { ReadinessService } from './health/readiness.service';
export type { ReadinessCheck } from './health/readiness.service';
export {
  bootstrapService,
  createFastifyAdapter,
  installGracefulShutdown,
  setupServiceApp,
} from './app/service-app';
export type { ServiceAppOptions } from './app/service-app';
