import type { MilestoneCause, MilestoneKey, ReminderKey, Seat } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date } from '../db';

export interface TimelineMark {
  caseId: string;
  milestone: MilestoneKey;
  doneAt: Date;
  doneBy: string;
  cause: MilestoneCause;
  /** The plan, møte or møtebehov whose event met it. */
  refId?: string;
  /** MANUELL: the veileder's reason. */
  reason?: string;
  /** The seats the meeting event reached; undefined for a mark by hand, which every reader of the milestone learns of. */
  causeAudience?: Seat[];
}

/** What the reminder job needs of one case. */
export interface ReminderCase {
  caseId: string;
  /** First sick day, YYYY-MM-DD. */
  startDate: string;
  sluttdato?: Date;
  done: MilestoneKey[];
  sent: ReminderKey[];
  /** The seats held by an active relation now: the places a reminder can go to. */
  seats: Seat[];
}

const toMark = (r: Row): TimelineMark => ({
  caseId: String(r.case_id),
  milestone: r.milestone_key as MilestoneKey,
  doneAt: date(r.done_at),
  doneBy: String(r.done_by),
  cause: r.met_by as MilestoneCause,
  ...(r.ref_id ? { refId: String(r.ref_id) } : {}),
  ...(r.reason ? { reason: String(r.reason) } : {}),
  ...(Array.isArray(r.cause_audience) ? { causeAudience: r.cause_audience as Seat[] } : {}),
});

/** Milestones marked done, and the reminder keys already sent, per case. */
export class TimelineRepository {
  constructor(private readonly db: Queryable) {}

  async marks(caseId: string): Promise<TimelineMark[]> {
    const rows = await this.db.query<Row>(`SELECT * FROM timeline_marks WHERE case_id = $1 ORDER BY done_at, milestone_key`, [caseId]);
    return rows.map(toMark);
  }

  /** True when the mark was new; false when the milestone was already marked. */
  async insertMark(m: TimelineMark): Promise<boolean> {
    const rows = await this.db.query<Row>(
      `INSERT INTO timeline_marks (case_id, milestone_key, done_at, done_by, met_by, ref_id, reason, cause_audience)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (case_id, milestone_key) DO NOTHING RETURNING milestone_key`,
      [m.caseId, m.milestone, m.doneAt, m.doneBy, m.cause, m.refId ?? null, m.reason ?? null, m.causeAudience ?? null],
    );
    return rows.length === 1;
  }

  /** The marks of several cases at once (the case list), by case. */
  async marksOf(caseIds: readonly string[]): Promise<Map<string, TimelineMark[]>> {
    const byCase = new Map<string, TimelineMark[]>();
    if (caseIds.length === 0) return byCase;
    const rows = await this.db.query<Row>(`SELECT * FROM timeline_marks WHERE case_id = ANY($1::uuid[]) ORDER BY done_at, milestone_key`, [
      [...caseIds],
    ]);
    for (const m of rows.map(toMark)) byCase.set(m.caseId, [...(byCase.get(m.caseId) ?? []), m]);
    return byCase;
  }

  /** The seats held by an active relation now, the sykmeldt's and NAV's always: who can hear of a milestone. */
  async seatsInCase(caseId: string): Promise<Seat[]> {
    const rows = await this.db.query<{ seat: string }>(
      `SELECT DISTINCT CASE WHEN role = 'arbeidsgiver' THEN 'arbeidsgiver:' || orgnr ELSE role END AS seat
         FROM case_relations WHERE case_id = $1 AND ended_at IS NULL`,
      [caseId],
    );
    return [...new Set<Seat>(['sykmeldt', 'veileder', ...rows.map((r) => r.seat as Seat)])].sort();
  }

  /** True when there was a mark to remove. */
  async deleteMark(caseId: string, milestone: MilestoneKey): Promise<boolean> {
    const rows = await this.db.query<Row>(`DELETE FROM timeline_marks WHERE case_id = $1 AND milestone_key = $2 RETURNING milestone_key`, [
      caseId,
      milestone,
    ]);
    return rows.length === 1;
  }

  /**
   * Records reminder keys as sent and returns the ones that were not sent before. Run in the transaction that
   * stores the reminder events: a key another node stored first comes back as not new, so no reminder goes out twice.
   */
  async markSent(caseId: string, keys: readonly ReminderKey[], at: Date): Promise<ReminderKey[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.query<{ reminder_key: string }>(
      `INSERT INTO timeline_reminders_sent (case_id, reminder_key, sent_at) SELECT $1, unnest($2::text[]), $3
       ON CONFLICT (case_id, reminder_key) DO NOTHING RETURNING reminder_key`,
      [caseId, keys, at],
    );
    return rows.map((r) => r.reminder_key as ReminderKey);
  }

  async sentKeys(caseId: string): Promise<ReminderKey[]> {
    const rows = await this.db.query<{ reminder_key: string }>(
      `SELECT reminder_key FROM timeline_reminders_sent WHERE case_id = $1 ORDER BY sent_at, reminder_key`,
      [caseId],
    );
    return rows.map((r) => r.reminder_key as ReminderKey);
  }

  /**
   * One page of cases still in follow-up at `now`, in id order after `afterId`: started no more than `maxAgeDays` ago
   * and with no sluttdato before today. Marks, sent keys and arbeidsgiver seats come in the same round trip.
   */
  async reminderCases(now: Date, maxAgeDays: number, afterId: string, limit: number): Promise<ReminderCase[]> {
    const rows = await this.db.query<Row>(
      `SELECT c.id, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(s.sluttdato, 'YYYY-MM-DD') AS sluttdato,
              coalesce((SELECT array_agg(m.milestone_key ORDER BY m.milestone_key) FROM timeline_marks m WHERE m.case_id = c.id), '{}') AS done,
              coalesce((SELECT array_agg(r.reminder_key ORDER BY r.reminder_key) FROM timeline_reminders_sent r WHERE r.case_id = c.id), '{}') AS sent,
              coalesce((SELECT array_agg(DISTINCT CASE WHEN rel.role = 'arbeidsgiver' THEN 'arbeidsgiver:' || rel.orgnr ELSE rel.role END)
                          FROM case_relations rel WHERE rel.case_id = c.id AND rel.ended_at IS NULL), '{}') AS seats
         FROM cases c LEFT JOIN case_sluttdato s ON s.case_id = c.id
        WHERE c.id > $1
          AND c.start_date >= ($2::timestamptz AT TIME ZONE 'UTC')::date - $3::int
          AND c.start_date <= ($2::timestamptz AT TIME ZONE 'UTC')::date
          AND (s.sluttdato IS NULL OR s.sluttdato >= ($2::timestamptz AT TIME ZONE 'UTC')::date)
        ORDER BY c.id LIMIT $4`,
      [afterId, now, maxAgeDays, limit],
    );
    return rows.map((r) => ({
      caseId: String(r.id),
      startDate: String(r.start_date),
      sluttdato: r.sluttdato === null ? undefined : calendarDay(String(r.sluttdato)),
      done: (r.done as MilestoneKey[]) ?? [],
      sent: (r.sent as ReminderKey[]) ?? [],
      seats: (r.seats as Seat[]) ?? [],
    }));
  }
}

/** A calendar day (YYYY-MM-DD, read with to_char) as the 00:00 UTC Date the domain rules expect. */
export function calendarDay(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}
