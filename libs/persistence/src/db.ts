import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { Unavailable } from '@hub/domain';
import { DbCircuit, unavailability } from './db-circuit';

export type Row = Record<string, unknown>;

/** What a repository needs: rows back for any statement, on the pool or inside one transaction. */
export interface Queryable {
  /** `name` makes it a named prepared statement: parsed and planned once per connection, then only executed. */
  query<T = Row>(sql: string, params?: readonly unknown[], name?: string): Promise<T[]>;
}

export interface DbOptions {
  /** How often an open circuit asks the database again. */
  probeEveryMs?: number;
  /** Told when the circuit opens and when it closes again (with how long it was open). */
  onCircuit?: (open: boolean, openMs: number) => void;
}

/**
 * The repositories' view of PostgreSQL: TypeORM's own `pg` pool (so migrations, health and queries share one
 * pool), with plain rows for every statement and transactions that either commit whole or roll back.
 * A statement that fails because the database is away throws `Unavailable` (503, retry); once no connection can be
 * made, every statement is refused at once until a probe gets an answer, so requests during an outage neither
 * queue for the pool nor wait out a connection timeout each.
 */
export class Db implements Queryable {
  private readonly circuit: DbCircuit;

  constructor(
    private readonly pool: Pool,
    options: DbOptions = {},
  ) {
    this.circuit = new DbCircuit(() => pool.query('SELECT 1'), options.probeEveryMs ?? 200, options.onCircuit);
  }

  static fromDataSource(ds: DataSource, options: DbOptions = {}): Db {
    // TypeORM has no public accessor for its pg pool: `master` is PostgresDriver's declared (untyped) field for it.
    const driver = ds.driver as unknown as { master: Pool };
    return new Db(driver.master, options);
  }

  /** False while the database is known to be away (the circuit is open). */
  get available(): boolean {
    return !this.circuit.open;
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = [], name?: string): Promise<T[]> {
    if (this.circuit.open) throw new Unavailable();
    try {
      return (await this.pool.query(name ? { name, text: sql, values: params as unknown[] } : { text: sql, values: params as unknown[] }))
        .rows as T[];
    } catch (e) {
      throw this.outage(e);
    }
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    if (this.circuit.open) throw new Unavailable();
    const client = await this.pool.connect().catch((e: unknown) => {
      throw this.outage(e);
    });
    // pg-pool listens for errors only on idle clients: a backend that dies while this one is checked out would emit
    // an unhandled 'error' and end the process. Catch it here, and throw the broken client away on release.
    let broken: Error | undefined;
    const onError = (e: Error) => {
      broken = e;
    };
    client.on('error', onError);
    const tx: Queryable = {
      query: async <R>(sql: string, params: readonly unknown[] = [], name?: string) =>
        (await client.query(name ? { name, text: sql, values: params as unknown[] } : { text: sql, values: params as unknown[] }))
          .rows as R[],
    };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      // A connection that broke under a statement is not given back to the pool for the next one.
      if (unavailability(e) !== undefined) broken ??= e as Error;
      throw this.outage(e);
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  /** An outage becomes `Unavailable` (and may open the circuit); any other error is the statement's own. */
  private outage(e: unknown): unknown {
    if (unavailability(e) === undefined) return e;
    this.circuit.failed(e);
    return new Unavailable();
  }
}

export const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
export const optDate = (v: unknown): Date | undefined => (v === null || v === undefined ? undefined : date(v));
export const optStr = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

/** True when PostgreSQL refused a row for a unique index (optionally a given one). */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err.code === '23505' && (constraint === undefined || err.constraint === constraint);
}
