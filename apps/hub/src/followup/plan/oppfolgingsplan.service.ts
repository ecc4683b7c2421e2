import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  approveVersion,
  commentPlan,
  Conflict,
  draftPlan,
  editPlan,
  Forbidden,
  isVersionApproved,
  latestPlanVersion,
  NewCaseEvent,
  NotFound,
  PlanInnhold,
  PlanMottaker,
  Seat,
  shareVersion,
} from '@hub/domain';
import { CaseAccess, canRead, OppfolgingsplanView, planSubject, reachesArbeidsgiver, tagged, toOppfolgingsplanView } from '@hub/access';
import { AuditRepository, Db, isUniqueViolation, OppfolgingsplanRepository, Queryable, StoredOppfolgingsplan } from '@hub/persistence';
import { AuditedReader } from '../../access/audited-reader';
import { CaseAccessService, ResolvedAccess } from '../../access/case-access.service';
import { GuardOutcome, HealthTextGuard, OpenText } from '../../access/health-text-guard';
import { AuditService } from '../../audit/audit.service';
import { CLOCK, Clock } from '../../common/clock';
import { CaseEventWriter } from '../../events/case-event-writer';
import { CommentPlanDto, DraftPlanDto, PlanInnholdDto } from './dto/plan.dto';
import { orgnrOfActor } from './virksomhet';

/** The seat that receives a shared version: the sykmelder, or NAV's veileder. */
const MOTTAKER_SEAT: Record<PlanMottaker, Seat> = { fastlege: 'fastlege', nav: 'veileder' };

function innhold(dto: PlanInnholdDto): PlanInnhold {
  return {
    arbeidsoppgaver: dto.arbeidsoppgaver,
    tilrettelegging: dto.tilrettelegging,
    oppfolging: dto.oppfolging,
    evalueringsdato: new Date(`${dto.evalueringsdato}T00:00:00.000Z`),
  };
}

function innholdTexts(dto: PlanInnholdDto): OpenText[] {
  return [
    { field: 'arbeidsoppgaver', text: dto.arbeidsoppgaver },
    { field: 'tilrettelegging', text: dto.tilrettelegging },
    { field: 'oppfolging', text: dto.oppfolging },
  ];
}

/** The two parties who write the plan hear of every change to it. */
function parties(p: StoredOppfolgingsplan): Seat[] {
  return ['sykmeldt', `arbeidsgiver:${p.orgnr}`];
}

