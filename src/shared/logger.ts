/** Where the SDK reports what it skipped or recovered from. Defaults to silence for `debug`. */
export interface Logger {
  debug(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

export const consoleLogger: Logger = {
  debug: () => {},
  warn: (message, details) => console.warn(`[coaching-session-sdk] ${message}`, details ?? ""),
  error: (message, details) => console.error(`[coaching-session-sdk] ${message}`, details ?? ""),
};

export const silentLogger: Logger = { debug: () => {}, warn: () => {}, error: () => {} };
