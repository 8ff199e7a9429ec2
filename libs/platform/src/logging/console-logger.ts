import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** The levels each LOG_LEVEL writes: `debug` adds the per-job lines. */
function logLevelsFor(level: AppConfig['LOG_LEVEL']): LogLevel[] {
  return level === 'debug' ? ['error', 'warn', 'log', 'debug', 'verbose'] : ['error', 'warn', 'log'];
}

/** The logger of the API, the worker and the projector, as LOG_FORMAT and LOG_LEVEL say (the CLI writes errors and warnings only). */
export function createConsoleLogger(config: Pick<AppConfig, 'LOG_FORMAT' | 'LOG_LEVEL'>): ConsoleLogger {
  return new ConsoleLogger({ json: config.LOG_FORMAT === 'json', logLevels: logLevelsFor(config.LOG_LEVEL) });
}
