import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { ratingsRepositoryProvider } from './ratings-repository.provider';
import { RatingsController } from './ratings.controller';
import { RatingsService } from './ratings.service';

@Module({
  imports: [FaultsModule],
  controllers: [RatingsController],
  providers: [RatingsService, ratingsRepositoryProvider],
})
export class RatingsModule {}
