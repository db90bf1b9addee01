import { bootstrapService } from '@bookinfo/service-kit';
import { AppModule } from './app.module';

void bootstrapService(AppModule, { name: 'details' });
