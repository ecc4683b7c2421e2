import type { Case, Consent, ConsentScope, Relation, Role, Thread } from '@hub/domain';
import { toThread } from './thread.repository';
import type { Queryable, Row } from '../db';
import { date, optDate, optStr } from '../db';

const toCase = (r: Row): Case => ({
  id: String(r.id),
  sykmeldtFnr: String(r.sykmeldt_fnr),
  sykmeldtId: String(r.sykmeldt_id),
  startDate: typeof r.start_date === 'string' ? r.start_date : date(r.start_date).toISOString().slice(0, 10),
  enhet: optStr(r.enhet),
  ...(r.sykmeldt_fornavn && r.sykmeldt_etternavn
    ? { sykmeldtNavn: { fornavn: String(r.sykmeldt_fornavn), etternavn: String(r.sykmeldt_etternavn) } }
    : {}),
  createdAt: date(r.created_at),
  lastSeq: Number(r.last_seq),
});

const toRelation = (r: Row): Relation => ({
  id: String(r.id),
  caseId: String(r.case_id),
  role: r.role as Role,
  partyId: String(r.party_id),
  orgnr: optStr(r.orgnr),
  virksomhetsnavn: optStr(r.virksomhetsnavn),
  navn: optStr(r.navn),
  herId: optStr(r.her_id),
  hprNr: optStr(r.hpr_nr),
  legekontorNavn: optStr(r.legekontor_navn),
  startedAt: date(r.started_at),
  startedBy: String(r.started_by),
  endedAt: optDate(r.ended_at),
  endedBy: optStr(r.ended_by),
  endReason: optStr(r.end_reason),
});

const toConsent = (r: Row): Consent => ({
  id: String(r.id),
  caseId: String(r.case_id),
  orgnr: String(r.orgnr),
  scope: r.scope as ConsentScope,
  grantedAt: date(r.granted_at),
  revokedAt: optDate(r.revoked_at),
});

/** A relation with its party's display name (persons, by role and subject), read live. */
const RELATION_SELECT = `SELECT r.*, p.navn FROM case_relations r LEFT JOIN persons p ON p.role = r.role AND p.sub = r.party_id`;

const CASE_COLUMNS = `id, sykmeldt_fnr, sykmeldt_id, to_char(start_date, 'YYYY-MM-DD') AS start_date, enhet, created_at, last_seq, sykmeldt_fornavn, sykmeldt_etternavn`;

export interface Handover {
  id: string;
  caseId: string;
  fromId: string;
  toId: string;
  notat: string;
  at: Date;
}

/** Cases, the relations that give parties their seats, consents and handovers. */
export class CaseRepository {
  constructor(private readonly db: Queryable) {}

  async insert(c: Case, createdBy: string): Promise<void> {
    await this.db.query(
      `INSERT INTO cases (id, sykmeldt_fnr, sykmeldt_id, start_date, enhet, created_by, created_at, sykmeldt_fornavn, sykmeldt_etternavn)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        c.id,
        c.sykmeldtFnr,
        c.sykmeldtId,
        c.startDate,
        c.enhet ?? null,
        createdBy,
        c.createdAt,
        c.sykmeldtNavn?.fornavn ?? null,
        c.sykmeldtNavn?.etternavn ?? null,
      ],
    );
  }

  /** Cases where the party holds an active relation in that role, or (veileder) that belong to their enhet. */
  async listForParty(role: Role, partyId: string, enhet: string | undefined, limit: number): Promise<Case[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${CASE_COLUMNS} FROM cases c
        WHERE EXISTS (SELECT 1 FROM case_relations r WHERE r.case_id = c.id AND r.role = $1 AND r.party_id = $2 AND r.ended_at IS NULL)
           OR ($1 = 'veileder' AND $3::text IS NOT NULL AND c.enhet = $3)
        ORDER BY c.created_at DESC, c.id LIMIT $4`,
      [role, partyId, enhet ?? null, limit],
    );
    return rows.map(toCase);
  }

