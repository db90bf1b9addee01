import { Module } from '@nestjs/common';
import { ProbesModule, ServiceConfigModule, TelemetryModule } from '@bookinfo/service-kit';
import { MeshHttpModule } from '@bookinfo/service-kit/http';
import { DetailsConfig } from './config';
import { BookServiceClient } from './details/book-service.client';
import { DetailsController } from './details/details.controller';
import { DetailsService } from './details/details.service';
import { HealthController } from './health/health.controller';

@Module({
  imports: [
    ServiceConfigModule.forRoot(DetailsConfig),
    ProbesModule,
    TelemetryModule,
    // Google is a third party: none of the propagated headers go there (upstream leaks them all,
    // credentials and the signed-in user's name included).
    MeshHttpModule.register({ propagateHeaders: false }),
  ],
  controllers: [DetailsController, HealthController],
  providers: [DetailsService, BookServiceClient],
})
export class AppModule {}
