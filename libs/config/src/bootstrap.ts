import { ConsoleLogger } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig } from './app-config.js';

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

const LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** One JSON object per log line (Nest's own JSON mode), at the configured level and above. */
export function jsonLogger(level: AppConfig['LOG_LEVEL'] = 'log'): ConsoleLogger {
  return new ConsoleLogger({ json: true, logLevels: [...LEVELS.slice(0, LEVELS.indexOf(level) + 1), 'fatal'] });
}
