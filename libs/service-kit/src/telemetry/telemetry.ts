import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { BaseServiceConfig } from '../config/base-service.config';
import { ServiceMetrics } from './service-metrics';
import { otlpTargetOf, Tracing } from './tracing';

/** A collector that does not answer must not hold the exit up to SHUTDOWN_TIMEOUT_MS. */
const LAST_SPANS_WITHIN_MS = 2000;

/**
 * One app instance's metrics, and its tracing when the OTEL_* variables turn it on. `start` is
 * called by `setupServiceApp` (which knows the service's name) before the app is initialised;
 * with tracing off, `tracing` stays undefined and nothing of OpenTelemetry is even loaded.
 */
@Injectable()
export class Telemetry implements OnApplicationShutdown {
  readonly metrics = new ServiceMetrics();
  private activeTracing: Tracing | undefined;
  private logger: Logger | undefined;

  constructor(private readonly config: BaseServiceConfig) {}

  get tracing(): Tracing | undefined {
    return this.activeTracing;
  }

  async start(serviceName: string, logger: Logger): Promise<void> {
    this.logger = logger;
    const target = otlpTargetOf(this.config);
    if (target && !this.activeTracing) this.activeTracing = await Tracing.start(this.config, serviceName, target, logger);
  }

  /**
   * After the requests in flight have finished: their spans are sent before the process exits. A
   * collector that cannot be reached, or is slow, costs the spans, not the clean exit.
   */
  async onApplicationShutdown(): Promise<void> {
    if (!this.activeTracing) return;
    let timer: NodeJS.Timeout | undefined;
    const givenUp = new Promise<'given up'>((resolve) => {
      timer = setTimeout(() => resolve('given up'), LAST_SPANS_WITHIN_MS);
    });
    try {
      if ((await Promise.race([this.activeTracing.shutdown(), givenUp])) === 'given up') {
        this.logger?.warn({ withinMs: LAST_SPANS_WITHIN_MS }, 'the collector did not take the last spans in time');
      }
    } catch (error) {
      this.logger?.warn({ err: error }, 'could not send the last spans');
    } finally {
      clearTimeout(timer);
    }
  }
}
