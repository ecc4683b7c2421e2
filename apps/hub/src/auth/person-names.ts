import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Actor } from '@hub/domain';
import { Db, PersonRepository } from '@hub/persistence';
import { CLOCK, Clock } from '../common/clock';

/**
 * Keeps each person's display name as their newest token says (its `name` claim). Asked once per token per node (the
 * verifier caches tokens), and the store writes only when the name changed, so no request pays a write.
 */
@Injectable()
export class PersonNames {
  private readonly log = new Logger('PersonNames');

  constructor(
    private readonly db: Db,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async remember(actor: Actor): Promise<void> {
    if (!actor.name) return;
    try {
      await new PersonRepository(this.db).remember(actor.role, actor.sub, actor.name, this.clock.now());
    } catch {
      // A name is a courtesy: signing in must not fail because it could not be stored now; the next token tries again.
      this.log.warn('A display name could not be stored');
    }
  }
}
