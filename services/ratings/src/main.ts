import { bootstrapService } from '@bookinfo/service-kit';
import { AppModule } from './app.module';
import { SERVICE_OPTIONS } from './service-options';

void bootstrapService(AppModule, SERVICE_OPTIONS);
