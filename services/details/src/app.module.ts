import { Module } from '@nestjs/common';
import { ProbesModule, ServiceConfigModule } from '@bookinfo/service-kit';
import { DetailsConfig } from './config';
import { DetailsController } from './details/details.controller';
import { DetailsService } from './details/details.service';
import { HealthController } from './health/health.controller';

@Module({
  imports: [ServiceConfigModule.forRoot(DetailsConfig), ProbesModule],
  controllers: [DetailsController, HealthController],
  providers: [DetailsService],
})
export class AppModule {}
