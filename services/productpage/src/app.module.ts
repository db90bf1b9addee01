import { Module } from '@nestjs/common';
import { ProbesModule, ServiceConfigModule, TelemetryModule } from '@bookinfo/service-kit';
import { ProductpageConfig } from './config';
import { HealthController } from './health/health.controller';
import { MetricsModule } from './metrics/metrics.module';
import { PageModule } from './page/page.module';
import { ProductsModule } from './products/products.module';
import { SessionModule } from './session/session.module';

@Module({
  imports: [
    ServiceConfigModule.forRoot(ProductpageConfig),
    ProbesModule,
    TelemetryModule,
    MetricsModule,
    SessionModule,
    PageModule,
    ProductsModule,
  ],
  controllers: [HealthController],
})
export class AppModule {}
