import { bootstrapService } from '@bookinfo/service-kit';
import { AppModule } from './app.module';
import { configureProductpage } from './platform';

// Webpack keeps `__dirname` as the dist folder, where views/ and public/ are copied.
void bootstrapService(AppModule, { name: 'productpage', configure: (app) => configureProductpage(app, __dirname) });
