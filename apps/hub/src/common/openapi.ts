import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse, ApiSchema } from '@nestjs/swagger';
import type { FieldError, HealthTextFinding } from '@hub/domain';
import { HEALTH_CATEGORIES } from '@hub/domain';
import type { ErrorBody } from './error.filter';
import { ERROR_CODES } from './error.filter';

// The OpenAPI document's response schemas (GET /docs/openapi.json), from which the page's types are generated. The
// classes that carry them describe a view's shape and nothing else: what a view holds is decided in libs/access.

/** A view as it reaches the wire: dates as ISO strings, nothing read-only. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer E)[]
    ? Wire<E>[]
    : T extends object
      ? { -readonly [K in keyof T]: Wire<T[K]> }
      : T;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Same keys (optional ones included) and each side assignable to the other; otherwise a type naming what differs. */
type Describes<S, V, W = Wire<V>> =
  Same<keyof S, keyof W> extends true
    ? Same<S, W> extends true
      ? unknown
      : {
          'schema differs from view in type of': { [K in keyof S & keyof W]: Same<S[K], W[K]> extends true ? never : K }[keyof S & keyof W];
        }
    : { 'schema differs from view in fields': Exclude<keyof S, keyof W> | Exclude<keyof W, keyof S> };

/**
 * Names the class's schema in the document after the view it describes, and fails to compile while the class and
 * the view differ in a field or a type: a field added to a view is added here too, or the build says so.
 */
export function ViewSchema<V>(name: string) {
  return <C extends abstract new () => object>(target: C & Describes<InstanceType<C>, V>): void => {
    ApiSchema({ name })(target);
  };
}

/** Every member of a string union, listed once; a member added to the union and not here does not compile. */
export function enumOf<T extends string>(members: Record<T, true>): T[] {
  return Object.keys(members) as T[];
}

@ViewSchema<FieldError>('FieldError')
class FieldErrorSchema {
  @ApiProperty({ example: 'tekst' }) field!: string;
  @ApiProperty({ example: 'maxLength' }) constraint!: string;
}

@ViewSchema<HealthTextFinding>('HealthTextFinding')
class HealthFindingSchema {
  @ApiProperty() field!: string;
  @ApiProperty({ enum: HEALTH_CATEGORIES }) category!: string;
  @ApiProperty({ description: 'Offset of the first character in the field' }) start!: number;
  @ApiProperty({ description: 'Offset after the last character' }) end!: number;
}

/** The one error shape of every route (STYLE.md §4): fixed texts, no values, no other object's id. */
@ViewSchema<ErrorBody>('ErrorBody')
export class ErrorBodySchema {
  @ApiProperty({ enum: [...ERROR_CODES, 'internal'] }) error!: ErrorBody['error'];
  @ApiProperty({ example: 'Not found' }) message!: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'invalid only: which field broke which rule' })
  details?: FieldErrorSchema[];
  @ApiPropertyOptional({
    type: [HealthFindingSchema],
    description: "health_text only: what looked like health information, as offsets into the author's own fields",
  })
  findings?: HealthFindingSchema[];
  @ApiPropertyOptional({ description: 'health_text only: the body field that confirms the sykmeldt agreed' })
  confirmField?: string;
  @ApiPropertyOptional({ description: 'rate_limited, unavailable and busy: how long to wait before sending the same request again' })
  retryAfterMs?: number;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

const WHEN: Record<ErrorStatus, string> = {
  400: 'invalid: the request broke a rule; `details` names the field and the rule',
  401: 'unauthorized: no valid bearer token',
  403: 'forbidden: the caller may read the target but not do this',
  404: 'not_found: missing, or the caller may not read it (the same answer)',
  409: 'conflict: a move the target’s state does not allow',
  413: 'too_large: the body is over its limit',
  415: 'unsupported_media_type: the body is not of the type the route reads',
  422: 'health_text: open text an arbeidsgiver reads looks like health information; `findings` says where',
  429: 'rate_limited: too many requests; `retry-after` says when to try again',
  503: 'unavailable: the database is away, or busy: the hub could not take the write in time; nothing was done, the same request may be sent again after retryAfterMs',
};

/** What a person's route can always answer: no token (401), too many requests (429), the database away (503). */
export const PERSON_ROUTE: readonly ErrorStatus[] = [401, 429, 503];
/** What a route with a JSON body can answer before it is read: too large (413), not JSON (415), not valid (400). */
export const JSON_BODY: readonly ErrorStatus[] = [400, 413, 415];

/** The error answers a route can give, each in the one error shape. */
export function ApiErrors(...statuses: (ErrorStatus | readonly ErrorStatus[])[]): MethodDecorator & ClassDecorator {
  const all = [...new Set(statuses.flat())].sort();
  return applyDecorators(...all.map((status) => ApiResponse({ status, description: WHEN[status], type: ErrorBodySchema })));
}
