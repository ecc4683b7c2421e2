import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  assertStartDate,
  Case,
  Conflict,
  Consent,
  ConsentScope,
  Forbidden,
  NewCaseEvent,
  NotFound,
  Relation,
  Seat,
  seatOf,
  timeline,
} from '@hub/domain';
import {
  CaseListEntryView,
  CaseView,
  ConsentView,
  mayOpenCase,
  reachesArbeidsgiver,
  RelationView,
  tagged,
  toCaseListEntryView,
  toCaseView,
  toConsentView,
  toRelationView,
} from '@hub/access';
import { calendarDay, CaseRepository, Db, isUniqueViolation, TimelineRepository, TrackRepository } from '@hub/persistence';
import { CaseAccessService } from '../access/case-access.service';
import { HealthTextGuard } from '../access/health-text-guard';
import { AuditService } from '../audit/audit.service';
import { CLOCK, Clock } from '../common/clock';
import { CaseEventWriter } from '../events/case-event-writer';
import { AddRelationDto, HandoverDto } from './dto/add-relation.dto';
import { OpenCaseDto } from './dto/open-case.dto';

export interface CaseDetailView {
  case: CaseView;
  seats: Seat[];
  relations: RelationView[];
  consents: ConsentView[];
}

/** Who hears of a relation change: the sykmeldt and NAV always, and the seat it concerns. */
function relationAudience(r: Relation): Seat[] {
  return [...new Set<Seat>(['sykmeldt', 'veileder', seatOf(r)])];
}

