import type { FastifyInstance } from 'fastify';

/** application/xml, text/xml and any +xml type (application/soap+xml, ...). */
const XML_TYPES = /^(application|text)\/([\w.-]+\+)?xml\s*(;|$)/i;

/**
 * MsgHead and AppRec documents arrive as raw bytes: the codec decodes them itself (BOM, ISO-8859-1, windows-1252),
 * so Fastify must not. `bodyLimit` bounds what is buffered at all; the codec has its own, smaller limit below which a
 * document is read and above which it gets an AppRec avvist.
 */
export function acceptXmlBodies(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser(XML_TYPES, { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
}

/** True when the bytes start (after a BOM and whitespace) with `<`: anything else is not XML at all. */
export function looksLikeXml(body: Buffer): boolean {
  let i = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) i = 3;
  else if ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff)) i = 2;
  // UTF-16 puts a zero byte beside each ASCII one; whitespace and zeros are skipped alike.
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x09 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x00)) i++;
  return body[i] === 0x3c;
}
