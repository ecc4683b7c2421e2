import type { TestHub } from '../support/hub';

export type Counts = Record<string, number>;

/**
 * Row counts of every table of the test's database but the audit's (`audit_log`: a refusal is meant to leave a deny
 * row there; `delivery_intervals` and `delivery_parts`: the delivery record, opened, renewed and cut into entries as
 * sockets subscribe and leave and the case's access and innsyn are read, whatever the request) and the search index's two tables (`SearchIndexer` fills `message_search` from `search_queue` in the background, after
 * the commit of earlier, accepted writes; whatever a refused request stored would show in `messages` first), in one
 * query, so a property can assert that a refused request wrote nothing anywhere.
 */
const NOT_COUNTED = ['audit_log', 'delivery_intervals', 'delivery_parts', 'message_search', 'search_queue'];

export class RowCounts {
  private constructor(
    private readonly hub: Pick<TestHub, 'query'>,
    private readonly sql: string,
  ) {}

  static async of(hub: Pick<TestHub, 'query'>): Promise<RowCounts> {
    const tables = await hub.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_catalog = current_database() AND table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1::text[]))
        ORDER BY 1`,
      [NOT_COUNTED],
    );
    if (tables.length === 0) throw new Error('no tables found in the test database');
    const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const pairs = tables.map((t) => `'${t.name.replace(/'/g, "''")}', (SELECT count(*) FROM ${quoted(t.name)})`);
    return new RowCounts(hub, `SELECT json_build_object(${pairs.join(', ')}) AS counts`);
  }

  async take(): Promise<Counts> {
    const [row] = await this.hub.query<{ counts: Counts }>(this.sql);
    return Object.fromEntries(Object.entries(row.counts).map(([k, v]) => [k, Number(v)]));
  }

  /** `table: before → after` for each table whose count changed; empty when none did. */
  static changes(before: Counts, after: Counts): string[] {
    return Object.keys({ ...before, ...after })
      .filter((t) => before[t] !== after[t])
      .map((t) => `${t}: ${before[t]} → ${after[t]}`);
  }
}
