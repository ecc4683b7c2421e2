import type {
  Dialogmote,
  DialogmoteKind,
  DialogmoteStatus,
  DialogmoteSvar,
  DialogmoteSvarType,
  Referat,
  Role,
  StatusChange,
} from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date, optStr } from '../db';

/** A møte with its case, its virksomhet and who (the person) convened it. */
export interface StoredDialogmote {
  caseId: string;
  orgnr: string;
  innkaltAvId: string;
  mote: Dialogmote;
}

const MOTE_COLUMNS = `id, case_id, kind, status, orgnr, innkalt_av, innkalt_av_id, deltakere, tid, sted, video_link, created_at, updated_at,
  maks_nytt_tid_onsker, nytt_tid_onsker, fastlege_ubesvart_at`;

const toReferat = (r: Row): Referat => {
  const referat: Referat = {
    situasjon: String(r.situasjon),
    konklusjon: String(r.konklusjon),
    skrevetAv: String(r.skrevet_av),
    skrevetAt: date(r.skrevet_at),
  };
  const parts = {
    arbeidstakerOppgave: r.arbeidstaker_oppgave,
    arbeidsgiverOppgave: r.arbeidsgiver_oppgave,
    veilederOppgave: r.veileder_oppgave,
    behandlerOppgave: r.behandler_oppgave,
  };
  for (const [k, v] of Object.entries(parts)) {
    const text = optStr(v);
    if (text !== undefined) referat[k as keyof typeof parts] = text;
  }
  return referat;
};

/** Dialogmøter, the latest svar per deltaker, every status move and the referat. */
export class DialogmoteRepository {
  constructor(private readonly db: Queryable) {}

