import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';
import { redactText, redactValue } from './redact';

const CORRELATION = /^[A-Za-z0-9-]{8,64}$/;

/** pino options shared by the HTTP logger and the start-up logger: every line passes through redaction. */
export function pinoOptions(level: string): LoggerOptions {
  return {
    level,
    formatters: { log: (obj) => redactValue(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
      },
    },
  };
}

/** A caller's correlation id is kept when it is plain; otherwise we make one. Fastify stores it as the request id. */
export function correlationId(req: IncomingMessage): string {
  const given = req.headers['x-correlation-id'];
  return typeof given === 'string' && CORRELATION.test(given) ? given : randomUUID();
}

export function loggerParams(level: string): Params {
  return {
    pinoHttp: {
      ...pinoOptions(level),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics' },
    },
  };
}
