import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs. Passwords, tokens, cookies and speakers' contact details are redacted by path. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'req.headers.cookie',
        'req.headers.authorization',
        '*.phone',
        '*.email',
      ],
      censor: '[redacted]',
    },
  });
}
