import type { Oppfolgingsplan, PlanDeling, PlanGodkjenning, PlanKommentar, PlanMottaker, PlanVersjon, Role } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date } from '../db';

/** A plan with the case and virksomhet it belongs to. */
export interface StoredOppfolgingsplan {
  caseId: string;
  orgnr: string;
  createdBy: string;
  createdAt: Date;
  plan: Oppfolgingsplan;
}

const calendarDay = (v: unknown): Date => new Date(`${String(v)}T00:00:00.000Z`);

const toVersjon = (r: Row): PlanVersjon =>
  Object.freeze({
    versjon: Number(r.versjon),
    innhold: Object.freeze({
      arbeidsoppgaver: String(r.arbeidsoppgaver),
      tilrettelegging: String(r.tilrettelegging),
      oppfolging: String(r.oppfolging),
      evalueringsdato: calendarDay(r.evalueringsdato),
    }),
    lagetAv: r.laget_av_role as Role,
    lagetAt: date(r.laget_at),
  });

/** Oppfølgingsplaner and their immutable versions, approvals, comments and shares. Rows are only ever added. */
export class OppfolgingsplanRepository {
  constructor(private readonly db: Queryable) {}

  /** The plan row and its first version. A second plan for the same virksomhet hits `oppfolgingsplaner_case_id_orgnr_key`. */
  async insert(p: StoredOppfolgingsplan): Promise<void> {
    await this.db.query(`INSERT INTO oppfolgingsplaner (id, case_id, orgnr, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      p.plan.id,
      p.caseId,
      p.orgnr,
      p.createdBy,
      p.createdAt,
    ]);
    for (const v of p.plan.versjoner) await this.insertVersion(p.plan.id, v, p.createdBy);
  }

  async insertVersion(planId: string, v: PlanVersjon, byId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO oppfolgingsplan_versjoner (plan_id, versjon, arbeidsoppgaver, tilrettelegging, oppfolging, evalueringsdato, laget_av_role, laget_av, laget_at)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9)`,
      [
        planId,
        v.versjon,
        v.innhold.arbeidsoppgaver,
        v.innhold.tilrettelegging,
        v.innhold.oppfolging,
        v.innhold.evalueringsdato.toISOString().slice(0, 10),
        v.lagetAv,
        byId,
        v.lagetAt,
      ],
    );
  }

  async insertGodkjenning(planId: string, g: PlanGodkjenning): Promise<void> {
    await this.db.query(`INSERT INTO oppfolgingsplan_godkjenninger (plan_id, versjon, role, by_id, at) VALUES ($1, $2, $3, $4, $5)`, [
      planId,
      g.versjon,
      g.role,
      g.by,
      g.at,
    ]);
  }

  async insertKommentar(planId: string, k: PlanKommentar): Promise<void> {
    await this.db.query(
      `INSERT INTO oppfolgingsplan_kommentarer (plan_id, versjon, role, by_id, tekst, at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [planId, k.versjon, k.role, k.by, k.tekst, k.at],
    );
  }

  async insertDelinger(planId: string, delinger: readonly PlanDeling[], byId: string): Promise<void> {
    for (const d of delinger) {
      await this.db.query(`INSERT INTO oppfolgingsplan_delinger (plan_id, versjon, mottaker, by_id, at) VALUES ($1, $2, $3, $4, $5)`, [
        planId,
        d.versjon,
        d.mottaker,
        byId,
        d.at,
      ]);
    }
  }

  /** One plan of a case; `forUpdate` locks its row so concurrent edits and approvals apply one after the other. */
  async find(caseId: string, planId: string, forUpdate = false): Promise<StoredOppfolgingsplan | undefined> {
    const rows = await this.db.query<Row>(
      `SELECT id, case_id, orgnr, created_by, created_at FROM oppfolgingsplaner WHERE case_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
      [caseId, planId],
    );
    return (await this.assemble(rows))[0];
  }

  async inCase(caseId: string): Promise<StoredOppfolgingsplan[]> {
    const rows = await this.db.query<Row>(
      `SELECT id, case_id, orgnr, created_by, created_at FROM oppfolgingsplaner WHERE case_id = $1 ORDER BY created_at, id`,
      [caseId],
    );
    return this.assemble(rows);
  }

  /** Loads the children of the given plan rows with one query per table. */
  private async assemble(plans: Row[]): Promise<StoredOppfolgingsplan[]> {
    if (plans.length === 0) return [];
    const ids = plans.map((p) => String(p.id));
    // One after the other: inside a transaction these share one connection.
    const versjoner = await this.db.query<Row>(
      `SELECT plan_id, versjon, arbeidsoppgaver, tilrettelegging, oppfolging, to_char(evalueringsdato, 'YYYY-MM-DD') AS evalueringsdato, laget_av_role, laget_at
         FROM oppfolgingsplan_versjoner WHERE plan_id = ANY($1::uuid[]) ORDER BY plan_id, versjon`,
      [ids],
    );
    const godkjenninger = await this.db.query<Row>(
      `SELECT plan_id, versjon, role, by_id, at FROM oppfolgingsplan_godkjenninger WHERE plan_id = ANY($1::uuid[]) ORDER BY at, versjon, role`,
      [ids],
    );
    const kommentarer = await this.db.query<Row>(
      `SELECT plan_id, versjon, role, by_id, tekst, at FROM oppfolgingsplan_kommentarer WHERE plan_id = ANY($1::uuid[]) ORDER BY id`,
      [ids],
    );
    const delinger = await this.db.query<Row>(
      `SELECT plan_id, versjon, mottaker, at FROM oppfolgingsplan_delinger WHERE plan_id = ANY($1::uuid[]) ORDER BY at, versjon, mottaker`,
      [ids],
    );
    const of = (rows: Row[], id: string) => rows.filter((r) => String(r.plan_id) === id);
    return plans.map((p) => {
      const id = String(p.id);
      return {
        caseId: String(p.case_id),
        orgnr: String(p.orgnr),
        createdBy: String(p.created_by),
        createdAt: date(p.created_at),
        plan: {
          id,
          versjoner: of(versjoner, id).map(toVersjon),
          godkjenninger: of(godkjenninger, id).map((r) => ({
            versjon: Number(r.versjon),
            role: r.role as Role,
            by: String(r.by_id),
            at: date(r.at),
          })),
          kommentarer: of(kommentarer, id).map((r) => ({
            versjon: Number(r.versjon),
            role: r.role as Role,
            by: String(r.by_id),
            tekst: String(r.tekst),
            at: date(r.at),
          })),
          delinger: of(delinger, id).map((r) => ({ versjon: Number(r.versjon), mottaker: r.mottaker as PlanMottaker, at: date(r.at) })),
        },
      };
    });
  }
}
