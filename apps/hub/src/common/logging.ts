import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream, LoggerOptions } from 'pino';
import { redactText, redactValue } from './redact';

const CORRELATION = /^[A-Za-z0-9-]{8,64}$/;
/** Query keys past this many are counted, not listed: the access log line stays bounded. */
const MAX_QUERY_KEYS = 20;

/** The route pattern Fastify matched for a raw request (set in the hub's onRequest hook), for the access log. */
export const requestRoutes = new WeakMap<IncomingMessage, string>();

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

/**
 * The query string with every value replaced (`q=*&access_token=*`): which parameters came is useful, their values
 * (a search for a fødselsnummer, a token, an operator key) never belong in a log.
 */
export function redactedQuery(url: string): string | undefined {
  const at = url.indexOf('?');
  if (at < 0) return undefined;
  const keys = [...new URLSearchParams(url.slice(at + 1)).keys()].map((k) => k.slice(0, 40));
  const shown = keys.slice(0, MAX_QUERY_KEYS).map((k) => `${k}=*`);
  if (keys.length > MAX_QUERY_KEYS) shown.push(`(+${keys.length - MAX_QUERY_KEYS} more)`);
  return shown.join('&');
}

interface SerializedReq {
  id: string;
  method: string;
  url: string;
  raw: IncomingMessage;
}

/** The access log names the route pattern, never the raw URL, whose path holds ids and whose query holds anything. */
export function loggerParams(level: string, destination?: DestinationStream): Params {
  const options = {
    ...pinoOptions(level),
    serializers: {
      req: (req: SerializedReq) => ({
        id: req.id,
        method: req.method,
        route: requestRoutes.get(req.raw) ?? 'unmatched',
        query: redactedQuery(req.url),
      }),
      // pino's own serializer reads the status only once headers are sent, which it checks too early behind Fastify.
      res: (res: { statusCode: number | null; raw: ServerResponse }) => ({ statusCode: res.raw.statusCode }),
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health/live' || req.url === '/metrics' },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
