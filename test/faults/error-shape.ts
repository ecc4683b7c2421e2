/** The one error shape's codes and the HTTP status each goes with (README, API). */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  health_text: 422,
};

/** health_text (issue 19) adds the author's findings and the name of the confirmation field. */
const HEALTH_TEXT_KEYS = ['findings', 'confirmField'];
/** A refusal that asks for a later retry says when, in milliseconds. */
const RETRY_LATER = ['rate_limited', 'unavailable', 'busy'];

/**
 * What is wrong with an error body, or undefined when it is `{error, message, details?}` with a known 4xx code (and,
 * given a status, the code that status stands for). Used for REST bodies and socket acks alike.
 */
export function errorShapeProblem(body: unknown, status?: number): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `not an object: ${preview(body)}`;
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).filter(
    (k) =>
      k !== 'error' &&
      k !== 'message' &&
      k !== 'details' &&
      !(b.error === 'health_text' && HEALTH_TEXT_KEYS.includes(k)) &&
      !(RETRY_LATER.includes(b.error as string) && k === 'retryAfterMs' && typeof b[k] === 'number'),
  );
  if (extra.length > 0) return `unexpected keys ${extra.join(', ')}: ${preview(body)}`;
  if (typeof b.error !== 'string' || !(b.error in ERROR_STATUS)) return `error is not a 4xx code: ${preview(body)}`;
  if (status !== undefined && ERROR_STATUS[b.error] !== status) return `error ${b.error} with status ${status}`;
  if (typeof b.message !== 'string' || b.message === '') return `no message: ${preview(body)}`;
  if (b.details !== undefined) {
    const ok =
      Array.isArray(b.details) &&
      b.details.every((d) => typeof d === 'object' && d !== null && typeof d.field === 'string' && typeof d.constraint === 'string');
    if (!ok) return `malformed details: ${preview(body)}`;
  }
  return undefined;
}

export function preview(value: unknown, max = 300): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