  async activeRelations(caseId: string): Promise<Relation[]> {
    const rows = await this.db.query<Row>(`${RELATION_SELECT} WHERE r.case_id = $1 AND r.ended_at IS NULL ORDER BY r.started_at, r.id`, [
      caseId,
    ]);
    return rows.map(toRelation);
  }

  async allRelations(caseId: string): Promise<Relation[]> {
    const rows = await this.db.query<Row>(`${RELATION_SELECT} WHERE r.case_id = $1 ORDER BY r.started_at, r.id`, [caseId]);
    return rows.map(toRelation);
  }

  async findRelation(caseId: string, relationId: string): Promise<Relation | undefined> {
    const rows = await this.db.query<Row>(`${RELATION_SELECT} WHERE r.case_id = $1 AND r.id = $2`, [caseId, relationId]);
    return rows[0] ? toRelation(rows[0]) : undefined;
  }

  async insertRelation(r: Relation): Promise<void> {
    await this.db.query(
      `INSERT INTO case_relations (id, case_id, role, party_id, orgnr, her_id, hpr_nr, started_at, started_by, legekontor_navn, virksomhetsnavn)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        r.id,
        r.caseId,
        r.role,
        r.partyId,
        r.orgnr ?? null,
        r.herId ?? null,
        r.hprNr ?? null,
        r.startedAt,
        r.startedBy,
        r.legekontorNavn ?? null,
        r.virksomhetsnavn ?? null,
      ],
    );
  }

  /** Ends the relation if still active; returns it as ended, or undefined when there was nothing to end. */
  async endRelation(caseId: string, relationId: string, by: string, at: Date, reason: string): Promise<Relation | undefined> {
    const rows = await this.db.query<Row>(
      `UPDATE case_relations SET ended_at = $3, ended_by = $4, end_reason = $5 WHERE case_id = $1 AND id = $2 AND ended_at IS NULL
       RETURNING *, (SELECT p.navn FROM persons p WHERE p.role = case_relations.role AND p.sub = case_relations.party_id) AS navn`,
      [caseId, relationId, at, by, reason],
    );
    return rows[0] ? toRelation(rows[0]) : undefined;
  }

  async allConsents(caseId: string): Promise<Consent[]> {
    const rows = await this.db.query<Row>(`SELECT * FROM consents WHERE case_id = $1 ORDER BY granted_at, id`, [caseId]);
    return rows.map(toConsent);
  }

  async insertConsent(c: Consent): Promise<void> {
    await this.db.query(`INSERT INTO consents (id, case_id, orgnr, scope, granted_at) VALUES ($1, $2, $3, $4, $5)`, [
      c.id,
      c.caseId,
      c.orgnr,
      c.scope,
      c.grantedAt,
    ]);
  }

  async revokeConsent(caseId: string, orgnr: string, scope: ConsentScope, at: Date): Promise<Consent | undefined> {
    const rows = await this.db.query<Row>(
      `UPDATE consents SET revoked_at = $4 WHERE case_id = $1 AND orgnr = $2 AND scope = $3 AND revoked_at IS NULL RETURNING *`,
      [caseId, orgnr, scope, at],
    );
    return rows[0] ? toConsent(rows[0]) : undefined;
  }

  async insertHandover(h: Handover): Promise<void> {
    await this.db.query(`INSERT INTO handovers (id, case_id, from_id, to_id, notat, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
      h.id,
      h.caseId,
      h.fromId,
      h.toId,
      h.notat,
      h.at,
    ]);
  }

  async handovers(caseId: string): Promise<Handover[]> {
    const rows = await this.db.query<Row>(`SELECT * FROM handovers WHERE case_id = $1 ORDER BY at, id`, [caseId]);
    return rows.map((r) => ({
      id: String(r.id),
      caseId: String(r.case_id),
      fromId: String(r.from_id),
      toId: String(r.to_id),
      notat: String(r.notat),
      at: date(r.at),
    }));
  }

