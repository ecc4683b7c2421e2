import { Injectable } from '@nestjs/common';
import { Actor, NotFound, Seat } from '@hub/domain';
import { AppAbility, CaseAccess, defineAbility, seatsOf } from '@hub/access';
import { CaseRepository, Db } from '@hub/persistence';
import { AuditService } from '../audit/audit.service';

export interface ResolvedAccess {
  access: CaseAccess;
  seats: Seat[];
  ability: AppAbility;
}

/**
 * The one door into a case. Loads its live relations, consents and threads, and answers "not found" the same
 * way for a missing case and for one the actor holds no seat in, so case ids cannot be probed.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  load(caseId: string): Promise<CaseAccess | undefined> {
    return new CaseRepository(this.db).accessState(caseId);
  }

  /** The actor's seats and ability in the case, or NotFound (audited as a denial). */
  async resolve(actor: Actor, caseId: string): Promise<ResolvedAccess> {
    const access = await this.load(caseId);
    const seats = access ? seatsOf(actor, access) : [];
    if (!access || seats.length === 0) {
      await this.audit.deny(actor, { caseId: access ? caseId : null, subjectType: 'Case', subjectIds: [caseId] });
      throw new NotFound();
    }
    return { access, seats, ability: defineAbility(seats, access, actor.sub) };
  }

  /** For an audience (fan-out): the ability of one seat, with no person-specific grants. */
  abilityForSeat(access: CaseAccess, seat: Seat): AppAbility {
    return defineAbility([seat], access);
  }
}
