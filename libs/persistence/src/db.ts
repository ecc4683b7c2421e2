import type { Pool } from 'pg';
import { Busy, Unavailable } from '@hub/domain';
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
  /** Statements that may wait for a free connection; one more is refused `busy` at once instead of queueing. */
  maxWaiting?: number;
}

/**
 * The repositories' view of PostgreSQL: a `pg` pool of its own (`createPool`; TypeORM keeps the migrations), with
 * plain rows for every statement and transactions that either commit whole or roll back.
 * A statement that fails because the database is away throws `Unavailable` (503, retry); once no connection can be
 * made, every statement is refused at once until a probe gets an answer, so requests during an outage neither
 * queue for the pool nor wait out a connection timeout each.
 */
export class Db implements Queryable {
  private readonly circuit: DbCircuit;

  private readonly maxWaiting: number;

  constructor(
    private readonly pool: Pool,
    options: DbOptions = {},
    circuit?: DbCircuit,
  ) {
    this.circuit = circuit ?? new DbCircuit(() => pool.query('SELECT 1'), options.probeEveryMs ?? 200, options.onCircuit);
    this.maxWaiting = options.maxWaiting ?? Infinity;
  }

  /** The same database over another pool (the message writer's own connections): one circuit, opened by either. */
  withPool(pool: Pool): Db {
    return new Db(pool, {}, this.circuit);
  }

  /** Closes the pool's connections (at shutdown). */
  close(): Promise<void> {
    return this.pool.end();
  }

  /** False while the database is known to be away (the circuit is open). */
  get available(): boolean {
    return !this.circuit.open;
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = [], name?: string): Promise<T[]> {
    this.admit();
    try {
      return (await this.pool.query(name ? { name, text: sql, values: params as unknown[] } : { text: sql, values: params as unknown[] }))
        .rows as T[];
    } catch (e) {
      throw this.outage(e);
    }
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    this.admit();
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

  /**
   * Refuses a statement that could only wait: the database is away (`unavailable`), or so many statements wait for a
   * connection already (the herd of retries and catch-ups when the database returns) that this one would wait seconds
   * (`busy`); both answer at once, so a request is refused rather than left until its client gives up.
   */
  private admit(): void {
    if (this.circuit.open) throw new Unavailable();
    if (this.pool.waitingCount >= this.maxWaiting) throw new Busy(1000);
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

/** True when PostgreSQL cancelled a statement that ran past `statement_timeout` (it was rolled back). */
export function isStatementTimeout(e: unknown): boolean {
  return (e as { code?: string }).code === '57014';
}

/** True when the messages trigger refused a message naming a file that is no longer pending in its thread (P0418). */
export function isFileNotPending(e: unknown): boolean {
  return (e as { code?: string }).code === 'P0418';
}

/** True when PostgreSQL refused a row for a unique index (optionally a given one). */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err.code === '23505' && (constraint === undefined || err.constraint === constraint);
}
