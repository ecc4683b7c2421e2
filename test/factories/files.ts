import type { Actor } from '@hub/domain';
import type { TestHub } from '../support/hub';
import type { FourPartyCase } from './make';

/** A small PDF whose bytes carry `marker` (a canary the masking suite looks for everywhere). */
export function pdfBytes(marker = 'innhold'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Title (${marker}) >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

export function pngBytes(marker = 'bilde'): Buffer {
  const ihdr = Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex');
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), ihdr, Buffer.from(marker, 'latin1')]);
}

export function htmlBytes(): Buffer {
  return Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
}

export interface UploadPart {
  name: string;
  bytes: Buffer;
  contentType?: string;
}

/** POST …/files as multipart/form-data; the classification field, when given, comes first. */
export function upload(hub: TestHub, c: FourPartyCase, threadId: string, by: Actor, files: UploadPart[], classification?: string) {
  const req = hub.as(by).post(`/cases/${c.id}/threads/${threadId}/files`);
  if (classification !== undefined) req.field('classification', classification);
  for (const f of files) req.attach('file', f.bytes, { filename: f.name, contentType: f.contentType ?? 'application/octet-stream' });
  return req;
}

/** Uploads one file and returns its id. */
export async function uploaded(
  hub: TestHub,
  c: FourPartyCase,
  threadId: string,
  by: Actor,
  file: UploadPart,
  classification?: string,
): Promise<string> {
  const res = await upload(hub, c, threadId, by, [file], classification).expect(201);
  return (res.body as { id: string }[])[0].id;
}

export function download(hub: TestHub, c: FourPartyCase, threadId: string, by: Actor, fileId: string) {
  return hub
    .as(by)
    .get(`/cases/${c.id}/threads/${threadId}/files/${fileId}`)
    .buffer(true)
    .parse((res, done) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () => done(null, Buffer.concat(parts)));
    });
}
