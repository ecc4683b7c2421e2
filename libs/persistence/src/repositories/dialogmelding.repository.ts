import type { Dialogmelding, DialogmeldingChannel, DialogmeldingDirection, DialogmeldingKind, DialogmeldingStatus } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date, optDate, optStr } from '../db';
import { CaseRepository } from './case.repository';

const toDialogmelding = (r: Row): Dialogmelding => ({
  id: String(r.id),
  caseId: String(r.case_id),
  threadId: String(r.thread_id),
  messageId: String(r.message_id),
  direction: r.direction as DialogmeldingDirection,
  kind: r.kind as DialogmeldingKind,
  kodeverk: String(r.kodeverk),
  kode: String(r.kode),
  msgId: String(r.msg_id),
  conversationRef: String(r.conversation_ref),
  parentRef: optStr(r.parent_ref),
  parentId: optStr(r.parent_id),
  tekst: String(r.tekst),
  senderId: String(r.sender_id),
  legeHerId: optStr(r.lege_her_id),
  legeHprNr: optStr(r.lege_hpr_nr),
  status: r.status as DialogmeldingStatus,
  channel: r.channel as DialogmeldingChannel,
  createdAt: date(r.created_at),
  sentAt: optDate(r.sent_at),
  publishedAt: optDate(r.published_at),
  statusAt: date(r.status_at),
  apprecErrorCode: optStr(r.apprec_error_code),
  apprecErrorText: optStr(r.apprec_error_text),
  besvartAt: optDate(r.besvart_at),
  ubesvartAt: optDate(r.ubesvart_at),
  paminnelseSentAt: optDate(r.paminnelse_sent_at),
  moteId: optStr(r.mote_id),
});

const COLUMNS = `id, case_id, thread_id, message_id, direction, kind, kodeverk, kode, msg_id, conversation_ref, parent_ref, parent_id, tekst,
  sender_id, lege_her_id, lege_hpr_nr, status, channel, created_at, sent_at, published_at, status_at, apprec_error_code, apprec_error_text,
  besvart_at, ubesvart_at, paminnelse_sent_at, mote_id`;

/** An outgoing dialogmelding waiting in the outbox, with the patient it is about (for the MsgHead). */
export interface OutboxEntry {
  dialogmelding: Dialogmelding;
  patientFnr: string;
  names: MsgHeadNames;
}

/** The names the MsgHead carries where the hub knows them (issue 21): the patient's and the legekontor's. */
export interface MsgHeadNames {
  patient?: { fornavn: string; etternavn: string };
  legekontor?: string;
}

/** What the hub keeps of an inbound document beside the dialogmelding, to tell a repeat from another document. */
export interface InboundStamp {
  /** The sending organisation's HER-id: a MsgId is unique per sender. */
  senderHerId: string;
  /** SHA-256 of the parsed content (libs/dialogmelding contentDigest). */
  contentDigest: string;
  /** The AppRec the document was answered with; a repeat gets exactly this again. */
  appRecXml: string;
}

/** An inbound document stored before under a sender's MsgId; `contentDigest` is undefined for rows older than the digest. */
export interface StoredInbound {
  contentDigest?: string;
  appRecXml?: string;
}

