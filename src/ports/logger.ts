/** The slice of a structured logger the core uses; pino satisfies it. */
export interface Logger {
  info(object: object, message?: string): void;
  info(message: string): void;
  warn(object: object, message?: string): void;
  warn(message: string): void;
  error(object: object, message?: string): void;
  error(message: string): void;
  debug(object: object, message?: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};
