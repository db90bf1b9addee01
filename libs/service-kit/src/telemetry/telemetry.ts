import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { BaseServiceConfig } from '../config/base-service.config';
import { ServiceMetrics } from './service-metrics';
import { otlpTargetOf, Tracing } from './tracing';

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
   * collector that cannot be reached then costs the spans, not the clean exit.
   */
  async onApplicationShutdown(): Promise<void> {
    try {
      await this.activeTracing?.shutdown();
    } catch (error) {
      this.logger?.warn({ err: error }, 'could not send the last spans');
    }
  }
}
