import type { Motebehov, MotebehovSkjemaType, Role } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date, optStr } from '../db';

/** A møtebehov with its case and, for an arbeidsgiver's, the virksomhet (null for the sykmeldt's). */
export interface StoredMotebehov {
  caseId: string;
  orgnr: string | null;
  motebehov: Motebehov;
}

const COLUMNS = `id, case_id, skjema_type, innmelder, orgnr, innmeldt_av, har_motebehov, begrunnelse, onsker_sykmelder_deltar, onsker_tolk, tolk_sprak,
  created_at, behandlet_by, behandlet_at`;

const toStored = (r: Row): StoredMotebehov => {
  const begrunnelse = optStr(r.begrunnelse);
  const tolkSprak = optStr(r.tolk_sprak);
  const motebehov: Motebehov = {
    id: String(r.id),
    skjemaType: r.skjema_type as MotebehovSkjemaType,
    innmelder: r.innmelder as Role,
    innmeldtAv: String(r.innmeldt_av),
    svar: {
      harMotebehov: Boolean(r.har_motebehov),
      onskerSykmelderDeltar: Boolean(r.onsker_sykmelder_deltar),
      onskerTolk: Boolean(r.onsker_tolk),
      ...(begrunnelse !== undefined ? { begrunnelse } : {}),
      ...(tolkSprak !== undefined ? { tolkSprak } : {}),
    },
    createdAt: date(r.created_at),
    ...(r.behandlet_at !== null && r.behandlet_at !== undefined
      ? { behandlet: { by: String(r.behandlet_by), at: date(r.behandlet_at) } }
      : {}),
  };
  return { caseId: String(r.case_id), orgnr: optStr(r.orgnr) ?? null, motebehov };
};

/** Møtebehov from the sykmeldt and the arbeidsgiver, and the veileder's behandlet mark. */
export class MotebehovRepository {
  constructor(private readonly db: Queryable) {}

  /** A second unhandled møtebehov of the same kind from the same party hits `motebehov_one_open`. */
  async insert(s: StoredMotebehov): Promise<void> {
    const m = s.motebehov;
    await this.db.query(
      `INSERT INTO motebehov (id, case_id, skjema_type, innmelder, orgnr, innmeldt_av, har_motebehov, begrunnelse, onsker_sykmelder_deltar, onsker_tolk, tolk_sprak, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        m.id,
        s.caseId,
        m.skjemaType,
        m.innmelder,
        s.orgnr,
        m.innmeldtAv,
        m.svar.harMotebehov,
        m.svar.begrunnelse ?? null,
        m.svar.onskerSykmelderDeltar,
        m.svar.onskerTolk,
        m.svar.tolkSprak ?? null,
        m.createdAt,
      ],
    );
  }

  async markBehandlet(m: Motebehov): Promise<void> {
    if (!m.behandlet) return;
    await this.db.query(`UPDATE motebehov SET behandlet_by = $2, behandlet_at = $3 WHERE id = $1`, [m.id, m.behandlet.by, m.behandlet.at]);
  }

  async find(caseId: string, id: string, forUpdate = false): Promise<StoredMotebehov | undefined> {
    const rows = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM motebehov WHERE case_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [caseId, id],
    );
    return rows[0] ? toStored(rows[0]) : undefined;
  }

  async inCase(caseId: string): Promise<StoredMotebehov[]> {
    const rows = await this.db.query<Row>(`SELECT ${COLUMNS} FROM motebehov WHERE case_id = $1 ORDER BY created_at, id`, [caseId]);
    return rows.map(toStored);
  }
}
