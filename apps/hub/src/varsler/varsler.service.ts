import { Inject, Injectable } from '@nestjs/common';
import { VarselCountView } from '@hub/access';
import { Actor, NotFound } from '@hub/domain';
import { Db, DeadDelivery, VarselRepository, VarselSettings } from '@hub/persistence';
import { CLOCK, Clock } from '../common/clock';
import { VarselSettingsDto } from './dto/varsel-settings.dto';

const DEAD_PAGE = 500;

/** A person's own varsel settings and waiting count; the operator's dead letters. */
@Injectable()
export class VarslerService {
  constructor(
    private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  settings(actor: Actor): Promise<VarselSettings> {
    return new VarselRepository(this.db).settings(actor.sub);
  }

  async saveSettings(actor: Actor, dto: VarselSettingsDto): Promise<VarselSettings> {
    const s: VarselSettings = { epost: dto.epost ?? null, telefon: dto.telefon ?? null, kanaler: dto.kanaler };
    await new VarselRepository(this.db).saveSettings(actor.sub, s, this.clock.now());
    return s;
  }

  /** What waits for the caller, per case: counts only. */
  async waiting(actor: Actor): Promise<{ antall: number; saker: VarselCountView[] }> {
    const rows = await new VarselRepository(this.db).waiting(actor.sub, actor.role);
    return { antall: rows.reduce((n, r) => n + r.count, 0), saker: rows.map((r) => ({ caseId: r.caseId, antall: r.count })) };
  }

  dead(): Promise<DeadDelivery[]> {
    return new VarselRepository(this.db).dead(DEAD_PAGE);
  }

  async retry(id: string): Promise<void> {
    if (!(await new VarselRepository(this.db).retry(id, this.clock.now()))) throw new NotFound();
  }
}
