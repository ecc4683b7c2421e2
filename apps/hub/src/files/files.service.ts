import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Multipart } from '@fastify/multipart';
import {
  Actor,
  ALLOWED_FILE_TYPES as ALLOWED,
  Attachment,
  CLASSIFICATIONS,
  Classification,
  cleanFilename,
  defaultFileClassification,
  DomainError,
  Forbidden,
  Invalid,
  judgeFileType,
  NotFound,
  UNKNOWN_FILE_TYPE,
} from '@hub/domain';
import { assertMayWrite, mayReadAttachment, tagged } from '@hub/access';
import { Db, FileRepository, MessageRepository, StoredFile } from '@hub/persistence';
import { AuditService } from '../audit/audit.service';
import { CLOCK, Clock } from '../common/clock';
import { HUB_CONFIG } from '../config/config.module';
import { HubConfig } from '../config/config';
import { ThreadsService } from '../threads/threads.service';
import { ClamdScanner } from './clamd';
import { SNIFF_BYTES, sniffMime } from './sniff';
import { BLOB_STORE, BlobStore } from './storage/blob-store';

/** A file as its uploader sees it right after the upload: reference it by `id` in a message before `expiresAt`. */
export interface UploadedFileView {
  id: string;
  filename: string;
  mimeType: string;
  sizeBytes: number;
  classification: Classification;
  expiresAt: string;
}

export interface FileDownload {
  filename: string;
  mimeType: string;
  sizeBytes: number;
  body: Readable;
}

/** Bytes received and checked, waiting in a temporary file until every part of the request has passed. */
interface Received {
  path: string;
  filename: string;
  mimeType: string;
  sha256: string;
  sizeBytes: number;
  classification: Classification;
  scanned: boolean;
}

/** An inbound vedlegg as the MsgHead carried it. */
export interface InboundVedlegg {
  content: Buffer;
  mimeType?: string;
  description?: string;
}

@Injectable()
export class FilesService {
  private readonly log = new Logger('Files');
  private readonly scanner?: ClamdScanner;

