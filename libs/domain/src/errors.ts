export type ErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable'
  | 'busy'
  | 'health_text';

export interface FieldError {
  field: string;
  constraint: string;
}

/** The one error type domain rules and services throw; the hub maps `code` to a status in one place. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: readonly FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Missing and forbidden look the same, so ids cannot be probed (ARCHITECTURE guarantee 2). */
export class NotFound extends DomainError {
  constructor() {
    super('not_found', 'Not found');
  }
}

export class Conflict extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

export class Invalid extends DomainError {
  constructor(field: string, constraint: string, message = `Invalid value for ${field}`) {
    super('invalid', message, [{ field, constraint }]);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'Not allowed') {
    super('forbidden', message);
  }
}

/** A refusal that says when the same request may be sent again: `retryAfterMs` goes out in the body and as `retry-after`. */
export abstract class RetryLater extends DomainError {
  constructor(
    code: 'rate_limited' | 'unavailable' | 'busy',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(code, message);
  }
}

/** Past a rate limit or cap. */
export class RateLimited extends RetryLater {
  constructor(message = 'Too many requests: slow down', retryAfterMs?: number) {
    super('rate_limited', message, retryAfterMs);
  }
}

/** The database is away: nothing was acknowledged, and the same request (the same clientTxnId) may be sent again. */
export class Unavailable extends RetryLater {
  constructor(message = 'Temporarily unavailable: try again shortly', retryAfterMs = 1000) {
    super('unavailable', message, retryAfterMs);
  }
}

/**
 * The hub could not write in time (past its capacity, or the database is stalled): the send was taken out of the queue
 * and will never be stored, so the same request (the same clientTxnId) may be sent again after `retryAfterMs`.
 */
export class Busy extends RetryLater {
  constructor(retryAfterMs: number, message = 'Busy: not stored, send again later') {
    super('busy', message, retryAfterMs);
  }
}

/** Where in which field of the author's own text something looks like health information (issue 19). */
export interface HealthTextFinding {
  field: string;
  category: string;
  start: number;
  end: number;
}

/**
 * Open text bound for an arbeidsgiver that looks like health information: refused until the author moves it to the
 * right field or sends again confirming that the sykmeldt agreed. The spans point into the author's own text and go
 * back only to the author; the text itself is never repeated.
 */
export class HealthTextRefused extends DomainError {
  constructor(
    readonly findings: readonly HealthTextFinding[],
    readonly confirmField: string,
  ) {
    super(
      'health_text',
      `This text looks like health information and the arbeidsgiver would read it. Move it to a field the arbeidsgiver does not read, or send again with ${confirmField}: true when the sykmeldt has agreed`,
    );
  }
}
