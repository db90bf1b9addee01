import { Module } from '@nestjs/common';
import { MeshHttpModule } from '@bookinfo/service-kit/http';
import { ProductpageConfig } from '../config';
import { MetricsModule } from '../metrics/metrics.module';
import { BackendCaller } from './backend-caller';
import { DetailsClient } from './details.client';
import { RatingsClient } from './ratings.client';
import { ReviewsClient } from './reviews.client';

/** One client per backend; each owns its URL, deadline, tries and fallback body. */
@Module({
  imports: [
    MetricsModule,
    MeshHttpModule.registerAsync({
      inject: [ProductpageConfig],
      useFactory: (config: ProductpageConfig) => ({ keepAlive: config.HTTP_KEEP_ALIVE }),
    }),
  ],
  providers: [BackendCaller, DetailsClient, ReviewsClient, RatingsClient],
  exports: [DetailsClient, ReviewsClient, RatingsClient],
})
export class BackendsModule {}