/** Dialogmeldinger and the look-ups inbound filing needs (patient, sender, conversation). */
export class DialogmeldingRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * `inbound`: for a document from the gateway, its sender, digest and AppRec. Another inbound row (a fastlege's svar
   * over REST) counts as sent by the lege's HER-id; an outgoing one has no sender HER-id.
   */
  async insert(d: Dialogmelding, inbound?: InboundStamp): Promise<void> {
    const senderHerId = d.direction === 'INN' ? (inbound?.senderHerId ?? d.legeHerId ?? '') : null;
    await this.db.query(
      `INSERT INTO dialogmeldinger (id, case_id, thread_id, message_id, direction, kind, kodeverk, kode, msg_id, conversation_ref, parent_ref,
         parent_id, tekst, sender_id, lege_her_id, lege_hpr_nr, status, channel, created_at, sent_at, published_at, status_at, besvart_at, apprec_xml, mote_id,
         sender_her_id, content_digest)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27)`,
      [
        d.id,
        d.caseId,
        d.threadId,
        d.messageId,
        d.direction,
        d.kind,
        d.kodeverk,
        d.kode,
        d.msgId,
        d.conversationRef,
        d.parentRef ?? null,
        d.parentId ?? null,
        d.tekst,
        d.senderId,
        d.legeHerId ?? null,
        d.legeHprNr ?? null,
        d.status,
        d.channel,
        d.createdAt,
        d.sentAt ?? null,
        d.publishedAt ?? null,
        d.statusAt,
        d.besvartAt ?? null,
        inbound?.appRecXml ?? null,
        d.moteId ?? null,
        senderHerId,
        inbound?.contentDigest ?? null,
      ],
    );
  }

  /** Writes the fields that change after creation: status and its stamps. */
  async update(d: Dialogmelding): Promise<void> {
    await this.db.query(
      `UPDATE dialogmeldinger SET status = $2, sent_at = $3, published_at = $4, status_at = $5, apprec_error_code = $6, apprec_error_text = $7,
         besvart_at = $8, ubesvart_at = $9, paminnelse_sent_at = $10 WHERE id = $1`,
      [
        d.id,
        d.status,
        d.sentAt ?? null,
        d.publishedAt ?? null,
        d.statusAt,
        d.apprecErrorCode ?? null,
        d.apprecErrorText ?? null,
        d.besvartAt ?? null,
        d.ubesvartAt ?? null,
        d.paminnelseSentAt ?? null,
      ],
    );
  }

  async findInThread(threadId: string, id: string): Promise<Dialogmelding | undefined> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM dialogmeldinger WHERE thread_id = $1 AND id = $2`, [threadId, id]);
    return rows[0] ? toDialogmelding(rows[0]) : undefined;
  }

  async find(id: string): Promise<Dialogmelding | undefined> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM dialogmeldinger WHERE id = $1`, [id]);
    return rows[0] ? toDialogmelding(rows[0]) : undefined;
  }

  /** The row locked until the transaction ends: status changes on one dialogmelding happen one at a time. */
  async lock(id: string): Promise<Dialogmelding | undefined> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM dialogmeldinger WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? toDialogmelding(rows[0]) : undefined;
  }

  async inThread(threadId: string): Promise<Dialogmelding[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM dialogmeldinger WHERE thread_id = $1 ORDER BY created_at, id`, [
      threadId,
    ]);
    return rows.map(toDialogmelding);
  }

  async findByMessage(messageId: string): Promise<Dialogmelding | undefined> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM dialogmeldinger WHERE message_id = $1`, [messageId]);
    return rows[0] ? toDialogmelding(rows[0]) : undefined;
  }

  async findByMsgId(direction: DialogmeldingDirection, msgId: string): Promise<Dialogmelding | undefined> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM dialogmeldinger WHERE direction = $1 AND msg_id = $2`, [
      direction,
      msgId,
    ]);
    return rows[0] ? toDialogmelding(rows[0]) : undefined;
  }

  /** The inbound document this sender stored under this MsgId, if any: its digest and the AppRec it was answered with. */
  async inboundFrom(senderHerId: string, msgId: string): Promise<StoredInbound | undefined> {
    const rows = await this.db.query<{ apprec_xml: string | null; content_digest: string | null }>(
      `SELECT apprec_xml, content_digest FROM dialogmeldinger WHERE direction = 'INN' AND msg_id = $1 AND sender_her_id = $2`,
      [msgId, senderHerId],
    );
    const r = rows[0];
    return r && { contentDigest: r.content_digest ?? undefined, appRecXml: r.apprec_xml ?? undefined };
  }

  /**
   * The dialogmelding an inbound document refers to: the one its RefToParent names, else the newest of the
   * conversation its RefToConversation names, else the one whose id it quotes (DokIdForesp of a svar).
   */
  async findReferenced(ref: { parent?: string; conversation?: string; dokId?: string }): Promise<Dialogmelding | undefined> {
    if (ref.parent !== undefined) {
      const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM dialogmeldinger WHERE msg_id = $1 ORDER BY direction DESC LIMIT 1`, [
        ref.parent,
      ]);
      if (rows[0]) return toDialogmelding(rows[0]);
    }
    if (ref.conversation !== undefined) {
      const rows = await this.db.query<Row>(
        `SELECT ${COLUMNS} FROM dialogmeldinger WHERE conversation_ref = $1 ORDER BY created_at DESC, id LIMIT 1`,
        [ref.conversation],
      );
      if (rows[0]) return toDialogmelding(rows[0]);
    }
    if (ref.dokId !== undefined && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref.dokId)) {
      return this.find(ref.dokId);
    }
    return undefined;
  }

  /** Outgoing dialogmeldinger the message gateway has not picked up yet, oldest first, with their patient. */
  async outbox(limit: number): Promise<OutboxEntry[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS}, p.sykmeldt_fnr, p.sykmeldt_fornavn, p.sykmeldt_etternavn, p.legekontor_navn FROM dialogmeldinger d
         CROSS JOIN LATERAL (
           SELECT c.sykmeldt_fnr, c.sykmeldt_fornavn, c.sykmeldt_etternavn,
                  (SELECT r.legekontor_navn FROM case_relations r WHERE r.case_id = c.id AND r.role = 'fastlege' AND r.her_id = d.lege_her_id
                    ORDER BY r.ended_at DESC NULLS FIRST, r.started_at DESC LIMIT 1) AS legekontor_navn
             FROM cases c WHERE c.id = d.case_id) p
        WHERE direction = 'UT' AND published_at IS NULL ORDER BY created_at, id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ dialogmelding: toDialogmelding(r), patientFnr: String(r.sykmeldt_fnr), names: namesOf(r) }));
  }

  /** The names for one dialogmelding's MsgHead (its case's sykmeldt, the legekontor of the fastlege it goes to or came from). */
  async namesFor(d: Dialogmelding): Promise<MsgHeadNames> {
    const rows = await this.db.query<Row>(
      `SELECT c.sykmeldt_fornavn, c.sykmeldt_etternavn,
              (SELECT r.legekontor_navn FROM case_relations r WHERE r.case_id = c.id AND r.role = 'fastlege' AND r.her_id = $2
                ORDER BY r.ended_at DESC NULLS FIRST, r.started_at DESC LIMIT 1) AS legekontor_navn
         FROM cases c WHERE c.id = $1`,
      [d.caseId, d.legeHerId ?? null],
    );
    return rows[0] ? namesOf(rows[0]) : {};
  }

  /** The møte's dialogmeldinger, oldest first. */
  async ofMote(moteId: string): Promise<Dialogmelding[]> {
    // Ties in time (one clock reading for two moves) are broken by the order the case saw their messages.
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM dialogmeldinger WHERE mote_id = $1
       ORDER BY created_at, (SELECT m.seq FROM messages m WHERE m.id = dialogmeldinger.message_id)`,
      [moteId],
    );
    return rows.map(toDialogmelding);
  }

  /** Stamps the gateway's pick-up once; the row as it stands after, or undefined for an unknown MsgId. */
  async markPublished(msgId: string, at: Date): Promise<Dialogmelding | undefined> {
    await this.db.query(`UPDATE dialogmeldinger SET published_at = $2 WHERE direction = 'UT' AND msg_id = $1 AND published_at IS NULL`, [
      msgId,
      at,
    ]);
    return this.findByMsgId('UT', msgId);
  }

  /** Forespørsler sent at or before `cutoff`, without svar, not yet reported ubesvart (isbehandlerdialog's QUERY_GET_UBESVARTE_MELDINGER). */
  async ubesvartCandidates(cutoff: Date, limit: number): Promise<Dialogmelding[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM dialogmeldinger
        WHERE kind = 'FORESPORSEL' AND besvart_at IS NULL AND ubesvart_at IS NULL AND status IN ('SENDT', 'OK') AND sent_at <= $1
        ORDER BY sent_at, id LIMIT $2`,
      [cutoff, limit],
    );
    return rows.map(toDialogmelding);
  }

  /** Stamps ubesvart once; false when another run got there first. */
  async markUbesvart(id: string, at: Date): Promise<boolean> {
    const rows = await this.db.query<Row>(
      `UPDATE dialogmeldinger SET ubesvart_at = $2 WHERE id = $1 AND ubesvart_at IS NULL AND besvart_at IS NULL RETURNING id`,
      [id, at],
    );
    return rows.length === 1;
  }

  /**
   * Locks the case row and gives its next event sequence number. The events of this transaction are numbered from
   * it (EventRepository.append updates the same locked row), so a message can carry its own event's seq.
   */
  async lockNextSeq(caseId: string): Promise<number> {
    const lastSeq = (await new CaseRepository(this.db).lockMany([caseId])).get(caseId);
    if (lastSeq === undefined) throw new Error('Case vanished while filing a dialogmelding');
    return lastSeq + 1;
  }

  /** Cases about this patient, newest first. */
  async casesOfPatient(fnr: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>(`SELECT id FROM cases WHERE sykmeldt_fnr = $1 ORDER BY created_at DESC, id`, [fnr]);
    return rows.map((r) => r.id);
  }

  /** Whether any case has an active fastlege with one of these HER-ids or this HPR number. */
  async isKnownLege(herIds: readonly string[], hprNr: string | undefined): Promise<boolean> {
    const rows = await this.db.query<Row>(
      `SELECT 1 FROM case_relations WHERE role = 'fastlege' AND ended_at IS NULL AND (her_id = ANY($1::text[]) OR hpr_nr = $2) LIMIT 1`,
      [herIds, hprNr ?? null],
    );
    return rows.length > 0;
  }
}

function namesOf(r: Row): MsgHeadNames {
  const fornavn = optStr(r.sykmeldt_fornavn);
  const etternavn = optStr(r.sykmeldt_etternavn);
  const legekontor = optStr(r.legekontor_navn);
  return { ...(fornavn && etternavn ? { patient: { fornavn, etternavn } } : {}), ...(legekontor ? { legekontor } : {}) };
}
