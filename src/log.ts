import { pino } from 'pino';
import type { LogLevel } from './config.js';
import type { Logger } from './ports/logger.js';

/** Structured JSON logs on stdout (pino), at the configured level. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'accolade' } });
}
