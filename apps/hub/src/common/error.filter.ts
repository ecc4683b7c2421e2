import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, FieldError, HealthTextFinding, HealthTextRefused, RetryLater } from '@hub/domain';
import type { FastifyReply } from 'fastify';

const STATUS = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  busy: 503,
  health_text: 422,
} as const satisfies Record<ErrorCode, number>;

/** Every error code, for the OpenAPI document's error schema. */
export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];

const FIXED: Record<ErrorCode, string> = {
  invalid: 'Invalid request',
  unauthorized: 'Unauthorized',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  too_large: 'Request too large',
  unsupported_media_type: 'Unsupported content type',
  rate_limited: 'Too many requests',
  unavailable: 'Temporarily unavailable',
  busy: 'Busy',
  health_text: 'Looks like health information',
};

export interface ErrorBody {
  error: ErrorCode | 'internal';
  message: string;
  details?: readonly FieldError[];
  /** health_text only: what looked like health information, as offsets into the author's own fields. */
  findings?: readonly HealthTextFinding[];
  /** health_text only: the body field that confirms the sykmeldt agreed. */
  confirmField?: string;
  /** rate_limited, unavailable, busy: wait this long before sending the same request again (REST also has `retry-after`). */
  retryAfterMs?: number;
}

/** Maps anything thrown to the one error shape; texts never carry values, ids or fødselsnumre. */
export function toErrorBody(e: unknown): { status: number; body: ErrorBody } {
  if (e instanceof DomainError) {
    const body: ErrorBody = { error: e.code, message: e.code === 'not_found' || e.code === 'unauthorized' ? FIXED[e.code] : e.message };
    if (e.details?.length) body.details = e.details;
    if (e instanceof HealthTextRefused) Object.assign(body, { findings: e.findings, confirmField: e.confirmField });
    if (e instanceof RetryLater && e.retryAfterMs !== undefined) body.retryAfterMs = e.retryAfterMs;
    return { status: STATUS[e.code], body };
  }
  const status = statusOf(e);
  if (status !== undefined && (status < 500 || status === 503)) {
    const code = codeForStatus(status);
    return { status: STATUS[code], body: { error: code, message: FIXED[code] } };
  }
  return { status: 500, body: { error: 'internal', message: 'Internal error' } };
}

function statusOf(e: unknown): number | undefined {
  if (e instanceof HttpException) return e.getStatus();
  // Fastify's own errors (body too large, bad JSON, wrong content type) carry a statusCode.
  if (typeof e === 'object' && e !== null && 'statusCode' in e && typeof e.statusCode === 'number') return e.statusCode;
  return undefined;
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
    case 405:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    default:
      return 'invalid';
  }
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const { status, body } = toErrorBody(exception);
    // An outage is logged once where it is noticed (the database circuit), not once per refused request.
    if (body.error === 'internal') this.log.error(exception instanceof Error ? (exception.stack ?? exception.message) : 'non-error thrown');
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (status === 401) reply.header('www-authenticate', 'Bearer');
    if (body.retryAfterMs !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(body.retryAfterMs / 1000))));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
  }
}
