import { Module } from '@nestjs/common';
import { ProbesModule, ServiceConfigModule, TelemetryModule } from '@bookinfo/service-kit';
import { RatingsConfig } from './config';
import { FaultsModule } from './faults/faults.module';
import { HealthController } from './health/health.controller';
import { RatingsModule } from './ratings/ratings.module';

@Module({
  imports: [ServiceConfigModule.forRoot(RatingsConfig), ProbesModule, TelemetryModule, FaultsModule, RatingsModule],
  controllers: [HealthController],
})
export class AppModule {}
