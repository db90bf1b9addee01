import type { Context, Span, TextMapPropagator, Tracer } from '@opentelemetry/api';
import type { BasicTracerProvider, Sampler } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { InternalAxiosRequestConfig } from 'axios';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import type { BaseServiceConfig, OtlpProtocol } from '../config/base-service.config';
import { TRACE_CONTEXT_HEADERS } from './trace-headers';

type OtelApi = typeof import('@opentelemetry/api');
type OutgoingHeaders = InternalAxiosRequestConfig['headers'];

/** Where and how spans are sent; `undefined` when tracing is off. */
export interface OtlpTarget {
  url: string;
  protocol: OtlpProtocol;
}

/**
 * Tracing is on only when the standard variables name an endpoint, as the OpenTelemetry
 * specification has them: the traces endpoint as it is, or the general one plus `/v1/traces`
 * (HTTP protocols; gRPC takes the general one as it is).
 */
export function otlpTargetOf(config: BaseServiceConfig): OtlpTarget | undefined {
  if (config.OTEL_SDK_DISABLED) return undefined;
  const protocol = config.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || config.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return { url: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, protocol };
  const base = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!base) return undefined;
  return { url: protocol === 'grpc' ? base : `${base.replace(/\/+$/, '')}/v1/traces`, protocol };
}

/** A server span and the context its children (the client spans) start from. */
export interface ServerSpan {
  readonly span: Span;
  readonly context: Context;
}

/** What a client span needs to know about the call. */
export interface OutgoingCall {
  method: string;
  url: string;
  headers: OutgoingHeaders;
}

/**
 * The service's spans, made by hand through `@opentelemetry/api` (no auto-instrumentation): one
 * SERVER span per request served, one CLIENT span per outgoing call, a child of the request's
 * server span, whose W3C `traceparent` and B3 `x-b3-*` headers go out with the call. Exported in
 * batches over OTLP.
 */
export class Tracing {
  private constructor(
    private readonly api: OtelApi,
    private readonly tracer: Tracer,
    private readonly propagator: TextMapPropagator,
    private readonly provider: BasicTracerProvider,
  ) {}

  /**
   * Loads the SDK (only now: a service that does not trace never loads it) and starts it. The
   * incoming context is read from W3C and B3 headers alike (W3C when both are there); outgoing
   * calls carry both, B3 as the multi-header form Envoy uses.
   */
  static async start(config: BaseServiceConfig, serviceName: string, target: OtlpTarget, logger: Logger): Promise<Tracing> {
    const [api, core, b3, sdk, resources] = await Promise.all([
      import('@opentelemetry/api'),
      import('@opentelemetry/core'),
      import('@opentelemetry/propagator-b3'),
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/resources'),
    ]);
    api.diag.setLogger(
      {
        error: (message) => logger.warn({ msg: `opentelemetry: ${message}` }),
        warn: (message) => logger.warn({ msg: `opentelemetry: ${message}` }),
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      api.DiagLogLevel.WARN,
    );
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the env detector) win over the default name.
    const resource = resources
      .defaultResource()
      .merge(resources.resourceFromAttributes({ 'service.name': serviceName }))
      .merge(resources.detectResources({ detectors: [resources.envDetector] }));
    const provider = new sdk.BasicTracerProvider({
      resource,
      sampler: samplerOf(config, sdk),
      spanProcessors: [new sdk.BatchSpanProcessor(await exporterFor(target))],
    });
    const propagator = new core.CompositePropagator({
      // Extracted in this order, the last one found wins: W3C, which also carries `tracestate`.
      propagators: [
        new b3.B3Propagator({ injectEncoding: b3.B3InjectEncoding.MULTI_HEADER }),
        new core.W3CTraceContextPropagator(),
      ],
    });
    logger.info({ endpoint: target.url, protocol: target.protocol }, 'tracing on: exporting spans over OTLP');
    return new Tracing(api, provider.getTracer('@bookinfo/service-kit'), propagator, provider);
  }

  /** `route` is the route pattern (`/reviews/:id`), or undefined when no route matched. */
  startServerSpan(method: string, route: string | undefined, path: string, headers: IncomingHttpHeaders): ServerSpan {
    const { api } = this;
    const parent = this.propagator.extract(api.ROOT_CONTEXT, headers, api.defaultTextMapGetter);
    const attributes: Record<string, string> = { 'http.request.method': method, 'url.path': path };
    if (route !== undefined) attributes['http.route'] = route;
    const span = this.tracer.startSpan(
      route === undefined ? method : `${method} ${route}`,
      { kind: api.SpanKind.SERVER, attributes },
      parent,
    );
    return { span, context: api.trace.setSpan(parent, span) };
  }

  endServerSpan(span: Span, status: number): void {
    span.setAttribute('http.response.status_code', status);
    if (status >= 500) span.setStatus({ code: this.api.SpanStatusCode.ERROR });
    span.end();
  }

  /**
   * A CLIENT span for one call, child of `parent` (the server span's context, or none). With
   * `propagate`, the call's trace headers are replaced by this span's context.
   */
  startClientSpan(call: OutgoingCall, parent: Context | undefined, propagate: boolean): Span {
    const { api } = this;
    const base = parent ?? api.ROOT_CONTEXT;
    const span = this.tracer.startSpan(
      call.method,
      { kind: api.SpanKind.CLIENT, attributes: { 'http.request.method': call.method, 'url.full': call.url } },
      base,
    );
    if (propagate) {
      for (const name of TRACE_CONTEXT_HEADERS) call.headers.delete(name);
      this.propagator.inject(api.trace.setSpan(base, span), call.headers, headerSetter);
    }
    return span;
  }

  endClientSpan(span: Span, status: number | undefined, errorType: string | undefined): void {
    if (status !== undefined) span.setAttribute('http.response.status_code', status);
    if (errorType !== undefined) {
      span.setAttribute('error.type', errorType);
      span.setStatus({ code: this.api.SpanStatusCode.ERROR });
    }
    span.end();
  }

  /** Sends what is still buffered, then stops. */
  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}

const headerSetter = {
  set(carrier: OutgoingHeaders, key: string, value: string): void {
    carrier.set(key, value);
  },
};

type SdkTraceBase = typeof import('@opentelemetry/sdk-trace-base');

function samplerOf(config: BaseServiceConfig, sdk: SdkTraceBase): Sampler {
  const ratio = () => new sdk.TraceIdRatioBasedSampler(config.OTEL_TRACES_SAMPLER_ARG);
  switch (config.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new sdk.AlwaysOnSampler();
    case 'always_off':
      return new sdk.AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_off':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new sdk.ParentBasedSampler({ root: ratio() });
    case 'parentbased_always_on':
      return new sdk.ParentBasedSampler({ root: new sdk.AlwaysOnSampler() });
  }
}

/** Only the exporter of the chosen protocol is loaded. Headers, timeout and compression come from the OTEL_* variables. */
async function exporterFor({ url, protocol }: OtlpTarget): Promise<SpanExporter> {
  switch (protocol) {
    case 'http/json':
      return new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({ url });
    case 'http/protobuf':
      return new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter({ url });
    case 'grpc':
      return new (await import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter({ url });
  }
}