  constructor(
    private readonly db: Db,
    private readonly threads: ThreadsService,
    private readonly audit: AuditService,
    @Inject(BLOB_STORE) private readonly store: BlobStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {
    if (config.files.clamd) this.scanner = new ClamdScanner(config.files.clamd);
  }

  /**
   * Files uploaded to a thread, to be named by the uploader's next message there (`attachments: [{ fileId }]`).
   * Parts are read in order: a `classification` field applies to the files after it (default by the uploader's role).
   * Each file is streamed to a temporary file while hashed, then sniffed, judged and scanned; only when every file
   * of the request passed is anything stored, all in one transaction.
   */
  async upload(actor: Actor, caseId: string, threadId: string, parts: AsyncIterable<Multipart>): Promise<UploadedFileView[]> {
    const { resolved } = await this.threads.readable(actor, caseId, threadId);
    const target = { caseId, threadId, senderId: actor.sub };
    if (!resolved.ability.can('create', tagged('Message', target))) throw new Forbidden();
    const dir = await mkdtemp(join(tmpdir(), 'hub-upload-'));
    try {
      const received: Received[] = [];
      let classification = defaultFileClassification(actor.role);
      for await (const part of parts) {
        if (part.type === 'field') {
          if (part.fieldname !== 'classification')
            throw new Invalid(part.fieldname, 'whitelistValidation', `Unknown field ${safeName(part.fieldname)}`);
          if (!CLASSIFICATIONS.includes(part.value as Classification))
            throw new Invalid('classification', 'isIn', 'classification must be open, health or medical');
          classification = part.value as Classification;
          continue;
        }
        if (part.fieldname !== 'file') throw new Invalid(part.fieldname, 'whitelistValidation', `Files go in parts named file`);
        if (received.length >= this.config.files.maxPerMessage)
          throw new DomainError('too_large', `At most ${this.config.files.maxPerMessage} files at once`, [
            { field: 'file', constraint: 'maxCount' },
          ]);
        assertMayWrite(resolved.ability, 'create', target, {
          attachments: [{ id: '', filename: '', mimeType: '', sizeBytes: 0, classification }],
        });
        const r = await this.receive(dir, received.length, part.file, part.filename, part.mimetype, classification);
        received.push(r);
      }
      if (received.length === 0) throw new Invalid('file', 'isNotEmpty', 'Send at least one part named file');
      const now = this.clock.now();
      const files = await this.storeAll(received, { caseId, threadId, uploadedBy: actor.sub, createdAt: now });
      const expiresAt = new Date(now.getTime() + this.config.files.pendingSeconds * 1000).toISOString();
      return files.map((f) => ({
        id: f.id,
        filename: f.filename,
        mimeType: f.mimeType,
        sizeBytes: f.sizeBytes,
        classification: f.classification,
        expiresAt,
      }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * The file's bytes for a reader who may see it: on a message, when the message view would list it for them; pending,
   * only to its uploader. Anyone else, like a missing id, gets NotFound. Every download is an audit row.
   */
  async download(actor: Actor, caseId: string, threadId: string, fileId: string): Promise<FileDownload> {
    const { resolved } = await this.threads.readable(actor, caseId, threadId);
    const file = await new FileRepository(this.db).find(caseId, threadId, fileId);
    let visible = false;
    if (file?.messageId !== undefined) {
      const message = await new MessageRepository(this.db).find(caseId, file.messageId);
      visible =
        message !== undefined &&
        message.threadId === threadId &&
        mayReadAttachment(resolved.ability, actor.role, message, fileId) !== undefined;
    } else if (file) {
      visible = file.uploadedBy === actor.sub;
    }
    const body = file && visible ? await this.store.open(file.sha256) : undefined;
    if (!file || !body) {
      await this.audit.deny(actor, { caseId, subjectType: 'File', subjectIds: [fileId], action: 'download' });
      throw new NotFound();
    }
    await this.audit.permit(actor, { caseId, subjectType: 'File', subjectIds: [file.id], action: 'download' });
    return { filename: file.filename, mimeType: file.mimeType, sizeBytes: file.sizeBytes, body };
  }

  /**
   * An inbound dialogmelding's vedlegg, stored as pending files of the thread its message goes to (the message's own
   * write links them), classified medical. Their type is sniffed too; one of no allowed type is kept as an opaque
   * download. Returns the attachments for the message, or the signature of a vedlegg the scanner found infected.
   */
  async storeInbound(
    caseId: string,
    threadId: string,
    uploadedBy: string,
    vedlegg: readonly InboundVedlegg[],
  ): Promise<{ attachments: Attachment[] } | { infected: string }> {
    if (vedlegg.length === 0) return { attachments: [] };
    const dir = await mkdtemp(join(tmpdir(), 'hub-vedlegg-'));
    try {
      const received: Received[] = [];
      for (const [i, v] of vedlegg.entries()) {
        const path = join(dir, String(i));
        const fh = await open(path, 'w');
        await fh.writeFile(v.content);
        await fh.close();
        const sniffed = await sniffMime(v.content.subarray(0, SNIFF_BYTES));
        const scan = this.scanner ? await this.scanOrBusy(path) : undefined;
        if (scan && !scan.clean) return { infected: scan.signature };
        received.push({
          path,
          filename: cleanFilename(v.description, `vedlegg-${i + 1}`),
          mimeType: sniffed !== undefined && isAllowed(sniffed) ? sniffed : UNKNOWN_FILE_TYPE,
          sha256: createHash('sha256').update(v.content).digest('hex'),
          sizeBytes: v.content.length,
          classification: 'medical',
          scanned: scan !== undefined,
        });
      }
      const files = await this.storeAll(received, { caseId, threadId, uploadedBy, createdAt: this.clock.now() });
      return {
        attachments: files.map((f) => ({
          id: f.id,
          filename: f.filename,
          mimeType: f.mimeType,
          sizeBytes: f.sizeBytes,
          classification: f.classification,
        })),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** A message's files with their bytes, for the MsgHead export (which carries them base64, whole, by its nature). */
  async contentOf(messageId: string): Promise<{ mimeType: string; description: string; content: Buffer }[]> {
    const out: { mimeType: string; description: string; content: Buffer }[] = [];
    for (const f of await new FileRepository(this.db).ofMessage(messageId)) {
      const body = await this.store.open(f.sha256);
      if (!body) continue;
      const parts: Buffer[] = [];
      for await (const chunk of body) parts.push(chunk as Buffer);
      out.push({ mimeType: f.mimeType, description: f.filename, content: Buffer.concat(parts) });
    }
    return out;
  }

  /** Stores the received files' bytes and their rows in one transaction; returns the rows. */
  private async storeAll(
    received: readonly Received[],
    owner: Pick<StoredFile, 'caseId' | 'threadId' | 'uploadedBy' | 'createdAt'>,
  ): Promise<StoredFile[]> {
    const files = received.map((r): StoredFile => ({
      id: randomUUID(),
      ...owner,
      sha256: r.sha256,
      filename: r.filename,
      mimeType: r.mimeType,
      sizeBytes: r.sizeBytes,
      classification: r.classification,
      scanned: r.scanned,
    }));
    await this.db.transaction(async (tx) => {
      for (const r of received) await this.store.put(tx, r.sha256, r.sizeBytes, r.path);
      await new FileRepository(tx).insert(files);
    });
    return files;
  }

  /** Streams one part to disk (hashing and counting as it goes), then judges its type and has it scanned. */
  private async receive(
    dir: string,
    n: number,
    stream: Readable & { truncated?: boolean },
    name: string,
    claimed: string,
    classification: Classification,
  ): Promise<Received> {
    const path = join(dir, String(n));
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        done(null, chunk);
      },
    });
    await pipeline(stream, tap, createWriteStream(path));
    if (stream.truncated) throw tooLarge(this.config.files.maxBytes);
    if (size === 0) throw new Invalid('file', 'isNotEmpty', 'The file is empty');
    const filename = cleanFilename(name, `vedlegg-${n + 1}`);
    const verdict = judgeFileType(await sniffMime(head), filename, claimed);
    if (!verdict.ok) {
      throw new Invalid(
        'file',
        verdict.reason,
        verdict.reason === 'typeMismatch'
          ? "The file's content is not of the type its name or content-type claims"
          : `The file's content is not an allowed type (${Object.keys(ALLOWED).join(', ')})`,
      );
    }
    let scanned = false;
    if (this.scanner) {
      const scan = await this.scanOrBusy(path);
      if (!scan.clean) {
        this.log.warn(`Upload refused: the scanner found ${scan.signature}`);
        throw new Invalid('file', 'infected', 'The virus scanner refused the file');
      }
      scanned = true;
    }
    return { path, filename, mimeType: verdict.mimeType, sha256: hash.digest('hex'), sizeBytes: size, classification, scanned };
  }

  private async scanOrBusy(path: string) {
    try {
      return await this.scanner!.scanFile(path);
    } catch (e) {
      // Fail closed: a file nobody could scan is not stored.
      this.log.error(`The virus scanner could not be reached: ${e instanceof Error ? e.message : String(e)}`);
      throw new DomainError('unavailable', 'The virus scanner is unavailable; try again later');
    }
  }
}

function isAllowed(mime: string): boolean {
  return mime in ALLOWED;
}

function tooLarge(max: number): DomainError {
  return new DomainError('too_large', `A file may be at most ${max} bytes`, [{ field: 'file', constraint: 'maxSize' }]);
}

/** Field names echoed in an error are the client's own input: only a short, plain one is named. */
function safeName(name: string): string {
  return /^[\w.-]{1,40}$/.test(name) ? name : 'field';
}
