import { Module } from '@nestjs/common';
import { MetricsService } from './metrics.service';

/** productpage's own metric; `/metrics` itself, with the kit's request and call metrics, comes from TelemetryModule. */
@Module({
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
