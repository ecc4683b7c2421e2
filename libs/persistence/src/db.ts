import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

export type Row = Record<string, unknown>;

/** What a repository needs: rows back for any statement, on the pool or inside one transaction. */
export interface Queryable {
  query<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

/**
 * The repositories' view of PostgreSQL: TypeORM's own `pg` pool (so migrations, health and queries share one
 * pool), with plain rows for every statement and transactions that either commit whole or roll back.
 */
export class Db implements Queryable {
  constructor(private readonly pool: Pool) {}

  static fromDataSource(ds: DataSource): Db {
    const driver = ds.driver as unknown as { master: Pool };
    return new Db(driver.master);
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params as unknown[])).rows as T[];
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // pg-pool listens for errors only on idle clients: a backend that dies while this one is checked out would emit
    // an unhandled 'error' and end the process. Catch it here, and throw the broken client away on release.
    let broken: Error | undefined;
    const onError = (e: Error) => {
      broken = e;
    };
    client.on('error', onError);
    const tx: Queryable = { query: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, params as unknown[])).rows as R[] };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
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