/** Oppfølgingsplan: drafted by the nærmeste leder, edited and approved by both parties, shared by the leder. */
@Injectable()
export class OppfolgingsplanService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly reader: AuditedReader,
    private readonly writer: CaseEventWriter,
    private readonly healthText: HealthTextGuard,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The plan's texts go to its virksomhet's leder (issue 19): checked for health information before they are stored. */
  private guard(
    access: CaseAccess,
    subject: { caseId: string; orgnr: string },
    field: 'versjoner' | 'kommentarer',
    texts: OpenText[],
    confirmed: boolean | undefined,
  ): GuardOutcome {
    return this.healthText.check(
      texts,
      () => reachesArbeidsgiver(access, 'Oppfolgingsplan', subject, field, [`arbeidsgiver:${subject.orgnr}`]),
      confirmed,
    );
  }

  async draft(actor: Actor, caseId: string, dto: DraftPlanDto): Promise<OppfolgingsplanView> {
    const { ability, seats, access } = await this.access.resolve(actor, caseId);
    const orgnr = orgnrOfActor(seats, dto.orgnr);
    if (orgnr === undefined || !ability.can('create', tagged('Oppfolgingsplan', { caseId, orgnr }))) {
      throw new Forbidden('Only the nærmeste leder drafts the oppfølgingsplan');
    }
    const guard = this.guard(access, { caseId, orgnr }, 'versjoner', innholdTexts(dto), dto.helseopplysningerBekreftet);
    const now = this.clock.now();
    const stored: StoredOppfolgingsplan = {
      caseId,
      orgnr,
      createdBy: actor.sub,
      createdAt: now,
      plan: draftPlan(randomUUID(), innhold(dto), actor, now),
    };
    await this.writer.commit(async (tx) => {
      try {
        await new OppfolgingsplanRepository(tx).insert(stored);
      } catch (e) {
        if (isUniqueViolation(e, 'oppfolgingsplaner_case_id_orgnr_key'))
          throw new Conflict('The virksomhet already has an oppfølgingsplan in this case; edit it instead');
        throw e;
      }
      return [this.event(stored, 'plan.version_created', actor, now, { planId: stored.plan.id, versjon: 1 })];
    });
    if (guard === 'confirmed') await this.healthText.confirmed(actor, caseId, 'Oppfolgingsplan', stored.plan.id);
    return toOppfolgingsplanView(ability, actor.role, stored);
  }

  async list(actor: Actor, caseId: string): Promise<OppfolgingsplanView[]> {
    return this.reader.read(actor, caseId, {
      subject: 'Oppfolgingsplan',
      load: () => new OppfolgingsplanRepository(this.db).inCase(caseId),
      as: planSubject,
      id: (p) => p.plan.id,
      view: (p, { ability }) => toOppfolgingsplanView(ability, actor.role, p),
    });
  }

  async get(actor: Actor, caseId: string, planId: string): Promise<OppfolgingsplanView> {
    const resolved = await this.access.resolve(actor, caseId);
    const stored = await this.readable(new OppfolgingsplanRepository(this.db), resolved, actor, caseId, planId, false);
    await this.audit.permit(actor, { caseId, subjectType: 'Oppfolgingsplan', subjectIds: [planId] });
    return toOppfolgingsplanView(resolved.ability, actor.role, stored);
  }

  /** Either party edits: a new, frozen version that nobody has approved yet. */
  async edit(actor: Actor, caseId: string, planId: string, dto: PlanInnholdDto): Promise<OppfolgingsplanView> {
    return this.change(actor, caseId, planId, async (stored, repo, now, resolved) => {
      const guard = this.guard(
        resolved.access,
        { caseId, orgnr: stored.orgnr },
        'versjoner',
        innholdTexts(dto),
        dto.helseopplysningerBekreftet,
      );
      const plan = editPlan(stored.plan, innhold(dto), actor, now);
      const versjon = latestPlanVersion(plan);
      await repo.insertVersion(planId, versjon, actor.sub);
      return { plan, events: [this.event(stored, 'plan.version_created', actor, now, { planId, versjon: versjon.versjon })], guard };
    });
  }

  async comment(actor: Actor, caseId: string, planId: string, versjon: number, dto: CommentPlanDto): Promise<OppfolgingsplanView> {
    return this.change(actor, caseId, planId, async (stored, repo, now, resolved) => {
      const guard = this.guard(
        resolved.access,
        { caseId, orgnr: stored.orgnr },
        'kommentarer',
        [{ field: 'tekst', text: dto.tekst }],
        dto.helseopplysningerBekreftet,
      );
      const plan = commentPlan(stored.plan, versjon, dto.tekst, actor, now);
      await repo.insertKommentar(planId, plan.kommentarer[plan.kommentarer.length - 1]);
      return { plan, events: [this.event(stored, 'plan.commented', actor, now, { planId, versjon })], guard };
    });
  }

  /** A party approves the latest version; approving again changes nothing and tells nobody. */
  async approve(actor: Actor, caseId: string, planId: string, versjon: number): Promise<OppfolgingsplanView> {
    return this.change(actor, caseId, planId, async (stored, repo, now) => {
      const plan = approveVersion(stored.plan, versjon, actor, now);
      if (plan === stored.plan) return { plan, events: [] };
      await repo.insertGodkjenning(planId, plan.godkjenninger[plan.godkjenninger.length - 1]);
      const godkjent = isVersionApproved(plan, versjon);
      return { plan, events: [this.event(stored, 'plan.approved', actor, now, { planId, versjon, role: actor.role, godkjent })] };
    });
  }

  /**
   * The nærmeste leder shares an approved version. Each new share is its own act: an event the sykmeldt, the leder and
   * the recipient see, and an audit row the sykmeldt sees in innsyn, written in the same transaction as the share.
   */
  async share(
    actor: Actor,
    caseId: string,
    planId: string,
    versjon: number,
    mottakere: readonly PlanMottaker[],
  ): Promise<OppfolgingsplanView> {
    return this.change(actor, caseId, planId, async (stored, repo, now, resolved, tx) => {
      if (!resolved.ability.can('create', tagged('PlanDeling', { caseId, orgnr: stored.orgnr })))
        throw new Forbidden('Only the nærmeste leder shares the oppfølgingsplan');
      if (mottakere.includes('fastlege') && !resolved.access.relations.some((r) => r.role === 'fastlege'))
        throw new Conflict('The case has no fastlege to share with');
      const plan = shareVersion(stored.plan, versjon, mottakere, actor, now);
      const fresh = plan.delinger.slice(stored.plan.delinger.length);
      await repo.insertDelinger(planId, fresh, actor.sub);
      await new AuditRepository(tx).insertMany(
        fresh.map((d) => ({
          at: now,
          actorId: actor.sub,
          actorRole: actor.role,
          caseId,
          action: `share:${d.mottaker}`,
          subjectType: 'OppfolgingsplanVersjon',
          subjectIds: [`${planId}/${d.versjon}`],
          decision: 'permit' as const,
          channel: 'rest' as const,
        })),
      );
      const events = fresh.map((d) => ({
        ...this.event(stored, 'plan.shared', actor, now, { planId, versjon: d.versjon, mottaker: d.mottaker }),
        audience: [...parties(stored), MOTTAKER_SEAT[d.mottaker]],
      }));
      return { plan, events };
    });
  }

  /**
   * Runs one change on the locked plan: NotFound when the actor may not see it, Forbidden when it sees it but may not
   * change it. The rows the change adds and its events commit together or not at all.
   */
  private async change(
    actor: Actor,
    caseId: string,
    planId: string,
    work: (
      stored: StoredOppfolgingsplan,
      repo: OppfolgingsplanRepository,
      now: Date,
      resolved: ResolvedAccess,
      tx: Queryable,
    ) => Promise<{ plan: StoredOppfolgingsplan['plan']; events: NewCaseEvent[]; guard?: GuardOutcome }>,
  ): Promise<OppfolgingsplanView> {
    const resolved = await this.access.resolve(actor, caseId);
    const now = this.clock.now();
    let after: StoredOppfolgingsplan | undefined;
    let guard: GuardOutcome | undefined;
    await this.writer.commit(async (tx) => {
      const repo = new OppfolgingsplanRepository(tx);
      const stored = await this.readable(repo, resolved, actor, caseId, planId, true);
      if (!resolved.ability.can('update', tagged('Oppfolgingsplan', planSubject(stored))))
        throw new Forbidden('Only the nærmeste leder and the sykmeldt change the oppfølgingsplan');
      const done = await work(stored, repo, now, resolved, tx);
      after = { ...stored, plan: done.plan };
      guard = done.guard;
      return done.events;
    });
    if (guard === 'confirmed') await this.healthText.confirmed(actor, caseId, 'Oppfolgingsplan', planId);
    return toOppfolgingsplanView(resolved.ability, actor.role, after!);
  }

  private async readable(
    repo: OppfolgingsplanRepository,
    resolved: ResolvedAccess,
    actor: Actor,
    caseId: string,
    planId: string,
    forUpdate: boolean,
  ): Promise<StoredOppfolgingsplan> {
    const stored = await repo.find(caseId, planId, forUpdate);
    if (!stored || !canRead(resolved.ability, 'Oppfolgingsplan', planSubject(stored))) {
      await this.audit.deny(actor, { caseId, subjectType: 'Oppfolgingsplan', subjectIds: [planId] });
      throw new NotFound();
    }
    return stored;
  }

  private event(
    p: StoredOppfolgingsplan,
    type: NewCaseEvent['type'],
    actor: Actor,
    at: Date,
    payload: NewCaseEvent['payload'],
  ): NewCaseEvent {
    return { caseId: p.caseId, type, threadId: null, refId: p.plan.id, actorId: actor.sub, audience: parties(p), payload, at };
  }
}
