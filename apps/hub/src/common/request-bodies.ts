import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, NotFound } from '@hub/domain';

/**
 * What a route reads from its body: `json` (every route unless it says otherwise), `text` (JSON carrying long free
 * text: a message, a referat, a dialogmelding), `xml` (raw MsgHead/AppRec bytes, the gateway's inbound route only) or
 * `multipart` (files, streamed: the upload route only).
 */
export type BodyKind = 'json' | 'text' | 'xml' | 'multipart';

declare module 'fastify' {
  interface FastifyContextConfig {
    body?: BodyKind;
  }
}

/** A route whose JSON body carries long free text: up to TEXT_BODY_LIMIT_BYTES instead of BODY_LIMIT_BYTES. */
export const TextBody = () => RouteConfig({ body: 'text' satisfies BodyKind });
/** The one route that takes raw XML documents, up to four times DIALOGMELDING_MAX_BYTES. */
export const XmlBody = () => RouteConfig({ body: 'xml' satisfies BodyKind });
/** A route that streams files as multipart/form-data, up to FILE_MAX_BYTES per file and FILE_MAX_PER_MESSAGE files. */
export const MultipartBody = () => RouteConfig({ body: 'multipart' satisfies BodyKind });

export type BodyLimits = Record<BodyKind, number>;

/**
 * Who may send a body of a kind at all, asked before a byte of it is read: the gateway's XML (up to four times
 * DIALOGMELDING_MAX_BYTES) is buffered only for the key holder, not first for anyone and then refused by the guard.
 */
export type BodyAdmission = Partial<Record<BodyKind, (req: FastifyRequest) => boolean>>;

/** application/xml, text/xml and any +xml type (application/soap+xml, ...). */
const XML_TYPES = /^(application|text)\/([\w.-]+\+)?xml\s*(;|$)/i;
const JSON_TYPE = /^application\/json\s*(;|$)/i;
const MULTIPART_TYPE = /^multipart\/form-data\s*(;|$)/i;
/** Set on the inbound route's body when its content type is not XML: the bytes are never read, the route refuses it. */
const NOT_XML = Symbol('not XML');

/**
 * Bounds every body before a byte of it is buffered: each route gets the limit of its kind (an over-long body is
 * 413 from its content-length, or as soon as the limit is passed), and a body a route does not read is refused at
 * once, 415 in the one error shape, instead of being parsed (XML used to be parsed on every route) and then refused.
 * Must run before the routes are registered.
 */
export function boundRequestBodies(fastify: FastifyInstance, limits: BodyLimits, admit: BodyAdmission = {}): void {
  fastify.addHook('onRoute', (route) => {
    route.bodyLimit = limits[route.config?.body ?? 'json'];
  });
  fastify.addHook('preParsing', async (req, _reply, payload) => {
    const kind = req.routeOptions.config.body ?? 'json';
    // The same 404 the route's own guard answers, so the route still looks absent to whoever lacks its key.
    if (admit[kind] && !admit[kind](req)) throw new NotFound();
    if (kind === 'xml' || !hasBody(req)) return payload;
    const type = req.headers['content-type'] ?? '';
    if (kind === 'multipart' && !MULTIPART_TYPE.test(type))
      throw new DomainError('unsupported_media_type', 'Unsupported content type: send multipart/form-data');
    if (kind !== 'multipart' && !JSON_TYPE.test(type))
      throw new DomainError('unsupported_media_type', 'Unsupported content type: send application/json');
    return payload;
  });
  // MsgHead/AppRec documents come as raw bytes: the codec decodes them itself (BOM, ISO-8859-1, windows-1252), so
  // Fastify must not. Any other type reaching the inbound route is left unread for the route to refuse.
  fastify.addContentTypeParser(XML_TYPES, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', (_req, _payload, done) => done(null, NOT_XML));
}

function hasBody(req: FastifyRequest): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
