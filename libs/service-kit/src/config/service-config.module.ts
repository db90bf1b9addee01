import { type DynamicModule, Module } from '@nestjs/common';
import { BaseServiceConfig } from './base-service.config';
import { loadConfig } from './load-config';

/**
 * Provides the service's validated configuration class for injection everywhere (it is global), and
 * the same instance as `BaseServiceConfig` for the shared pieces. Validation runs while the app is
 * created, so a bad value stops the process before it listens.
 */
@Module({})
export class ServiceConfigModule {
  static forRoot<T extends BaseServiceConfig>(
    configClass: new () => T,
    env: Record<string, string | undefined> = process.env,
  ): DynamicModule {
    return {
      module: ServiceConfigModule,
      global: true,
      providers: [
        { provide: configClass, useFactory: () => loadConfig(configClass, env) },
        { provide: BaseServiceConfig, useExisting: configClass },
      ],
      exports: [configClass, BaseServiceConfig],
    };
  }
}
