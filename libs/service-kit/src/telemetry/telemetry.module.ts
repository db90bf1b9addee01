import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { Telemetry } from './telemetry';

/** `/metrics` and the `Telemetry` of this app instance, for every module (outgoing calls, a service's own metrics). */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Telemetry],
  exports: [Telemetry],
})
export class TelemetryModule {}
