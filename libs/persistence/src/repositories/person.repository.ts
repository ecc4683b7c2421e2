import type { Role } from '@hub/domain';
import type { Queryable } from '../db';

/** People's display names, per role and subject, as their tokens carry them. */
export class PersonRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Stores the name a person's token carries. When it is the one already stored nothing is inserted, so there is no
   * conflict to lock or update: a new token with the same name costs one index lookup and writes no WAL.
   */
  async remember(role: Role, sub: string, navn: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO persons (role, sub, navn, updated_at)
       SELECT $1::text, $2::text, $3::text, $4::timestamptz WHERE NOT EXISTS (SELECT 1 FROM persons WHERE role = $1 AND sub = $2 AND navn = $3)
       ON CONFLICT (role, sub) DO UPDATE SET navn = EXCLUDED.navn, updated_at = EXCLUDED.updated_at`,
      [role, sub, navn, at],
    );
  }
}
