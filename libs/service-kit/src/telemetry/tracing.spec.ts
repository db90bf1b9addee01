import { BaseServiceConfig } from '../config/base-service.config';
import { loadConfig } from '../config/load-config';
import { otlpTargetOf } from './tracing';

describe('otlpTargetOf: whether tracing is on, and where spans go', () => {
  const target = (env: Record<string, string>) => otlpTargetOf(loadConfig(BaseServiceConfig, env));

  it('is off without an endpoint, or when OTEL_SDK_DISABLED says so', () => {
    expect(target({})).toBeUndefined();
    expect(target({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBeUndefined();
    expect(target({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
  });

  it('adds /v1/traces to the general endpoint for HTTP, not for gRPC, and takes the traces endpoint as it is', () => {
    expect(target({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })).toEqual({
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
    });
    expect(target({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toEqual({
      url: 'http://collector:4317',
      protocol: 'grpc',
    });
    expect(
      target({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://ignored:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/custom',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      }),
    ).toEqual({ url: 'http://jaeger:4318/custom', protocol: 'http/json' });
  });
});
