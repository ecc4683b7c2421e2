import { FNR_IN_TEXT } from '@hub/domain';

/** Tokens whose digit runs are not fødselsnumre: UUIDs and long hex strings (digests, trace ids) are left whole. */
const HEX_TOKEN =
  /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|(?<![0-9A-Za-z])(?=[0-9]*[A-Fa-f])[0-9A-Fa-f]{16,}(?![0-9A-Za-z])/g;
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const BEARER = /Bearer\s+\S+/gi;

/** Replaces fødselsnummer-shaped digit runs (exactly 11 digits) outside UUIDs and hex tokens. */
export function replaceFnr(s: string, replacement: (fnr: string) => string): string {
  let out = '';
  let at = 0;
  for (const m of s.matchAll(HEX_TOKEN)) {
    out += s.slice(at, m.index).replace(FNR_IN_TEXT, replacement) + m[0];
    at = m.index + m[0].length;
  }
  return out + s.slice(at).replace(FNR_IN_TEXT, replacement);
}

/** Scrubs anything shaped like a fødselsnummer (11 digits) or a token from a log string. */
export function redactText(s: string): string {
  return replaceFnr(s.replace(JWT, '[token]').replace(BEARER, 'Bearer [token]'), () => '[fnr]');
}

/** Deep copy of a log object with every string scrubbed; keys that hold secrets are dropped whole. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error)
    return { type: value.name, message: redactText(value.message), stack: value.stack ? redactText(value.stack) : undefined };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /^(authorization|cookie|set-cookie|token|password)$/i.test(k) ? '[redacted]' : redactValue(v, depth + 1);
  }
  return out;
}
