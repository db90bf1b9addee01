import { Module } from '@nestjs/common';
import { ProbesModule, ServiceConfigModule, TelemetryModule } from '@bookinfo/service-kit';
import { MeshHttpModule } from '@bookinfo/service-kit/http';
import { ReviewsConfig } from './config';
import { HealthController } from './health/health.controller';
import { RatingsClient } from './reviews/ratings.client';
import { ReviewsController } from './reviews/reviews.controller';
import { ReviewsService } from './reviews/reviews.service';

@Module({
  // ratings is inside the mesh: every propagated header goes along, `end-user` included (routing).
  imports: [ServiceConfigModule.forRoot(ReviewsConfig), ProbesModule, TelemetryModule, MeshHttpModule.register()],
  controllers: [ReviewsController, HealthController],
  providers: [ReviewsService, RatingsClient],
})
export class AppModule {}
