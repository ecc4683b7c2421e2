import type { ArgumentMetadata, ValidationError } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@hub/domain';
import { DomainError } from '@hub/domain';

/** An error names at most this many fields: enough to fix a form, too few to echo a flood of invented keys back. */
export const MAX_ERROR_DETAILS = 20;

function flatten(errors: readonly ValidationError[], prefix = '', into: FieldError[] = []): FieldError[] {
  for (const e of errors) {
    const field = (prefix ? `${prefix}.${e.property}` : e.property) || 'payload';
    for (const constraint of Object.keys(e.constraints ?? {})) into.push({ field, constraint });
    flatten(e.children ?? [], field, into);
  }
  return into;
}

/** Validation failures name the fields and the rules they broke, never the values sent; both lists are capped. */
export function validationError(errors: readonly ValidationError[]): DomainError {
  const details = flatten(errors);
  const fields = [...new Set(details.map((d) => d.field))];
  const named = fields.slice(0, MAX_ERROR_DETAILS).join(', ');
  const more = fields.length > MAX_ERROR_DETAILS ? ` and ${fields.length - MAX_ERROR_DETAILS} more` : '';
  return new DomainError('invalid', `Invalid request: ${named}${more}`, details.slice(0, MAX_ERROR_DETAILS));
}

/**
 * What any one input (a body, a query, a socket payload) may hold before a validator looks at it. No DTO comes near
 * these: its arrays hold at most 20 items, its objects a dozen fields, the deepest is body → array → item → field.
 * Past them class-validator and class-transformer spend time and answer errors in proportion to the input
 * (262,000 empty attachments kept the event loop busy 16 s and answered 179 MB), so the budget refuses first.
 */
export const INPUT_BUDGET = {
  /** Nesting; class-transformer recurses until the stack overflows. */
  depth: 16,
  /** Items in one array. */
  items: 100,
  /** Keys in one object. */
  keys: 50,
  /** Length of one key: longer than any field name, and an unknown key is echoed in the error. */
  keyLength: 64,
  /** Values of any kind in the whole input. */
  nodes: 2_000,
} as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuse(field: string, constraint: string): never {
  throw new DomainError('invalid', `Invalid request: ${field}`, [{ field, constraint }]);
}

/**
 * The input budget and what the DTO validators cannot be trusted with, refused here for REST and sockets alike,
 * naming the field, before any validator runs: more items, keys, values or nesting than `INPUT_BUDGET` allows; keys
 * named like built-in object properties (`__proto__`, `constructor`, `toString`, ...: class-transformer and Nest
 * drop them silently, so forbidNonWhitelisted never sees them); NUL (PostgreSQL text cannot hold it) and lone
 * surrogates (stored as U+FFFD, a silent change). Each check comes before the walk it guards, so a refusal costs
 * at most the budget. `root` names the input as a whole (`body`, `query`, `payload`). Buffers (raw XML) are left
 * to their own parser.
 */
export function assertPlainInput(value: unknown, root = 'body'): void {
  const seen = { nodes: 0 };
  walk(value, '', 0, root, seen);
}

function walk(value: unknown, path: string, depth: number, root: string, seen: { nodes: number }): void {
  const field = path || root;
  if (++seen.nodes > INPUT_BUDGET.nodes) refuse(field, 'maxNodes');
  if (typeof value === 'string') {
    if (value.includes('\u0000')) refuse(field, 'noNulCharacter');
    if (LONE_SURROGATE.test(value)) refuse(field, 'wellFormedUnicode');
    return;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return;
  if (depth >= INPUT_BUDGET.depth) refuse(field, 'maxDepth');
  if (Array.isArray(value)) {
    if (value.length > INPUT_BUDGET.items) refuse(field, 'maxItems');
    for (let i = 0; i < value.length; i++) walk(value[i], path ? `${path}.${i}` : String(i), depth + 1, root, seen);
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > INPUT_BUDGET.keys) refuse(field, 'maxKeys');
  for (const key of keys) {
    if (key.length > INPUT_BUDGET.keyLength) refuse(field, 'maxKeyLength');
    const at = path ? `${path}.${key}` : key;
    if (key in Object.prototype || key === 'prototype') refuse(at, 'whitelistValidation');
    if (LONE_SURROGATE.test(key)) refuse(at, 'wellFormedUnicode');
    walk((value as Record<string, unknown>)[key], at, depth + 1, root, seen);
  }
}

class HubValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    assertPlainInput(value, metadata.type === 'custom' ? 'body' : metadata.type);
    return super.transform(value, metadata);
  }
}

export const validationPipe = new HubValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  exceptionFactory: (errors) => validationError(errors),
});
