import { Global, Module, type DynamicModule } from '@nestjs/common';
import { Clock, SYSTEM_CLOCK } from '@app/domain';
import { AppConfig, loadConfig } from './app-config.js';

/** What a process runs in: its validated settings and its clock. */
@Global()
@Module({})
export class ConfigModule {
  /** `overrides` lets tests point one app at its own database and queue prefix; the demo seed brings a clock of its own. */
  static forRoot(overrides: Record<string, string> = {}, clock: Clock = SYSTEM_CLOCK): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: loadConfig({ ...process.env, ...overrides }) },
        { provide: Clock, useValue: clock },
      ],
      exports: [AppConfig, Clock],
    };
  }
}
