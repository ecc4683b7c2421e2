import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  avlys,
  changeStatus,
  conveneDialogmote,
  Dialogmote,
  ferdigstill,
  Forbidden,
  giveSvar,
  Invalid,
  mayManage,
  Message,
  NewCaseEvent,
  NotFound,
  nyttTidSted,
  ReferatInput,
  reviseReferat,
  Role,
  Seat,
  seatOf,
  StatusChange,
  TidSted,
} from '@hub/domain';
import {
  canRead,
  DialogmoteView,
  dialogmoteSubject,
  dialogmoteSvarSubject,
  reachesArbeidsgiver,
  tagged,
  toDialogmoteView,
} from '@hub/access';
import { CaseRepository, Db, DialogmoteRepository, Queryable, StoredDialogmote } from '@hub/persistence';
import { AuditedReader } from '../../access/audited-reader';
import { CaseAccessService, ResolvedAccess } from '../../access/case-access.service';
import { GuardOutcome, HealthTextGuard, OpenText } from '../../access/health-text-guard';
import { AuditService } from '../../audit/audit.service';
import { CLOCK, Clock } from '../../common/clock';
import { CaseEventWriter } from '../../events/case-event-writer';
import { orgnrInCase, orgnrOfActor } from '../plan/virksomhet';
import { ConveneDialogmoteDto, GiveSvarDto, ReferatDto, TidStedDto } from './dto/dialogmote.dto';
import { fileMoteDialogmelding, MoteUtsending } from './mote-dialogmeldinger';

function tidSted(dto: TidStedDto): TidSted {
  return { tid: new Date(dto.tid), sted: dto.sted, ...(dto.videoLink !== undefined ? { videoLink: dto.videoLink } : {}) };
}

function referatInput(dto: ReferatDto): ReferatInput {
  return {
    situasjon: dto.situasjon,
    konklusjon: dto.konklusjon,
    arbeidstakerOppgave: dto.arbeidstakerOppgave,
    arbeidsgiverOppgave: dto.arbeidsgiverOppgave,
    veilederOppgave: dto.veilederOppgave,
    behandlerOppgave: dto.behandlerOppgave,
  };
}

/** The seats of a møte's deltakere: they, and only they, hear of it. */
export function deltakerSeats(s: StoredDialogmote): Seat[] {
  return s.mote.deltakere.map((role: Role): Seat => (role === 'arbeidsgiver' ? `arbeidsgiver:${s.orgnr}` : role));
}

/** Which dialogmelding, if any, a change sends the fastlege: the new time, the cancellation, the (revised) referat. */
function utsendingOf(result: MoteResult): MoteUtsending | undefined {
  if (result.change?.to === 'NYTT_TID_STED') return 'ENDRING';
  if (result.change?.to === 'AVLYST') return 'AVLYSNING';
  if (result.wrote === 'referat') return 'REFERAT';
  return undefined;
}

/** What one change did: the møte after it, the status move if any, and which part it wrote. */
type MoteResult = {
  mote: Dialogmote;
  change?: StatusChange;
  wrote?: 'svar' | 'referat';
  openText?: { texts: OpenText[]; confirmed?: boolean };
};

/** The referat's parts as open texts; the guard asks of each whether the arbeidsgiver reads it (REFERAT_PARTS). */
function referatTexts(dto: ReferatDto): MoteResult['openText'] {
  const input = referatInput(dto);
  const texts = (Object.keys(input) as (keyof ReferatInput)[]).map((field) => ({ field, text: input[field] }));
  return { texts, confirmed: dto.helseopplysningerBekreftet };
}
/** Convening party's moves, or a deltaker's svar. */
type Permission = 'manage' | 'svar';

