export type ErrorCode = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unsupported_media_type' | 'rate_limited' | 'unavailable';

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

/** Past a rate limit or cap; `retryAfterSeconds`, when known, goes out as `retry-after`. */
export class RateLimited extends DomainError {
  constructor(
    message = 'Too many requests: slow down',
    readonly retryAfterSeconds?: number,
  ) {
    super('rate_limited', message);
  }
}

/** The database is away: nothing was acknowledged, and the same request (the same clientTxnId) may be sent again. */
export class Unavailable extends DomainError {
  constructor(
    message = 'Temporarily unavailable: try again shortly',
    readonly retryAfterSeconds = 1,
  ) {
    super('unavailable', message);
  }
}
