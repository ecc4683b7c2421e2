import type { Dm2Unntak, Dm2UnntakArsak } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date, optStr } from '../db';

/** The DM2 unntak of a case (at most one: the primary key is the case). */
export class Dm2UnntakRepository {
  constructor(private readonly db: Queryable) {}

  /** Inserts the unntak; a second for the case hits `dm2_unntak_pkey`. */
  async insert(caseId: string, u: Dm2Unntak): Promise<void> {
    await this.db.query(`INSERT INTO dm2_unntak (case_id, arsak, beskrivelse, by_id, at) VALUES ($1, $2, $3, $4, $5)`, [
      caseId,
      u.arsak,
      u.beskrivelse ?? null,
      u.by,
      u.at,
    ]);
  }

  async find(caseId: string, forUpdate = false): Promise<Dm2Unntak | undefined> {
    const rows = await this.db.query<Row>(
      `SELECT arsak, beskrivelse, by_id, at FROM dm2_unntak WHERE case_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [caseId],
    );
    const r = rows[0];
    if (!r) return undefined;
    const beskrivelse = optStr(r.beskrivelse);
    return { arsak: r.arsak as Dm2UnntakArsak, by: String(r.by_id), at: date(r.at), ...(beskrivelse !== undefined ? { beskrivelse } : {}) };
  }
}