@Injectable()
export class CasesService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly writer: CaseEventWriter,
    private readonly healthText: HealthTextGuard,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async open(actor: Actor, dto: OpenCaseDto): Promise<CaseDetailView> {
    if (!mayOpenCase(actor.role)) throw new Forbidden('Only a veileder opens cases');
    const now = this.clock.now();
    assertStartDate(dto.startDate, now);
    const c: Case = {
      id: randomUUID(),
      sykmeldtFnr: dto.sykmeldtFnr,
      sykmeldtId: dto.sykmeldtId,
      startDate: dto.startDate,
      enhet: dto.enhet ?? actor.enhet,
      createdAt: now,
      lastSeq: 0,
      ...(dto.sykmeldtFornavn && dto.sykmeldtEtternavn
        ? { sykmeldtNavn: { fornavn: dto.sykmeldtFornavn, etternavn: dto.sykmeldtEtternavn } }
        : {}),
    };
    const rel = (role: 'sykmeldt' | 'veileder', partyId: string): Relation => ({
      id: randomUUID(),
      caseId: c.id,
      role,
      partyId,
      startedAt: now,
      startedBy: actor.sub,
    });
    const relations = [rel('sykmeldt', dto.sykmeldtId), rel('veileder', actor.sub)];
    await this.writer.commit(async (tx) => {
      const cases = new CaseRepository(tx);
      await cases.insert(c, actor.sub);
      for (const r of relations) await cases.insertRelation(r);
      return [
        this.event(c.id, 'case.opened', actor, now, { startDate: c.startDate }, ['sykmeldt', 'veileder']),
        ...relations.map((r) => this.relationEvent('relation.added', r, actor, now)),
      ];
    });
    return this.get(actor, c.id);
  }

  /** The caller's cases, each with its own next deadline and count of overdue tasks (issue 16). */
  async list(actor: Actor, limit: number): Promise<CaseListEntryView[]> {
    const cases = await new CaseRepository(this.db).listForParty(actor.role, actor.sub, actor.enhet, limit);
    const ids = cases.map((c) => c.id);
    // Marks and tasks of all listed cases in two round trips, not two per case.
    const [marks, tracks] = await Promise.all([new TimelineRepository(this.db).marksOf(ids), new TrackRepository(this.db).inCases(ids)]);
    const now = this.clock.now();
    const views: CaseListEntryView[] = [];
    for (const c of cases) {
      const { ability, seats } = await this.access.resolve(actor, c.id);
      const milestones = timeline({
        forsteSykedag: calendarDay(c.startDate),
        now,
        done: (marks.get(c.id) ?? []).map((m) => m.milestone),
      });
      views.push(toCaseListEntryView(ability, actor.role, seats, c, milestones, tracks.get(c.id) ?? [], now));
    }
    await this.audit.permit(actor, { caseId: null, subjectType: 'Case', subjectIds: cases.map((c) => c.id), action: 'list' });
    return views;
  }

  async get(actor: Actor, caseId: string): Promise<CaseDetailView> {
    const { ability, access, seats } = await this.access.resolve(actor, caseId);
    const cases = new CaseRepository(this.db);
    const relations = (await cases.allRelations(caseId)).filter((r) => ability.can('read', tagged('Relation', r)));
    const consents = (await cases.allConsents(caseId)).filter(
      (k) => ability.can('read', tagged('Consent', k)) || ability.can('manage', tagged('Consent', k)),
    );
    await this.audit.permit(actor, { caseId, subjectType: 'Case', subjectIds: [caseId] });
    return {
      case: toCaseView(ability, actor.role, access.case),
      seats,
      relations: relations.map((r) => toRelationView(ability, r)),
      consents: consents.map(toConsentView),
    };
  }

  async addRelation(actor: Actor, caseId: string, dto: AddRelationDto): Promise<RelationView> {
    const { ability } = await this.access.resolve(actor, caseId);
    if (!ability.can('manage', tagged('Relation', { caseId }))) throw new Forbidden("Only the case's veileder changes its parties");
    const now = this.clock.now();
    const relation: Relation = {
      id: randomUUID(),
      caseId,
      role: dto.role,
      partyId: dto.partyId,
      orgnr: dto.role === 'arbeidsgiver' ? dto.orgnr : undefined,
      virksomhetsnavn: dto.role === 'arbeidsgiver' ? dto.virksomhetsnavn?.trim() || undefined : undefined,
      herId: dto.herId,
      hprNr: dto.hprNr,
      legekontorNavn: dto.role === 'fastlege' ? dto.legekontorNavn : undefined,
      startedAt: now,
      startedBy: actor.sub,
    };
    await this.writer.commit(async (tx) => {
      const cases = new CaseRepository(tx);
      await cases.lock(caseId);
      const current = (await cases.activeRelations(caseId)).find((r) => seatOf(r) === seatOf(relation));
      const events: NewCaseEvent[] = [];
      if (current) {
        if (!dto.replace)
          throw new Conflict(
            `The case already has an active ${seatOf(relation).split(':')[0]} in that place; send replace: true to replace it`,
          );
        const ended = await cases.endRelation(caseId, current.id, actor.sub, now, 'replaced');
        if (ended) events.push(this.relationEvent('relation.ended', ended, actor, now));
      }
      await cases.insertRelation(relation);
      events.push(this.relationEvent('relation.added', relation, actor, now));
      return events;
    });
    return toRelationView(ability, relation);
  }

  async endRelation(actor: Actor, caseId: string, relationId: string, reason: string, confirmed?: boolean): Promise<RelationView> {
    const { ability, access } = await this.access.resolve(actor, caseId);
    const target = await new CaseRepository(this.db).findRelation(caseId, relationId);
    if (!target || !ability.can('read', tagged('Relation', target))) throw new NotFound();
    if (!ability.can('manage', tagged('Relation', target))) throw new Forbidden("Only the case's veileder changes its parties");
    if (target.role === 'veileder' || target.role === 'sykmeldt')
      throw new Conflict('A case keeps its sykmeldt, and its veileder changes only by handover');
    // The reason travels in the relation.ended event to the seat it concerns, a leder's included.
    const event = { caseId, threadId: null, audience: relationAudience(target) };
    const guard = this.healthText.check(
      [{ field: 'reason', text: reason }],
      () => reachesArbeidsgiver(access, 'Event', event, undefined, event.audience),
      confirmed,
    );
    const now = this.clock.now();
    let ended: Relation | undefined;
    await this.writer.commit(async (tx) => {
      ended = await new CaseRepository(tx).endRelation(caseId, relationId, actor.sub, now, reason);
      if (!ended) throw new Conflict('The relation has already ended');
      return [this.relationEvent('relation.ended', ended, actor, now)];
    });
    if (guard === 'confirmed') await this.healthText.confirmed(actor, caseId, 'Relation', relationId);
    return toRelationView(ability, ended!);
  }

  /** Hands the case to another veileder: the veileder seat, and with it every thread and the whole history, moves. */
  async handover(actor: Actor, caseId: string, dto: HandoverDto): Promise<RelationView> {
    const { ability } = await this.access.resolve(actor, caseId);
    if (!ability.can('manage', tagged('Case', { id: caseId }))) throw new Forbidden("Only the case's veileder hands it over");
    const now = this.clock.now();
    const next: Relation = { id: randomUUID(), caseId, role: 'veileder', partyId: dto.toVeilederId, startedAt: now, startedBy: actor.sub };
    await this.writer.commit(async (tx) => {
      const cases = new CaseRepository(tx);
      await cases.lock(caseId);
      const current = (await cases.activeRelations(caseId)).find((r) => r.role === 'veileder');
      if (current?.partyId === dto.toVeilederId) throw new Conflict('That veileder already has the case');
      const events: NewCaseEvent[] = [];
      if (current) {
        const ended = await cases.endRelation(caseId, current.id, actor.sub, now, 'handover');
        if (ended) events.push(this.relationEvent('relation.ended', ended, actor, now));
      }
      await cases.insertRelation(next);
      await cases.insertHandover({
        id: randomUUID(),
        caseId,
        fromId: current?.partyId ?? actor.sub,
        toId: dto.toVeilederId,
        notat: dto.notat,
        at: now,
      });
      events.push(this.relationEvent('relation.added', next, actor, now));
      events.push(
        this.event(caseId, 'case.handover', actor, now, { fromId: current?.partyId ?? actor.sub, toId: dto.toVeilederId }, [
          'sykmeldt',
          'veileder',
          'fastlege',
        ]),
      );
      return events;
    });
    return toRelationView(ability, next);
  }

  async setConsent(actor: Actor, caseId: string, orgnr: string, scope: ConsentScope, granted: boolean): Promise<ConsentView> {
    const { ability } = await this.access.resolve(actor, caseId);
    if (!ability.can('manage', tagged('Consent', { caseId })))
      throw new Forbidden('Only the sykmeldt decides what the arbeidsgiver may see');
    const now = this.clock.now();
    let result: Consent | undefined;
    await this.writer.commit(async (tx) => {
      const cases = new CaseRepository(tx);
      if (granted) {
        result = { id: randomUUID(), caseId, orgnr, scope, grantedAt: now };
        try {
          await cases.insertConsent(result);
        } catch (e) {
          if (isUniqueViolation(e, 'consents_one_active')) throw new Conflict('Consent is already given');
          throw e;
        }
      } else {
        result = await cases.revokeConsent(caseId, orgnr, scope, now);
        if (!result) throw new Conflict('There is no consent to revoke');
      }
      return [
        this.event(caseId, granted ? 'consent.granted' : 'consent.revoked', actor, now, { orgnr, scope }, [
          'sykmeldt',
          'veileder',
          `arbeidsgiver:${orgnr}`,
        ]),
      ];
    });
    return toConsentView(result!);
  }

  private event(
    caseId: string,
    type: NewCaseEvent['type'],
    actor: Actor,
    at: Date,
    payload: NewCaseEvent['payload'],
    audience: Seat[],
  ): NewCaseEvent {
    return { caseId, type, threadId: null, refId: null, actorId: actor.sub, audience, payload, at };
  }

  private relationEvent(type: 'relation.added' | 'relation.ended', r: Relation, actor: Actor, at: Date): NewCaseEvent {
    const payload: NewCaseEvent['payload'] = { relationId: r.id, role: r.role, partyId: r.partyId, orgnr: r.orgnr ?? null };
    if (type === 'relation.ended') payload.reason = r.endReason ?? null;
    return { ...this.event(r.caseId, type, actor, at, payload, relationAudience(r)), refId: r.id };
  }
}
