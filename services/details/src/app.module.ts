import { Module } from '@nestjs/common';
import { CREDENTIAL_HEADERS, ProbesModule, ServiceConfigModule } from '@bookinfo/service-kit';
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
    // Google is a third party: the mesh headers go along (tracing), credentials do not (upstream leaks them).
    MeshHttpModule.register({ excludeHeaders: CREDENTIAL_HEADERS }),
  ],
  controllers: [DetailsController, HealthController],
  providers: [DetailsService, BookServiceClient],
})
export class AppModule {}
