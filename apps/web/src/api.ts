import type { ErrorBody } from './types';

/** A refusal from the hub in its one error shape (README, API). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

const MESSAGES: Record<string, string> = {
  invalid: 'Noe i skjemaet er ikke gyldig',
  unauthorized: 'Du er logget ut',
  forbidden: 'Du har ikke lov til dette',
  not_found: 'Finnes ikke, eller du har ikke tilgang',
  conflict: 'Det går ikke akkurat nå',
  too_large: 'For stort',
  rate_limited: 'For mange forespørsler, vent litt',
  unavailable: 'Tjenesten er midlertidig utilgjengelig, prøv igjen om litt',
  busy: 'Tjenesten har mye å gjøre akkurat nå, prøv igjen om litt',
};

/** Norwegian text for an error from the hub or the network. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) {
    const fields = e.body.details?.map((d) => d.field).join(', ');
    return `${MESSAGES[e.body.error] ?? 'Noe gikk galt'}${fields ? ` (${fields})` : ''}`;
  }
  return 'Fikk ikke kontakt med tjenesten. Sjekk nettet og prøv igjen.';
}

/** The hub's REST API with the caller's token; a 401 signs the page out. */
export class Api {
  constructor(
    private readonly token: () => string,
    private readonly onUnauthorized: () => void,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** A multipart POST (file upload); the browser writes the content-type with its boundary. */
  upload<T>(path: string, form: FormData): Promise<T> {
    return this.call<T>('POST', path, form);
  }

  /** A file's bytes, read with the caller's token (a plain link would carry none). */
  async blob(path: string): Promise<Blob> {
    const res = await fetch(path, { headers: { authorization: `Bearer ${this.token()}` }, cache: 'no-store', credentials: 'omit' });
    if (res.ok) return res.blob();
    return this.refuse(res, await res.text());
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token()}`, accept: 'application/json' };
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    const payload = form ? body : body === undefined ? undefined : JSON.stringify(body);
    const res = await fetch(path, { method, headers, body: payload, cache: 'no-store', credentials: 'omit' });
    const text = await res.text();
    if (!res.ok) return this.refuse(res, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  private refuse(res: Response, text: string): never {
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (res.status === 401) this.onUnauthorized();
    throw new ApiError(res.status, isErrorBody(parsed) ? parsed : { error: 'unknown', message: res.statusText });
  }
}

function isErrorBody(v: unknown): v is ErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as ErrorBody).error === 'string';
}

/** An id of 32 hex characters for clientTxnId, state and nonce (crypto.randomUUID needs a secure context). */
export function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
