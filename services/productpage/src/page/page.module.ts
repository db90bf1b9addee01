import { Module } from '@nestjs/common';
import { BackendsModule } from '../backends/backends.module';
import { PageController } from './page.controller';
import { ProductPageService } from './product-page.service';

@Module({
  imports: [BackendsModule],
  controllers: [PageController],
  providers: [ProductPageService],
})
export class PageModule {}
