/** A minimal structured logger; the Electron shell and browser mode both write to stderr. */
export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export function consoleLogger(prefix = 'scrivania'): Logger {
  const write = (level: string, message: string, detail?: unknown) => {
    const line = `${new Date().toISOString()} ${prefix} ${level} ${message}`;
    if (detail === undefined) console.error(line);
    else console.error(line, detail);
  };
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d),
  };
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
