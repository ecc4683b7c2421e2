const FNR = /(?<!\d)\d{11}(?!\d)/g;
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const BEARER = /Bearer\s+\S+/gi;

/** Scrubs anything shaped like a fødselsnummer (11 digits) or a token from a log string. */
export function redactText(s: string): string {
  return s.replace(JWT, '[token]').replace(BEARER, 'Bearer [token]').replace(FNR, '[fnr]');
}

/** Deep copy of a log object with every string scrubbed; keys that hold secrets are dropped whole. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: redactText(value.message), stack: value.stack ? redactText(value.stack) : undefined };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /^(authorization|cookie|set-cookie|token|password)$/i.test(k) ? '[redacted]' : redactValue(v, depth + 1);
  }
  return out;
}
