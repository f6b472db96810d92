import { FlatJsonLogger } from '@app/observability';
import { type AppConfig, ConfigError, loadConfig } from './app-config.js';

/** For a process entry point: a bad setting prints what is wrong and exits 1 before anything starts. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}

/** One flat JSON object per log line, at the configured level and above (fields: libs/observability/src/json-logger.ts). */
export function jsonLogger(level: AppConfig['LOG_LEVEL'] = 'log'): FlatJsonLogger {
  return new FlatJsonLogger(level);
}
