import type { MigrationInterface, QueryRunner } from 'typeorm';

const SIGNATURE = `hub_write_messages(uuid[], uuid[], uuid[], text[], text[], text[], text[], text[], text[], text[], jsonb[], text[], jsonb[], timestamptz[], text[])`;

/**
 * The write function plans its statements once per connection (issue 20). Its statements take arrays, whose sizes
 * the planner cannot see in a generic plan, so PL/pgSQL kept planning them again for each call (a custom plan), and
 * that planning was about half of the call at low rates: measured with `pg_stat_statements` in the bench at 250 msg/s,
 * one call 1.0–1.44 ms (two runs) of which its two big statements ran 0.38 ms; with the generic plan forced half-way
 * through the second run, 0.66 ms and the same 0.38 ms. Every row is reached by key whatever the sizes (the function refuses sequential and bitmap scans),
 * so the one generic plan is the plan it would pick anyway.
 */
export class WriteGenericPlan1733644000000 implements MigrationInterface {
  name = 'WriteGenericPlan1733644000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${SIGNATURE} SET plan_cache_mode = force_generic_plan`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION ${SIGNATURE} RESET plan_cache_mode`);
  }
}
