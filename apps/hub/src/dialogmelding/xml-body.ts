/** True when the bytes start (after a BOM and whitespace) with `<`: anything else is not XML at all. */
export function looksLikeXml(body: Buffer): boolean {
  let i = 0;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) i = 3;
  else if ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff)) i = 2;
  // UTF-16 puts a zero byte beside each ASCII one; whitespace and zeros are skipped alike.
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x09 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x00)) i++;
  return body[i] === 0x3c;
}
