import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  Conflict,
  Forbidden,
  Invalid,
  isSvarBehovOpen,
  markBehandlet,
  NewCaseEvent,
  NotFound,
  Seat,
  submitMotebehov,
  svarBehovWindow,
} from '@hub/domain';
import { CaseAccess, canReadMotebehov, motebehovSubject, MotebehovView, tagged, toMotebehovView } from '@hub/access';
import { Db, isUniqueViolation, MotebehovRepository, StoredMotebehov } from '@hub/persistence';
import { AuditedReader } from '../../access/audited-reader';
import { CaseAccessService } from '../../access/case-access.service';
import { AuditService } from '../../audit/audit.service';
import { CLOCK, Clock } from '../../common/clock';
import { CaseEventWriter } from '../../events/case-event-writer';
import { arbeidsgiverSeats, orgnrOfActor } from '../plan/virksomhet';
import { SubmitMotebehovDto } from './dto/motebehov.dto';

export interface MotebehovOversikt {
  /** NAV's question (SVAR_BEHOV) is open from the end of week 16 to the end of week 26. */
  svarBehov: { opensAt: string; closesAt: string; open: boolean };
  motebehov: MotebehovView[];
}

const forsteSykedag = (access: CaseAccess): Date => new Date(`${access.case.startDate}T00:00:00.000Z`);

/**
 * Who hears of a møtebehov: the sykmeldt and NAV always; the arbeidsgiver its own virksomhet's, and of the
 * sykmeldt's that it was given (its grant leaves out the begrunnelse, and so does every event payload).
 */
function audience(s: StoredMotebehov, access: CaseAccess): Seat[] {
  const ledere: Seat[] = s.orgnr !== null ? [`arbeidsgiver:${s.orgnr}`] : arbeidsgiverSeats(access);
  return ['sykmeldt', 'veileder', ...ledere];
}

/** Møtebehov: the sykmeldt and the nærmeste leder each say whether a dialogmøte is needed; NAV marks it behandlet. */
@Injectable()
export class MotebehovService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly reader: AuditedReader,
    private readonly writer: CaseEventWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async submit(actor: Actor, caseId: string, dto: SubmitMotebehovDto): Promise<MotebehovView> {
    const { ability, access, seats } = await this.access.resolve(actor, caseId);
    const leder = seats.some((s) => s.startsWith('arbeidsgiver:'));
    if (!leder && dto.orgnr !== undefined) throw new Invalid('orgnr', 'onlyForArbeidsgiver');
    const orgnr = leder ? orgnrOfActor(seats, dto.orgnr)! : null;
    if (!ability.can('create', tagged('Motebehov', { caseId, innmelder: actor.role, orgnr })))
      throw new Forbidden('Only the sykmeldt and the nærmeste leder give møtebehov');
    const now = this.clock.now();
    const svar = {
      harMotebehov: dto.harMotebehov,
      begrunnelse: dto.begrunnelse,
      onskerSykmelderDeltar: dto.onskerSykmelderDeltar,
      onskerTolk: dto.onskerTolk,
      tolkSprak: dto.tolkSprak,
    };
    const motebehov = submitMotebehov(
      { id: randomUUID(), skjemaType: dto.skjemaType, svar, forsteSykedag: forsteSykedag(access) },
      actor,
      now,
    );
    const stored: StoredMotebehov = { caseId, orgnr, motebehov };
    await this.writer.commit(async (tx) => {
      try {
        await new MotebehovRepository(tx).insert(stored);
      } catch (e) {
        if (isUniqueViolation(e, 'motebehov_one_open')) throw new Conflict('Your møtebehov of this kind is waiting for the veileder');
        throw e;
      }
      return [this.event(stored, access, 'motebehov.submitted', actor, now)];
    });
    return toMotebehovView(ability, actor.role, stored);
  }

  async list(actor: Actor, caseId: string): Promise<MotebehovOversikt> {
    const resolved = await this.access.resolve(actor, caseId);
    const { access } = resolved;
    const motebehov = await this.reader.read(
      actor,
      caseId,
      {
        subject: 'Motebehov',
        load: () => new MotebehovRepository(this.db).inCase(caseId),
        as: motebehovSubject,
        id: (m) => m.motebehov.id,
        view: (m, { ability }) => toMotebehovView(ability, actor.role, m),
      },
      resolved,
    );
    const window = svarBehovWindow(forsteSykedag(access));
    return {
      svarBehov: {
        opensAt: window.opensAt.toISOString(),
        closesAt: window.closesAt.toISOString(),
        open: isSvarBehovOpen(forsteSykedag(access), this.clock.now()),
      },
      motebehov,
    };
  }

  async get(actor: Actor, caseId: string, motebehovId: string): Promise<MotebehovView> {
    const { ability } = await this.access.resolve(actor, caseId);
    const stored = await new MotebehovRepository(this.db).find(caseId, motebehovId);
    if (!stored || !canReadMotebehov(ability, stored)) {
      await this.audit.deny(actor, { caseId, subjectType: 'Motebehov', subjectIds: [motebehovId] });
      throw new NotFound();
    }
    await this.audit.permit(actor, { caseId, subjectType: 'Motebehov', subjectIds: [motebehovId] });
    return toMotebehovView(ability, actor.role, stored);
  }

  /** The veileder marks a møtebehov handled, once (a second time is a Conflict). */
  async behandlet(actor: Actor, caseId: string, motebehovId: string): Promise<MotebehovView> {
    const { ability, access } = await this.access.resolve(actor, caseId);
    const now = this.clock.now();
    let after: StoredMotebehov | undefined;
    await this.writer.commit(async (tx) => {
      const repo = new MotebehovRepository(tx);
      const stored = await repo.find(caseId, motebehovId, true);
      if (!stored || !canReadMotebehov(ability, stored)) {
        await this.audit.deny(actor, { caseId, subjectType: 'Motebehov', subjectIds: [motebehovId] });
        throw new NotFound();
      }
      if (!ability.can('update', tagged('Motebehov', motebehovSubject(stored))))
        throw new Forbidden('Only NAV marks a møtebehov behandlet');
      after = { ...stored, motebehov: markBehandlet(stored.motebehov, actor, now) };
      await repo.markBehandlet(after.motebehov);
      return [this.event(after, access, 'motebehov.behandlet', actor, now)];
    });
    return toMotebehovView(ability, actor.role, after!);
  }

  private event(s: StoredMotebehov, access: CaseAccess, type: NewCaseEvent['type'], actor: Actor, at: Date): NewCaseEvent {
    const m = s.motebehov;
    return {
      caseId: s.caseId,
      type,
      threadId: null,
      refId: m.id,
      actorId: actor.sub,
      audience: audience(s, access),
      payload: { motebehovId: m.id, skjemaType: m.skjemaType, innmelder: m.innmelder },
      at,
    };
  }
}
