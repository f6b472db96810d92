import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config.js';

@Global()
@Module({})
export class ConfigModule {
  /** `overrides` lets tests point one app at its own database and queue prefix. */
  static forRoot(overrides: Record<string, string> = {}): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: loadConfig({ ...process.env, ...overrides }) }],
      exports: [AppConfig],
    };
  }
}
