import { Inject, Injectable } from '@nestjs/common';
import { Actor, Conflict, Dm2Unntak, Forbidden, NotFound, registerDm2Unntak, Seat } from '@hub/domain';
import { tagged, toDm2UnntakView, UnntakView } from '@hub/access';
import { CaseRepository, Db, DialogmoteRepository, Dm2UnntakRepository, isUniqueViolation } from '@hub/persistence';
import { CaseAccessService } from '../../access/case-access.service';
import { AuditService } from '../../audit/audit.service';
import { CLOCK, Clock } from '../../common/clock';
import { CaseEventWriter } from '../../events/case-event-writer';
import { arbeidsgiverSeats } from '../plan/virksomhet';
import { Dm2UnntakDto } from './dto/dialogmote.dto';

/** NAV records that DM2 is not needed. The arbeidsgiver learns only that, and when; never the reason (dm2UnntakFor). */
@Injectable()
export class Dm2UnntakService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly writer: CaseEventWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(actor: Actor, caseId: string, dto: Dm2UnntakDto): Promise<UnntakView> {
    const { ability, access } = await this.access.resolve(actor, caseId);
    if (!ability.can('create', tagged('Dm2Unntak', { caseId }))) throw new Forbidden('Only NAV records a DM2 unntak');
    const now = this.clock.now();
    let made: Dm2Unntak | undefined;
    await this.writer.commit(async (tx) => {
      // The case lock orders this against a DM2 being convened at the same moment.
      await new CaseRepository(tx).lock(caseId);
      const repo = new Dm2UnntakRepository(tx);
      const moter = await new DialogmoteRepository(tx).inCase(caseId);
      const existing = await repo.find(caseId);
      made = registerDm2Unntak(
        { moter: moter.map((m) => m.mote), unntak: existing },
        { arsak: dto.arsak, beskrivelse: dto.beskrivelse },
        actor,
        now,
      );
      try {
        await repo.insert(caseId, made);
      } catch (e) {
        if (isUniqueViolation(e, 'dm2_unntak_pkey')) throw new Conflict('DM2 already has an unntak');
        throw e;
      }
      // No payload: the reason stays out of every event; the arbeidsgiver hears only that DM2 will not be held.
      const audience: Seat[] = ['sykmeldt', 'veileder', ...arbeidsgiverSeats(access)];
      return [
        { caseId, type: 'dialogmote.dm2_unntak' as const, threadId: null, refId: null, actorId: actor.sub, audience, payload: {}, at: now },
      ];
    });
    return toDm2UnntakView(ability, actor.role, caseId, made!)!;
  }

  async get(actor: Actor, caseId: string): Promise<UnntakView> {
    const { ability } = await this.access.resolve(actor, caseId);
    const unntak = await new Dm2UnntakRepository(this.db).find(caseId);
    const view = unntak ? toDm2UnntakView(ability, actor.role, caseId, unntak) : undefined;
    if (!view) {
      await this.audit.deny(actor, { caseId, subjectType: 'Dm2Unntak', subjectIds: [caseId] });
      throw new NotFound();
    }
    await this.audit.permit(actor, { caseId, subjectType: 'Dm2Unntak', subjectIds: [caseId] });
    return view;
  }
}