/** Dialogmøter: innkalling, svar, new time and place, cancellation, the held møte's referat, closing. */
@Injectable()
export class DialogmoteService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly reader: AuditedReader,
    private readonly writer: CaseEventWriter,
    private readonly healthText: HealthTextGuard,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** DM1 by the nærmeste leder for its virksomhet, DM2/DM3 by NAV with the virksomhet the møte is with. */
  async convene(actor: Actor, caseId: string, dto: ConveneDialogmoteDto): Promise<DialogmoteView> {
    const { ability, access, seats } = await this.access.resolve(actor, caseId);
    const leder = seats.some((s) => s.startsWith('arbeidsgiver:'));
    const orgnr = leder ? orgnrOfActor(seats, dto.orgnr)! : orgnrInCase(access, dto.orgnr);
    if (!ability.can('create', tagged('Dialogmote', { caseId, orgnr, kind: dto.kind })))
      throw new Forbidden(`${actor.role} does not convene ${dto.kind}`);
    const held = new Set(access.relations.map(seatOf));
    for (const role of dto.deltakere) {
      const seat: Seat = role === 'arbeidsgiver' ? `arbeidsgiver:${orgnr}` : role;
      if (!held.has(seat)) throw new Invalid('deltakere', 'notInCase');
    }
    const now = this.clock.now();
    const mote = conveneDialogmote(
      { id: randomUUID(), kind: dto.kind, deltakere: dto.deltakere, tidSted: tidSted(dto), maksNyttTidOnsker: dto.maksNyttTidOnsker },
      actor,
      now,
    );
    const stored: StoredDialogmote = { caseId, orgnr, innkaltAvId: actor.sub, mote };
    const published: Message[] = [];
    await this.writer.commit(async (tx) => {
      await new CaseRepository(tx).lock(caseId);
      await new DialogmoteRepository(tx).insert(stored);
      const events = [this.event(stored, 'dialogmote.innkalt', actor, now, { moteId: mote.id, kind: mote.kind, status: mote.status })];
      return [...events, ...(await this.toFastlege(tx, stored, 'INNKALLING', access, actor, events.length, now, published))];
    }, published);
    return toDialogmoteView(ability, actor.role, stored);
  }

  async list(actor: Actor, caseId: string): Promise<DialogmoteView[]> {
    return this.reader.read(actor, caseId, {
      subject: 'Dialogmote',
      load: () => new DialogmoteRepository(this.db).inCase(caseId),
      as: dialogmoteSubject,
      id: (m) => m.mote.id,
      view: (m, { ability }) => toDialogmoteView(ability, actor.role, m),
    });
  }

  async get(actor: Actor, caseId: string, moteId: string): Promise<DialogmoteView> {
    const resolved = await this.access.resolve(actor, caseId);
    const stored = await this.readable(new DialogmoteRepository(this.db), resolved, actor, caseId, moteId, false);
    await this.audit.permit(actor, { caseId, subjectType: 'Dialogmote', subjectIds: [moteId] });
    return toDialogmoteView(resolved.ability, actor.role, stored);
  }

  /** New time and place (→ NYTT_TID_STED); every svar is cleared, since each answered the old time. */
  nyttTidSted(actor: Actor, caseId: string, moteId: string, dto: TidStedDto): Promise<DialogmoteView> {
    return this.manage(actor, caseId, moteId, (m, now) => {
      const [mote, change] = nyttTidSted(m, tidSted(dto), actor, now);
      return { mote, change };
    });
  }

  avlys(actor: Actor, caseId: string, moteId: string): Promise<DialogmoteView> {
    return this.manage(actor, caseId, moteId, (m, now) => {
      const [mote, change] = avlys(m, actor, now);
      return { mote, change };
    });
  }

  /** The møte was held: FERDIGSTILT with its referat, in one step. */
  ferdigstill(actor: Actor, caseId: string, moteId: string, dto: ReferatDto): Promise<DialogmoteView> {
    return this.manage(actor, caseId, moteId, (m, now) => {
      const [mote, change] = ferdigstill(m, referatInput(dto), actor, now);
      return { mote, change, wrote: 'referat', openText: referatTexts(dto) };
    });
  }

  reviseReferat(actor: Actor, caseId: string, moteId: string, dto: ReferatDto): Promise<DialogmoteView> {
    return this.manage(actor, caseId, moteId, (m, now) => ({
      mote: reviseReferat(m, referatInput(dto), actor, now),
      wrote: 'referat',
      openText: referatTexts(dto),
    }));
  }

  /** Closes the møte for good (→ LUKKET); only the convening party, and only where the status table allows. */
  lukk(actor: Actor, caseId: string, moteId: string): Promise<DialogmoteView> {
    return this.manage(actor, caseId, moteId, (m, now) => {
      if (!mayManage(m, actor.role)) throw new Forbidden();
      const [mote, change] = changeStatus(m, 'LUKKET', actor.sub, now);
      return { mote, change };
    });
  }

  /** A deltaker answers the innkalling; a later svar replaces its earlier one. */
  svar(actor: Actor, caseId: string, moteId: string, dto: GiveSvarDto): Promise<DialogmoteView> {
    return this.run(actor, caseId, moteId, 'svar', (m, now) => ({
      mote: giveSvar(m, actor, { type: dto.svar, onske: dto.onske }, now),
      wrote: 'svar',
      openText: { texts: [{ field: 'onske', text: dto.onske }], confirmed: dto.helseopplysningerBekreftet },
    }));
  }

  private manage(actor: Actor, caseId: string, moteId: string, move: (m: Dialogmote, now: Date) => MoteResult): Promise<DialogmoteView> {
    return this.run(actor, caseId, moteId, 'manage', move);
  }

  /** 403 for a party that sees the møte but may not do this to it. */
  private authorize(ability: ResolvedAccess['ability'], stored: StoredDialogmote, permission: Permission, role: Role): void {
    const allowed =
      permission === 'manage'
        ? ability.can('update', tagged('Dialogmote', dialogmoteSubject(stored)))
        : ability.can('create', tagged('DialogmoteSvar', { ...dialogmoteSubject(stored), role }));
    if (!allowed)
      throw new Forbidden(permission === 'manage' ? 'Only the convening party changes the møte' : 'Only an invited deltaker answers');
  }

  /**
   * Applies one change to the locked møte and stores exactly what it changed with its events, in one transaction;
   * a refused move (403, 409, 400) throws before anything is written.
   */
  private async run(
    actor: Actor,
    caseId: string,
    moteId: string,
    permission: Permission,
    apply: (m: Dialogmote, now: Date) => MoteResult,
  ): Promise<DialogmoteView> {
    const resolved = await this.access.resolve(actor, caseId);
    const now = this.clock.now();
    let after: StoredDialogmote | undefined;
    const published: Message[] = [];
    let guard = 'clean' as GuardOutcome;
    await this.writer.commit(async (tx) => {
      const repo = new DialogmoteRepository(tx);
      const stored = await this.readable(repo, resolved, actor, caseId, moteId, true);
      this.authorize(resolved.ability, stored, permission, actor.role);
      const result = apply(stored.mote, now);
      if (result.openText) {
        // A svar's wish goes to the leder when it convened or wrote it; a referat's parts as REFERAT_PARTS say.
        const [name, subject] =
          result.wrote === 'svar'
            ? (['DialogmoteSvar', dialogmoteSvarSubject(stored, actor.role)] as const)
            : (['Referat', dialogmoteSubject(stored)] as const);
        guard = this.healthText.check(
          result.openText.texts,
          (f) => reachesArbeidsgiver(resolved.access, name, subject, f, deltakerSeats(stored)),
          result.openText.confirmed,
        );
      }
      after = { ...stored, mote: result.mote };
      const events: NewCaseEvent[] = [];
      await repo.update(result.mote);
      if (result.change) {
        await repo.insertStatusChange(result.change);
        events.push(
          this.event(stored, 'dialogmote.status_changed', actor, now, {
            moteId,
            kind: stored.mote.kind,
            from: result.change.from,
            to: result.change.to,
          }),
        );
      }
      if (result.change?.to === 'NYTT_TID_STED') await repo.clearSvar(moteId);
      if (result.wrote === 'svar') {
        const svar = result.mote.svar[actor.role]!;
        await repo.putSvar(moteId, actor.role, svar);
        events.push(this.event(stored, 'dialogmote.svar', actor, now, { moteId, role: actor.role, svar: svar.type }));
      }
      if (result.wrote === 'referat' && result.mote.referat) {
        await repo.putReferat(moteId, result.mote.referat);
        events.push(this.event(stored, 'dialogmote.referat', actor, now, { moteId }));
      }
      const utsending = utsendingOf(result);
      if (utsending) events.push(...(await this.toFastlege(tx, after, utsending, resolved.access, actor, events.length, now, published)));
      return events;
    }, published);
    if (guard === 'confirmed') await this.healthText.confirmed(actor, caseId, permission === 'svar' ? 'DialogmoteSvar' : 'Referat', moteId);
    return toDialogmoteView(resolved.ability, actor.role, after!);
  }

  /** The dialogmelding this change sends the fastlege, filed in the same transaction; its events follow the change's. */
  private async toFastlege(
    tx: Queryable,
    s: StoredDialogmote,
    what: MoteUtsending,
    access: ResolvedAccess['access'],
    actor: Actor,
    eventsBefore: number,
    now: Date,
    published: Message[],
  ): Promise<NewCaseEvent[]> {
    const filed = await fileMoteDialogmelding(tx, s, what, access, { id: actor.sub }, eventsBefore, now);
    if (!filed) return [];
    published.push(filed.message);
    return filed.events;
  }

  private async readable(
    repo: DialogmoteRepository,
    resolved: ResolvedAccess,
    actor: Actor,
    caseId: string,
    moteId: string,
    forUpdate: boolean,
  ): Promise<StoredDialogmote> {
    const stored = await repo.find(caseId, moteId, forUpdate);
    if (!stored || !canRead(resolved.ability, 'Dialogmote', dialogmoteSubject(stored))) {
      await this.audit.deny(actor, { caseId, subjectType: 'Dialogmote', subjectIds: [moteId] });
      throw new NotFound();
    }
    return stored;
  }

  private event(s: StoredDialogmote, type: NewCaseEvent['type'], actor: Actor, at: Date, payload: NewCaseEvent['payload']): NewCaseEvent {
    return { caseId: s.caseId, type, threadId: null, refId: s.mote.id, actorId: actor.sub, audience: deltakerSeats(s), payload, at };
  }
}