  async insert(s: StoredDialogmote): Promise<void> {
    const m = s.mote;
    await this.db.query(
      `INSERT INTO dialogmoter (id, case_id, kind, status, orgnr, innkalt_av, innkalt_av_id, deltakere, tid, sted, video_link, created_at, updated_at,
         maks_nytt_tid_onsker, nytt_tid_onsker)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [
        m.id,
        s.caseId,
        m.kind,
        m.status,
        s.orgnr,
        m.innkaltAv,
        s.innkaltAvId,
        [...m.deltakere],
        m.tidSted.tid,
        m.tidSted.sted,
        m.tidSted.videoLink ?? null,
        m.createdAt,
        m.updatedAt,
        m.maksNyttTidOnsker ?? null,
        JSON.stringify(m.nyttTidOnsker ?? {}),
      ],
    );
  }

  /** Status, time and place after a move; the move itself goes to `insertStatusChange` in the same transaction. */
  async update(m: Dialogmote): Promise<void> {
    await this.db.query(
      `UPDATE dialogmoter SET status = $2, tid = $3, sted = $4, video_link = $5, updated_at = $6, nytt_tid_onsker = $7, fastlege_ubesvart_at = $8 WHERE id = $1`,
      [
        m.id,
        m.status,
        m.tidSted.tid,
        m.tidSted.sted,
        m.tidSted.videoLink ?? null,
        m.updatedAt,
        JSON.stringify(m.nyttTidOnsker ?? {}),
        m.fastlegeUbesvartAt ?? null,
      ],
    );
  }

  async insertStatusChange(c: StatusChange): Promise<void> {
    await this.db.query(
      `INSERT INTO dialogmote_status_endringer (mote_id, from_status, to_status, by_id, at) VALUES ($1, $2, $3, $4, $5)`,
      [c.moteId, c.from, c.to, c.by, c.at],
    );
  }

  /** Stores one deltaker's svar, replacing its earlier one. */
  async putSvar(moteId: string, role: Role, svar: DialogmoteSvar): Promise<void> {
    await this.db.query(
      `INSERT INTO dialogmote_svar (mote_id, role, type, onske, by_id, at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (mote_id, role) DO UPDATE SET type = EXCLUDED.type, onske = EXCLUDED.onske, by_id = EXCLUDED.by_id, at = EXCLUDED.at`,
      [moteId, role, svar.type, svar.onske ?? null, svar.by, svar.at],
    );
  }

  /** A new time and place: every svar answered the old one. */
  async clearSvar(moteId: string): Promise<void> {
    await this.db.query(`DELETE FROM dialogmote_svar WHERE mote_id = $1`, [moteId]);
  }

  async putReferat(moteId: string, r: Referat): Promise<void> {
    await this.db.query(
      `INSERT INTO dialogmote_referater (mote_id, situasjon, konklusjon, arbeidstaker_oppgave, arbeidsgiver_oppgave, veileder_oppgave, behandler_oppgave, skrevet_av, skrevet_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (mote_id) DO UPDATE SET situasjon = EXCLUDED.situasjon, konklusjon = EXCLUDED.konklusjon,
         arbeidstaker_oppgave = EXCLUDED.arbeidstaker_oppgave, arbeidsgiver_oppgave = EXCLUDED.arbeidsgiver_oppgave,
         veileder_oppgave = EXCLUDED.veileder_oppgave, behandler_oppgave = EXCLUDED.behandler_oppgave,
         skrevet_av = EXCLUDED.skrevet_av, skrevet_at = EXCLUDED.skrevet_at`,
      [
        moteId,
        r.situasjon,
        r.konklusjon,
        r.arbeidstakerOppgave ?? null,
        r.arbeidsgiverOppgave ?? null,
        r.veilederOppgave ?? null,
        r.behandlerOppgave ?? null,
        r.skrevetAv,
        r.skrevetAt,
      ],
    );
  }

  /** One møte of a case; `forUpdate` locks it so concurrent moves and svar apply one after the other. */
  async find(caseId: string, moteId: string, forUpdate = false): Promise<StoredDialogmote | undefined> {
    const rows = await this.db.query<Row>(
      `SELECT ${MOTE_COLUMNS} FROM dialogmoter WHERE case_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [caseId, moteId],
    );
    return (await this.assemble(rows))[0];
  }

  async inCase(caseId: string): Promise<StoredDialogmote[]> {
    const rows = await this.db.query<Row>(`SELECT ${MOTE_COLUMNS} FROM dialogmoter WHERE case_id = $1 ORDER BY created_at, id`, [caseId]);
    return this.assemble(rows);
  }

  /**
   * Open møter with the fastlege invited, held at or before `latest`, not yet reported and without the fastlege's
   * svar: the innkalling the convener should hear is unanswered (issue 21).
   */
  async fastlegeUbesvartCandidates(latest: Date, limit: number): Promise<{ caseId: string; moteId: string }[]> {
    const rows = await this.db.query<Row>(
      `SELECT m.case_id, m.id FROM dialogmoter m
        WHERE m.status IN ('INNKALT', 'NYTT_TID_STED') AND m.fastlege_ubesvart_at IS NULL AND 'fastlege' = ANY (m.deltakere) AND m.tid <= $1
          AND NOT EXISTS (SELECT 1 FROM dialogmote_svar s WHERE s.mote_id = m.id AND s.role = 'fastlege')
        ORDER BY m.tid, m.id LIMIT $2`,
      [latest, limit],
    );
    return rows.map((r) => ({ caseId: String(r.case_id), moteId: String(r.id) }));
  }

  /** The moves a møte has made, oldest first. */
  async statusChanges(moteId: string): Promise<StatusChange[]> {
    const rows = await this.db.query<Row>(
      `SELECT mote_id, from_status, to_status, by_id, at FROM dialogmote_status_endringer WHERE mote_id = $1 ORDER BY id`,
      [moteId],
    );
    return rows.map((r) => ({
      moteId: String(r.mote_id),
      from: r.from_status as DialogmoteStatus,
      to: r.to_status as DialogmoteStatus,
      by: String(r.by_id),
      at: date(r.at),
    }));
  }

  private async assemble(motes: Row[]): Promise<StoredDialogmote[]> {
    if (motes.length === 0) return [];
    const ids = motes.map((m) => String(m.id));
    // One after the other: inside a transaction these share one connection.
    const svar = await this.db.query<Row>(
      `SELECT mote_id, role, type, onske, by_id, at FROM dialogmote_svar WHERE mote_id = ANY($1::uuid[])`,
      [ids],
    );
    const referater = await this.db.query<Row>(`SELECT * FROM dialogmote_referater WHERE mote_id = ANY($1::uuid[])`, [ids]);
    return motes.map((r) => {
      const id = String(r.id);
      const svarOf: Partial<Record<Role, DialogmoteSvar>> = {};
      for (const s of svar.filter((x) => String(x.mote_id) === id)) {
        const onske = optStr(s.onske);
        svarOf[s.role as Role] = {
          type: s.type as DialogmoteSvarType,
          by: String(s.by_id),
          at: date(s.at),
          ...(onske !== undefined ? { onske } : {}),
        };
      }
      const referat = referater.find((x) => String(x.mote_id) === id);
      const videoLink = optStr(r.video_link);
      const mote: Dialogmote = {
        id,
        kind: r.kind as DialogmoteKind,
        status: r.status as DialogmoteStatus,
        innkaltAv: r.innkalt_av as Role,
        deltakere: r.deltakere as Role[],
        tidSted: { tid: date(r.tid), sted: String(r.sted), ...(videoLink !== undefined ? { videoLink } : {}) },
        svar: svarOf,
        nyttTidOnsker: r.nytt_tid_onsker ?? {},
        createdAt: date(r.created_at),
        updatedAt: date(r.updated_at),
        ...(referat ? { referat: toReferat(referat) } : {}),
        ...(r.maks_nytt_tid_onsker !== null && r.maks_nytt_tid_onsker !== undefined
          ? { maksNyttTidOnsker: Number(r.maks_nytt_tid_onsker) }
          : {}),
        ...(r.fastlege_ubesvart_at ? { fastlegeUbesvartAt: date(r.fastlege_ubesvart_at) } : {}),
      };
      return { caseId: String(r.case_id), orgnr: String(r.orgnr), innkaltAvId: String(r.innkalt_av_id), mote };
    });
  }
}