  /**
   * Everything access is decided from, in one round trip: the case, its active relations and consents, and its
   * threads with their current participants. Called on every request into a case, so it must stay one query.
   */
  async accessState(caseId: string): Promise<AccessState | undefined> {
    const rows = await this.db.query<Row>(`SELECT ${ACCESS_COLUMNS} FROM cases c WHERE c.id = $1`, [caseId]);
    return rows[0] ? toAccessState(rows[0]) : undefined;
  }

  /**
   * The access state of every case the party holds a live relation in (or, for a veileder, of their enhet), newest
   * first, in one query: what a cross-case read needs to decide per case, without one query per case.
   */
  async accessStatesForParty(role: Role, partyId: string, enhet: string | undefined, limit: number): Promise<AccessState[]> {
    const rows = await this.db.query<Row>(
      `SELECT ${ACCESS_COLUMNS} FROM cases c
        WHERE EXISTS (SELECT 1 FROM case_relations r WHERE r.case_id = c.id AND r.role = $1 AND r.party_id = $2 AND r.ended_at IS NULL)
           OR ($1 = 'veileder' AND $3::text IS NOT NULL AND c.enhet = $3)
        ORDER BY c.created_at DESC, c.id LIMIT $4`,
      [role, partyId, enhet ?? null, limit],
    );
    return rows.map(toAccessState);
  }

  /** Locks the case row for the rest of the transaction: relation changes on one case happen one at a time. */
  async lock(caseId: string): Promise<boolean> {
    return (await this.lockMany([caseId])).has(caseId);
  }

  /**
   * The case-row lock, written once: locks the rows until the transaction ends and gives each case's last event
   * sequence read under the lock. Rows are locked in id order, so two nodes locking the same cases wait for each other
   * instead of deadlocking. Every write to a case takes it (the group commit's hub_write_messages takes it in SQL, by
   * updating the row). FOR NO KEY UPDATE, the lock an UPDATE of `last_seq` takes: it serialises the case's writers all
   * the same, and neither waits for nor blocks the FOR KEY SHARE that a foreign-key check of a row referencing the case
   * takes (a varsel, an interval, a relation inserted elsewhere).
   */
  async lockMany(caseIds: readonly string[]): Promise<Map<string, number>> {
    if (caseIds.length === 0) return new Map();
    const rows = await this.db.query<{ id: string; last_seq: string }>(
      `SELECT id, last_seq FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`,
      [[...caseIds]],
    );
    return new Map(rows.map((r) => [String(r.id), Number(r.last_seq)]));
  }
}

type AccessState = { case: Case; relations: Relation[]; consents: Consent[]; threads: Thread[] };

/** A case with its live relations, consents and threads (with current participants), as one row. */
const ACCESS_COLUMNS = `${CASE_COLUMNS},
  (SELECT coalesce(json_agg(to_jsonb(r) || jsonb_build_object('navn', p.navn) ORDER BY r.started_at, r.id), '[]')
     FROM case_relations r LEFT JOIN persons p ON p.role = r.role AND p.sub = r.party_id
    WHERE r.case_id = c.id AND r.ended_at IS NULL) AS relations,
  (SELECT coalesce(json_agg(k ORDER BY k.granted_at, k.id), '[]') FROM consents k WHERE k.case_id = c.id AND k.revoked_at IS NULL) AS consents,
  (SELECT coalesce(json_agg(json_build_object(
             'id', t.id, 'case_id', t.case_id, 'subject', t.subject, 'created_by', t.created_by, 'created_at', t.created_at,
             'participants', (SELECT coalesce(array_agg(p.seat ORDER BY p.seat), '{}') FROM thread_participants p WHERE p.thread_id = t.id AND p.removed_at IS NULL)
           ) ORDER BY t.created_at, t.id), '[]') FROM threads t WHERE t.case_id = c.id) AS threads`;

function toAccessState(r: Row): AccessState {
  return {
    case: toCase(r),
    relations: (r.relations as Row[]).map(toRelation),
    consents: (r.consents as Row[]).map(toConsent),
    threads: (r.threads as Row[]).map(toThread),
  };
}
