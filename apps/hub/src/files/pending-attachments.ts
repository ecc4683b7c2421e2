import type { Attachment } from '@hub/domain';
import { DomainError, Invalid } from '@hub/domain';
import type { Queryable } from '@hub/persistence';
import { FileRepository } from '@hub/persistence';
import type { HubConfig } from '../config/config';

export const PENDING_UPLOAD_MESSAGE = 'attachments must name files you uploaded to this thread and have not attached yet';

/** Who names the files, where, and when. */
export interface AttachmentSender {
  senderId: string;
  caseId: string;
  threadId: string;
  now: Date;
}

/**
 * The sender's own uploads to this thread that no message has named and that have not expired, as a message's
 * attachments; anything else is refused naming the field, before anything is written. One rule for a message and
 * for a dialogmelding sent from inside the hub, so both accept exactly the same files. The messages trigger
 * re-checks the link in the write's own transaction.
 */
export async function pendingAttachments(
  db: Queryable,
  limits: HubConfig['files'],
  s: AttachmentSender,
  ids: readonly string[],
): Promise<Attachment[]> {
  if (ids.length > limits.maxPerMessage) {
    throw new DomainError('too_large', `At most ${limits.maxPerMessage} files per message`, [
      { field: 'attachments', constraint: 'maxCount' },
    ]);
  }
  if (new Set(ids).size !== ids.length) throw new Invalid('attachments', 'unique', 'A file is attached once');
  const oldest = s.now.getTime() - limits.pendingSeconds * 1000;
  const files = new Map((await new FileRepository(db).findMany(ids)).map((f) => [f.id, f]));
  return ids.map((id) => {
    const f = files.get(id);
    if (
      !f ||
      f.caseId !== s.caseId ||
      f.threadId !== s.threadId ||
      f.uploadedBy !== s.senderId ||
      f.messageId !== undefined ||
      f.createdAt.getTime() < oldest
    ) {
      throw new Invalid('attachments', 'pendingUpload', PENDING_UPLOAD_MESSAGE);
    }
    return { id: f.id, filename: f.filename, mimeType: f.mimeType, sizeBytes: f.sizeBytes, classification: f.classification };
  });
}
