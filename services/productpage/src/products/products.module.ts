import { Module } from '@nestjs/common';
import { BackendsModule } from '../backends/backends.module';
import { ProductsController } from './products.controller';

@Module({
  imports: [BackendsModule],
  controllers: [ProductsController],
})
export class ProductsModule {}
