import type { Attachment, Diagnose, Message, MessageContentField, MessageEdit, MessageVersion, Role, Seat } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date, optDate, optStr } from '../db';

export interface WriteInput {
  message: Message;
  channel: string;
  /** The sender's NAV-enhet from the token: a veileder of the case's enhet holds the veileder seat without a relation. */
  senderEnhet?: string;
}

export type WriteOutcome = { outcome: 'created' | 'repeated'; id: string; seq: number } | { outcome: 'denied' };

const toMessage = (r: Row): Message => ({
  id: String(r.id),
  caseId: String(r.case_id),
  threadId: String(r.thread_id),
  seq: Number(r.seq),
  senderId: String(r.sender_id),
  senderRole: r.sender_role as Role,
  senderSeat: r.sender_seat as Seat,
  clientTxnId: String(r.client_txn_id),
  tekst: String(r.tekst),
  funksjonsevne: optStr(r.funksjonsevne),
  diagnose: (r.diagnose as Diagnose[] | null) ?? undefined,
  medisinskVurdering: optStr(r.medisinsk_vurdering),
  attachments: (r.attachments as Attachment[] | null) ?? [],
  version: Number(r.version),
  sentAt: date(r.sent_at),
  editedAt: optDate(r.edited_at),
  redactedAt: optDate(r.redacted_at),
  ...(r.edits
    ? {
        edits: (r.edits as { version: number; at: string; changed: MessageContentField[] }[]).map((e): MessageEdit => ({
          version: e.version,
          at: new Date(e.at),
          changed: e.changed,
        })),
      }
    : {}),
});

const COLUMNS = `id, case_id, thread_id, seq, sender_id, sender_role, sender_seat, client_txn_id, tekst, funksjonsevne, diagnose,
  medisinsk_vurdering, attachments, version, sent_at, edited_at, redacted_at, edits`;

const M_COLUMNS = COLUMNS.split(',')
  .map((c) => `m.${c.trim()}`)
  .join(', ');

/** Which search vectors a query may touch; built from the audience's permitted fields, never from the query text. */
export interface SearchScope {
  open: boolean;
  funksjonsevne: boolean;
  medical: boolean;
}

/** A thread to search and the vectors its reader's audience may touch there. */
export interface ScopedThread {
  threadId: string;
  scope: SearchScope;
  rank: number;
}

export type PageOrder = 'asc' | 'desc';

/**
 * The search box's text without the characters that could break out of a quoted lexeme (quotes, backslashes) or carry
 * no meaning (controls); dots, hyphens and the like stay, as codes such as "M54.5" need them. Empty when nothing
 * searchable is left.
 */
