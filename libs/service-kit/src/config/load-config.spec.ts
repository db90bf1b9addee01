import { BaseServiceConfig } from './base-service.config';
import { EnvBoolean, EnvEnum, EnvInteger, EnvNumber } from './env-decorators';
import { ConfigValidationError, loadConfig } from './load-config';

class ExampleConfig extends BaseServiceConfig {
  @EnvBoolean()
  ENABLE_THING = false;

  @EnvEnum(['v1', 'v2'])
  SERVICE_VERSION = 'v1';

  @EnvInteger(1, 10)
  COUNT = 3;

  @EnvNumber(0, 1)
  PROBABILITY = 0.5;
}

describe('loadConfig', () => {
  it('uses the defaults when nothing is set', () => {
    const config = loadConfig(ExampleConfig, {});
    expect(config).toMatchObject({
      HOST: '::',
      PORT: 9080,
      LOG_LEVEL: 'info',
      ENABLE_THING: false,
      SERVICE_VERSION: 'v1',
      COUNT: 3,
      PROBABILITY: 0.5,
    });
    expect(config).toBeInstanceOf(ExampleConfig);
  });

  it('reads and converts the variables the class declares, and only those', () => {
    const config = loadConfig(ExampleConfig, {
      PORT: '8080',
      ENABLE_THING: 'TRUE',
      SERVICE_VERSION: 'v2',
      COUNT: ' 7 ',
      PROBABILITY: '0.25',
      PATH: '/usr/bin',
    });
    expect(config).toMatchObject({ PORT: 8080, ENABLE_THING: true, SERVICE_VERSION: 'v2', COUNT: 7, PROBABILITY: 0.25 });
    expect(config).not.toHaveProperty('PATH');
  });

  it('names every bad variable with its value and what is allowed', () => {
    let caught: unknown;
    try {
      loadConfig(ExampleConfig, { PORT: '99999', ENABLE_THING: 'yes', SERVICE_VERSION: 'v9', COUNT: '1.5', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const { problems, message } = caught as ConfigValidationError;
    expect(problems).toEqual(
      expect.arrayContaining([
        'PORT=99999: PORT must be a whole number from 0 to 65535',
        'ENABLE_THING="yes": ENABLE_THING must be true or false',
        'SERVICE_VERSION="v9": SERVICE_VERSION must be one of: v1, v2',
        'COUNT="1.5": COUNT must be a whole number from 1 to 10',
        'LOG_LEVEL="loud": LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent',
      ]),
    );
    expect(problems).toHaveLength(5);
    expect(message).toContain('Invalid configuration:');
  });

  it('checks the slow-client bound and the standard OTEL_* variables the kit reads', () => {
    expect(loadConfig(BaseServiceConfig, {})).toMatchObject({
      REQUEST_RECEIVE_TIMEOUT_MS: 10_000,
      OTEL_EXPORTER_OTLP_ENDPOINT: '',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_TRACES_SAMPLER: 'parentbased_always_on',
    });
    let caught: unknown;
    try {
      loadConfig(BaseServiceConfig, {
        REQUEST_RECEIVE_TIMEOUT_MS: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_TRACES_SAMPLER_ARG: '2',
      });
    } catch (error) {
      caught = error;
    }
    expect((caught as ConfigValidationError).problems).toEqual([
      'REQUEST_RECEIVE_TIMEOUT_MS=0: REQUEST_RECEIVE_TIMEOUT_MS must be a whole number from 1000 to 300000',
      'OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318": OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL',
      'OTEL_EXPORTER_OTLP_PROTOCOL="http/xml": OTEL_EXPORTER_OTLP_PROTOCOL must be one of: http/protobuf, http/json, grpc',
      'OTEL_TRACES_SAMPLER="sometimes": OTEL_TRACES_SAMPLER must be one of: parentbased_always_on, parentbased_always_off, parentbased_traceidratio, always_on, always_off, traceidratio',
      'OTEL_TRACES_SAMPLER_ARG=2: OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1',
    ]);
  });
});