export function searchText(query: string): string {
  const text = query
    .replace(/['"\\\p{C}]/gu, ' ')
    .slice(0, 200)
    .trim();
  return /[\p{L}\p{N}]/u.test(text) ? text : '';
}

/** The key of the advisory lock that lets one search indexer run at a time (any constant the nodes agree on). */
const SEARCH_INDEXER_LOCK = 7_320_452;

export class MessageRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts messages and their first versions in one statement each (a filed dialogmelding's message; sends go through writeBatch). */
  async insertMany(messages: readonly Message[]): Promise<void> {
    if (messages.length === 0) return;
    const cols = [
      'id',
      'case_id',
      'thread_id',
      'seq',
      'sender_id',
      'sender_role',
      'sender_seat',
      'client_txn_id',
      'tekst',
      'funksjonsevne',
      'diagnose',
      'medisinsk_vurdering',
      'attachments',
      'version',
      'sent_at',
    ];
    const params: unknown[] = [];
    const tuples = messages.map((m) => {
      const base = params.length;
      params.push(
        m.id,
        m.caseId,
        m.threadId,
        m.seq,
        m.senderId,
        m.senderRole,
        m.senderSeat,
        m.clientTxnId,
        m.tekst,
        m.funksjonsevne ?? null,
        m.diagnose ? JSON.stringify(m.diagnose) : null,
        m.medisinskVurdering ?? null,
        JSON.stringify(m.attachments),
        m.version,
        m.sentAt,
      );
      return `(${cols.map((_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    // No version row: version 1 is the message as sent, until an edit writes it (MessagesService.edit).
    await this.db.query(`INSERT INTO messages (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }

  async insertVersions(versions: readonly MessageVersion[]): Promise<void> {
    if (versions.length === 0) return;
    const params: unknown[] = [];
    const tuples = versions.map((v) => {
      const b = params.length;
      params.push(
        v.messageId,
        v.version,
        v.tekst,
        v.funksjonsevne ?? null,
        v.diagnose ? JSON.stringify(v.diagnose) : null,
        v.medisinskVurdering ?? null,
        JSON.stringify(v.attachments),
        v.createdAt,
      );
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
    });
    await this.db.query(
      `INSERT INTO message_versions (message_id, version, tekst, funksjonsevne, diagnose, medisinsk_vurdering, attachments, created_at) VALUES ${tuples.join(', ')}
       ON CONFLICT (message_id, version) DO NOTHING`,
      params,
    );
  }

  /**
   * The group commit in one round trip (the `hub_write_messages` function): stores the new messages of the batch with
   * their events, versions and audit rows, and tells for each position the stored id and seq and the outcome. A
   * message whose sender no longer holds its seat in the thread (relation ended, seat removed) is 'denied', unwritten.
   */
  async writeBatch(batch: readonly WriteInput[]): Promise<WriteOutcome[]> {
    const col = <T>(f: (w: WriteInput) => T) => batch.map(f);
    const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
    // One array per column, one named prepared statement: the function's call is parsed and planned once per connection.
    const rows = await this.db.query<{ ord: number; id: string | null; seq: string | null; outcome: WriteOutcome['outcome'] }>(
      `SELECT * FROM hub_write_messages($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                                        $10::text[], $11::jsonb[], $12::text[], $13::jsonb[], $14::timestamptz[], $15::text[])`,
      [
        col((w) => w.message.id),
        col((w) => w.message.caseId),
        col((w) => w.message.threadId),
        col((w) => w.message.senderId),
        col((w) => w.message.senderRole),
        col((w) => w.message.senderSeat),
        col((w) => w.senderEnhet ?? null),
        col((w) => w.message.clientTxnId),
        col((w) => w.message.tekst),
        col((w) => w.message.funksjonsevne ?? null),
        col((w) => json(w.message.diagnose)),
        col((w) => w.message.medisinskVurdering ?? null),
        col((w) => json(w.message.attachments)),
        col((w) => w.message.sentAt),
        col((w) => w.channel),
      ],
      'hub_write_messages',
    );
    return rows.map((r) => (r.outcome === 'denied' ? { outcome: 'denied' } : { outcome: r.outcome, id: r.id!, seq: Number(r.seq) }));
  }

  /** Messages already stored under these (sender, clientTxnId) pairs: the idempotency look-up. */
  async findByClientTxn(pairs: readonly { senderId: string; clientTxnId: string }[]): Promise<Message[]> {
    if (pairs.length === 0) return [];
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM messages WHERE (sender_id, client_txn_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [pairs.map((p) => p.senderId), pairs.map((p) => p.clientTxnId)],
    );
    return rows.map(toMessage);
  }

  async find(caseId: string, id: string): Promise<Message | undefined> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM messages WHERE case_id = $1 AND id = $2`, [caseId, id]);
    return rows[0] ? toMessage(rows[0]) : undefined;
  }

  async findMany(ids: readonly string[]): Promise<Message[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM messages WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map(toMessage);
  }

  /** A page of a thread in seq order, starting after (asc) or before (desc) the cursor. */
  async page(threadId: string, order: PageOrder, cursor: number | undefined, limit: number): Promise<Message[]> {
    const cmp = order === 'asc' ? '>' : '<';
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM messages WHERE thread_id = $1 ${cursor === undefined ? '' : `AND seq ${cmp} $3`} ORDER BY seq ${order} LIMIT $2`,
      cursor === undefined ? [threadId, limit] : [threadId, limit, cursor],
    );
    return rows.map(toMessage);
  }

  async update(m: Message): Promise<void> {
    await this.db.query(
      `UPDATE messages SET tekst = $2, funksjonsevne = $3, diagnose = $4, medisinsk_vurdering = $5, attachments = $6, version = $7, edited_at = $8, redacted_at = $9, edits = $10 WHERE id = $1`,
      [
        m.id,
        m.tekst,
        m.funksjonsevne ?? null,
        m.diagnose ? JSON.stringify(m.diagnose) : null,
        m.medisinskVurdering ?? null,
        JSON.stringify(m.attachments),
        m.version,
        m.editedAt ?? null,
        m.redactedAt ?? null,
        m.edits ? JSON.stringify(m.edits) : null,
      ],
    );
  }

  async versions(messageId: string): Promise<MessageVersion[]> {
    const rows = await this.db.query<Row>(`SELECT * FROM message_versions WHERE message_id = $1 ORDER BY version`, [messageId]);
    return rows.map((r) => ({
      messageId: String(r.message_id),
      version: Number(r.version),
      tekst: String(r.tekst),
      funksjonsevne: optStr(r.funksjonsevne),
      diagnose: (r.diagnose as Diagnose[] | null) ?? undefined,
      medisinskVurdering: optStr(r.medisinsk_vurdering),
      attachments: (r.attachments as Attachment[] | null) ?? [],
      createdAt: date(r.created_at),
    }));
  }

  /** A retraction removes every earlier version's content too. */
  async deleteVersions(messageId: string): Promise<void> {
    await this.db.query(`DELETE FROM message_versions WHERE message_id = $1`, [messageId]);
  }

  /**
   * Indexes up to 200 queued write statements' messages (their vectors from the message as it is now) and takes them
   * off the queue, in one statement. Must run inside a transaction (`Db.transaction`): one indexer at a time across
   * nodes, by an advisory lock held to the commit, taken in a statement of its own so that the claim's snapshot sees
   * what the previous holder took. Queue rows are not locked one by one (FOR UPDATE SKIP LOCKED wrote a WAL record per
   * row, one per write statement); a second indexer waits for the first instead of skipping its rows, so a search's
   * catch-up finds every message queued before it. Messages deleted since are left out.
   */
  async indexQueued(): Promise<{ claimed: number; messages: number }> {
    await this.db.query(`SELECT pg_advisory_xact_lock($1)`, [SEARCH_INDEXER_LOCK]);
    const rows = await this.db.query<{ claimed: string; messages: string }>(
      `WITH claimed AS (
         DELETE FROM search_queue WHERE ctid = ANY (ARRAY(SELECT ctid FROM search_queue LIMIT 200))
         RETURNING message_ids),
       ids AS (SELECT DISTINCT unnest(message_ids) AS id FROM claimed),
       vectors AS (
         SELECT m.id, v.search_open, v.search_funksjonsevne, v.search_medical
           FROM ids JOIN messages m ON m.id = ids.id
          CROSS JOIN LATERAL hub_search_vectors(m.tekst, m.funksjonsevne, m.medisinsk_vurdering, m.diagnose) v),
       -- An UPDATE for an edited message, a plain INSERT for a new one: an upsert's speculative insertion writes a
       -- second WAL record per row.
       updated AS (
         UPDATE message_search s SET search_open = v.search_open, search_funksjonsevne = v.search_funksjonsevne, search_medical = v.search_medical
           FROM vectors v WHERE s.message_id = v.id RETURNING s.message_id),
       indexed AS (
         INSERT INTO message_search (message_id, search_open, search_funksjonsevne, search_medical)
         SELECT v.* FROM vectors v WHERE NOT EXISTS (SELECT 1 FROM message_search s WHERE s.message_id = v.id)
         RETURNING 1)
       SELECT (SELECT count(*) FROM claimed) AS claimed, (SELECT count(*) FROM indexed) + (SELECT count(*) FROM updated) AS messages`,
    );
    return { claimed: Number(rows[0].claimed), messages: Number(rows[0].messages) };
  }

  /**
   * Full-text search in the given threads. Only the vectors `scope` allows are matched, so a term that occurs
   * only in a field the audience may not see finds nothing, not even a count.
   */
  search(threadIds: readonly string[], query: string, scope: SearchScope, limit: number): Promise<Message[]> {
    return this.searchThreads(
      threadIds.map((threadId) => ({ threadId, scope, rank: 0 })),
      query,
      limit,
    );
  }

  /**
   * Full-text search over threads of many cases in one query, each thread with its own audience's scope: a vector
   * is matched only in the threads whose scope allows it. Hits come by `rank` (the caller's order of cases), then
   * newest first.
   */
  async searchThreads(threads: readonly ScopedThread[], query: string, limit: number): Promise<Message[]> {
    const scoped = threads.filter((t) => t.scope.open || t.scope.funksjonsevne || t.scope.medical);
    if (scoped.length === 0) return [];
    const text = searchText(query);
    if (text === '') return [];
    // The terms are the lexemes the documents' own parser makes of the text, each matched as a prefix
    // ("korsrygg" finds "korsryggsmerter"), so a code like "DIAGNOSE-12345678" tokenizes the same on both sides.
    const rows = await this.db.query<Row>(
      `SELECT ${M_COLUMNS}
         FROM unnest($1::uuid[], $2::bool[], $3::bool[], $4::bool[], $5::int[]) AS s(thread_id, open, funksjonsevne, medical, rank)
         JOIN messages m ON m.thread_id = s.thread_id
         JOIN message_search x ON x.message_id = m.id,
              (SELECT string_agg(quote_literal(lexeme) || ':*', ' & ')::tsquery AS q
                 FROM (SELECT lexeme FROM unnest(to_tsvector('norwegian', $6)) LIMIT 10) terms) query
        WHERE query.q IS NOT NULL AND m.redacted_at IS NULL
          AND ((s.open AND x.search_open @@ query.q) OR (s.funksjonsevne AND x.search_funksjonsevne @@ query.q) OR (s.medical AND x.search_medical @@ query.q))
        ORDER BY s.rank, m.seq DESC LIMIT $7`,
      [
        scoped.map((t) => t.threadId),
        scoped.map((t) => t.scope.open),
        scoped.map((t) => t.scope.funksjonsevne),
        scoped.map((t) => t.scope.medical),
        scoped.map((t) => t.rank),
        text,
        limit,
      ],
    );
    return rows.map(toMessage);
  }
}
