import type { Role, Seat, VarselChannel, VarselKind } from '@hub/domain';
import type { Queryable } from '../db';
import { date, optStr } from '../db';

/** A committed event that may cause varsler, claimed from `varsel_cause_batches`; null fields when retention removed the event. */
export interface ClaimedCause {
  caseId: string;
  seq: number;
  type: string | null;
  threadId: string | null;
  refId: string | null;
  actorId: string;
  audience: Seat[] | null;
  payload: Record<string, string | number | boolean | null | string[]>;
  at: Date;
}

export interface ActiveRelation {
  role: Role;
  partyId: string;
  orgnr: string | null;
  herId: string | null;
}

export interface NewVarselItem {
  caseId: string;
  personId: string;
  role: Role;
  seat: Seat;
  kind: VarselKind;
  thing: string;
  threadId: string | null;
  seq: number;
  at: Date;
}

export interface ReleasedVarsel {
  id: string;
  status: 'open' | 'dropped';
  kinds: VarselKind[];
}

export interface ClaimedDelivery {
  id: string;
  varselId: string;
  channel: VarselChannel;
  action: 'send' | 'done';
  address: string;
  attempts: number;
  caseId: string;
  personId: string;
  role: Role;
  kinds: VarselKind[];
  count: number;
}

export interface VarselSettings {
  epost: string | null;
  telefon: string | null;
  kanaler: VarselChannel[];
}

export interface DeadDelivery {
  id: string;
  varselId: string;
  channel: VarselChannel;
  action: 'send' | 'done';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
}

/** The item's seat is still the person's (an active relation holds it) and, in a thread, still a participant. */
const HOLDS_SEAT = `
  EXISTS (SELECT 1 FROM case_relations r
           WHERE r.case_id = v.case_id AND r.party_id = v.person_id AND r.ended_at IS NULL
             AND (CASE WHEN r.role = 'arbeidsgiver' THEN 'arbeidsgiver:' || r.orgnr ELSE r.role END) = i.seat)
  AND (i.thread_id IS NULL OR EXISTS (SELECT 1 FROM thread_participants p
                                       WHERE p.thread_id = i.thread_id AND p.seat = i.seat AND p.removed_at IS NULL))`;

/** A thing of its own is seen: a read marker past it in its thread, or an audited read of it since. */
const THING_SEEN = `(
    (i.thread_id IS NOT NULL AND EXISTS (SELECT 1 FROM thread_read_markers m
                                          WHERE m.thread_id = i.thread_id AND m.reader_id = v.person_id AND m.up_to_seq >= i.seq))
    OR (i.thread_id IS NULL AND EXISTS (SELECT 1 FROM audit_log a
                                         WHERE a.case_id = v.case_id AND a.actor_id = v.person_id AND a.decision = 'permit' AND a.at >= i.at
                                           AND (i.thing = ANY (a.subject_ids) OR (i.kind = 'frist' AND a.subject_type = 'Milestone')
                                                OR (i.kind = 'motebehov_svar' AND a.subject_type IN ('Motebehov', 'Milestone'))))))`;

/** A thread item: its thing is the thread, and it counts the thread's messages (see THREAD_UNSEEN). */
const THREAD_ITEM = `i.thing = i.thread_id::text`;

/**
 * A thread item's messages its person has not seen (FROM and WHERE, over `messages m`): from the first message it was
 * told of up to the case's last event when the window ended (the varsel's `upto_seq`; while it collects, every one
 * since), past the person's read marker, not their own (nobody is told of their own doing), not one the varsel counts
 * as a thing of its own (a forespørsel's message), and, for a fastlege whose EPJ takes dialogmeldinger, not one that
 * carries a møte's dialogmelding out to it. Every message of a thread is the participants' to see, so the thread's
 * participation (HOLDS_SEAT) is the masking.
 */
const THREAD_UNSEEN = `
  FROM (SELECT greatest(i.seq - 1, coalesce((SELECT k.up_to_seq FROM thread_read_markers k
                                              WHERE k.thread_id = i.thread_id AND k.reader_id = v.person_id), 0)) AS after) b
  JOIN messages m ON m.thread_id = i.thread_id AND m.seq > b.after AND m.seq <= coalesce(v.upto_seq, ${Number.MAX_SAFE_INTEGER})
 WHERE m.sender_id <> v.person_id
   AND NOT EXISTS (SELECT 1 FROM varsel_items o WHERE o.varsel_id = i.varsel_id AND o.thing = m.id::text)
   AND NOT (i.seat = 'fastlege'
            AND EXISTS (SELECT 1 FROM dialogmeldinger d WHERE d.message_id = m.id AND d.mote_id IS NOT NULL AND d.direction = 'UT')
            AND EXISTS (SELECT 1 FROM case_relations f
                         WHERE f.case_id = v.case_id AND f.role = 'fastlege' AND f.ended_at IS NULL AND f.her_id IS NOT NULL))`;

/** An item (`i` of varsel `v`) still waits for its person: they may still see it and have not seen it (all of it). */
const PENDING = `
  ${HOLDS_SEAT}
  AND CASE WHEN ${THREAD_ITEM} THEN EXISTS (SELECT 1 ${THREAD_UNSEEN}) ELSE NOT ${THING_SEEN} END`;

/** How many things an item (`i` of varsel `v`) holds that still wait for its person: a thread's unseen messages, else 0 or 1. */
const UNSEEN = `
  CASE WHEN NOT (${HOLDS_SEAT}) THEN 0
       WHEN ${THREAD_ITEM} THEN (SELECT count(*) ${THREAD_UNSEEN})
       WHEN ${THING_SEEN} THEN 0
       ELSE 1 END`;

/**
 * A thread item (`i` of the input, for collecting varsel `i.varsel_id`) whose first message an open varsel of the
 * same person already counts: one released after the message was written but before this run planned it.
 */
const COUNTED_BEFORE = `(
  i.thing = i.thread_id::text AND EXISTS (
    SELECT 1 FROM varsler c JOIN varsler w ON w.person_id = c.person_id AND w.case_id = c.case_id
      JOIN varsel_items j ON j.varsel_id = w.id AND j.thing = i.thing
     WHERE c.id = i.varsel_id AND w.status = 'open' AND w.upto_seq >= i.seq AND j.seq <= i.seq))`;

export class VarselRepository {
  constructor(private readonly db: Queryable) {}

  /**
   * Claims up to `limit` cause rows (one per writing statement; other nodes skip them) and deletes them; the caller's
   * transaction plans their causes.
   */
  async claimCauses(limit: number): Promise<ClaimedCause[]> {
    const rows = await this.db.query(
      `WITH claimed AS (
         DELETE FROM varsel_cause_batches
          WHERE ctid = ANY (ARRAY(SELECT ctid FROM varsel_cause_batches LIMIT $1 FOR UPDATE SKIP LOCKED))
         RETURNING case_ids, seqs)
       SELECT c.case_id, c.seq, e.type, e.thread_id, e.ref_id, e.actor_id, e.audience, e.payload, e.at
         FROM claimed b CROSS JOIN LATERAL unnest(b.case_ids, b.seqs) AS c(case_id, seq)
         LEFT JOIN case_events e ON e.case_id = c.case_id AND e.seq = c.seq
        ORDER BY c.case_id, c.seq`,
      [limit],
    );
    if (rows.length === 0) return [];
    return rows.map((r) => ({
      caseId: String(r.case_id),
      seq: Number(r.seq),
      type: optStr(r.type) ?? null,
      threadId: optStr(r.thread_id) ?? null,
      refId: optStr(r.ref_id) ?? null,
      actorId: String(r.actor_id ?? ''),
      audience: (r.audience as Seat[] | null) ?? null,
      payload: (r.payload as ClaimedCause['payload']) ?? {},
      at: r.at === null ? new Date(0) : date(r.at),
    }));
  }

  /** A case being deleted leaves no queued causes behind (their rows name it without a foreign key). */
  async forgetCauses(caseId: string): Promise<void> {
    await this.db.query(
      `UPDATE varsel_cause_batches b SET (case_ids, seqs) = (
         SELECT coalesce(array_agg(c.case_id), '{}'), coalesce(array_agg(c.seq), '{}') FROM unnest(b.case_ids, b.seqs) AS c(case_id, seq) WHERE c.case_id <> $1)
        WHERE $1 = ANY (b.case_ids)`,
      [caseId],
    );
    await this.db.query(`DELETE FROM varsel_cause_batches WHERE case_ids = '{}'`);
  }

  async threadSeats(threadIds: readonly string[]): Promise<Map<string, Seat[]>> {
    const out = new Map<string, Seat[]>();
    if (threadIds.length === 0) return out;
    const rows = await this.db.query<{ thread_id: string; seat: Seat }>(
      `SELECT thread_id, seat FROM thread_participants WHERE thread_id = ANY ($1::uuid[]) AND removed_at IS NULL`,
      [threadIds],
    );
    for (const r of rows) out.set(r.thread_id, [...(out.get(r.thread_id) ?? []), r.seat]);
    return out;
  }

  async activeRelations(caseIds: readonly string[]): Promise<Map<string, ActiveRelation[]>> {
    const out = new Map<string, ActiveRelation[]>();
    if (caseIds.length === 0) return out;
    const rows = await this.db.query<{ case_id: string; role: Role; party_id: string; orgnr: string | null; her_id: string | null }>(
      `SELECT case_id, role, party_id, orgnr, her_id FROM case_relations WHERE case_id = ANY ($1::uuid[]) AND ended_at IS NULL`,
      [caseIds],
    );
    for (const r of rows)
      out.set(r.case_id, [...(out.get(r.case_id) ?? []), { role: r.role, partyId: r.party_id, orgnr: r.orgnr, herId: r.her_id }]);
    return out;
  }

  /** Of these thread messages, those that carry a møte's dialogmelding out to the fastlege's EPJ. */
  async moteDialogmeldingMessages(messageIds: readonly string[]): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const rows = await this.db.query<{ message_id: string }>(
      `SELECT message_id FROM dialogmeldinger WHERE message_id = ANY ($1::uuid[]) AND mote_id IS NOT NULL AND direction = 'UT'`,
      [messageIds],
    );
    return new Set(rows.map((r) => r.message_id));
  }

  /**
   * Adds items, in order, each to its person's collecting varsel for the case, opening one (due at that person's first
   * item's `dueAt`) where none collects: one statement for the varsler and one for the items, whatever their number
   * (a plan run carries thousands under load; one round trip each cost the hub and PostgreSQL more than the send).
   * Items for the same varsel and thing are merged first as their upserts one after another would have merged them.
   * Two nodes opening one for the same person meet at the unique index; the loser reads the winner's row on a retry.
   */
  async addItems(items: readonly { item: NewVarselItem; newId: string; dueAt: Date }[], now: Date): Promise<void> {
    if (items.length === 0) return;
    const person = (it: NewVarselItem) => `${it.caseId} ${it.personId}`;
    const opening = new Map<string, { item: NewVarselItem; newId: string; dueAt: Date }>();
    for (const x of items) if (!opening.has(person(x.item))) opening.set(person(x.item), x);
    const varselOf = new Map<string, string>();
    for (let tries = 0; varselOf.size < opening.size && tries < 3; tries++) {
      const open = [...opening].filter(([k]) => !varselOf.has(k)).map(([, x]) => x);
      const rows = await this.db.query<{ case_id: string; person_id: string; id: string }>(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS t(id, case_id, person_id, role, due_at)),
         ins AS (
           INSERT INTO varsler (id, case_id, person_id, role, status, created_at, due_at)
           SELECT id, case_id, person_id, role, 'collecting', $6, due_at FROM input
           ON CONFLICT (case_id, person_id) WHERE status = 'collecting' DO NOTHING RETURNING case_id, person_id, id)
         SELECT case_id, person_id, id FROM ins
         UNION ALL
         SELECT v.case_id, v.person_id, v.id FROM varsler v JOIN input i ON v.case_id = i.case_id AND v.person_id = i.person_id
          WHERE v.status = 'collecting'`,
        [
          open.map((x) => x.newId),
          open.map((x) => x.item.caseId),
          open.map((x) => x.item.personId),
          open.map((x) => x.item.role),
          open.map((x) => x.dueAt),
          now,
        ],
      );
      for (const r of rows) varselOf.set(`${String(r.case_id)} ${String(r.person_id)}`, String(r.id));
    }
    if (varselOf.size < opening.size) throw new Error('varsel: no collecting varsel after three tries');
    // The merge of ON CONFLICT below, applied in order to the items of one (varsel, thing): one row each reaches it.
    const merged = new Map<string, NewVarselItem & { varselId: string }>();
    for (const { item } of items) {
      const varselId = varselOf.get(person(item))!;
      const key = `${varselId} ${item.thing}`;
      const was = merged.get(key);
      if (!was) merged.set(key, { ...item, varselId });
      else {
        if (was.kind === 'melding') was.kind = item.kind;
        was.seq = Math.min(was.seq, item.seq);
        was.threadId ??= item.threadId;
      }
    }
    const rows = [...merged.values()];
    await this.db.query(
      // Only what changes is written: an item there is takes an earlier seq, a more telling kind or its thread, and
      // nothing else; the next messages of a thread its varsel already counts write nothing. The rest are plain
      // INSERTs: an upsert's speculative insertion writes a second WAL record for every item, and nearly every item
      // is new. (Two nodes adding the same item at once: one transaction fails on the key and its causes are planned
      // again on the next run.)
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::bigint[], $7::timestamptz[])
           AS t(varsel_id, thing, kind, seat, thread_id, seq, at)),
       changed AS (
         UPDATE varsel_items v
            SET kind = CASE WHEN v.kind = 'melding' THEN i.kind ELSE v.kind END, seq = least(v.seq, i.seq),
                thread_id = coalesce(v.thread_id, i.thread_id)
           FROM input i WHERE v.varsel_id = i.varsel_id AND v.thing = i.thing
            AND (v.seq > i.seq OR (v.kind = 'melding' AND i.kind <> 'melding') OR (v.thread_id IS NULL AND i.thread_id IS NOT NULL))
            AND NOT ${COUNTED_BEFORE})
       INSERT INTO varsel_items (varsel_id, thing, kind, seat, thread_id, seq, at)
       SELECT i.varsel_id, i.thing, i.kind, i.seat, i.thread_id, i.seq, i.at FROM input i
        WHERE NOT EXISTS (SELECT 1 FROM varsel_items v WHERE v.varsel_id = i.varsel_id AND v.thing = i.thing)
          AND NOT ${COUNTED_BEFORE}`,
      [
        rows.map((r) => r.varselId),
        rows.map((r) => r.thing),
        rows.map((r) => r.kind),
        rows.map((r) => r.seat),
        rows.map((r) => r.threadId),
        rows.map((r) => r.seq),
        rows.map((r) => r.at),
      ],
    );
  }

  /**
   * Ends the windows due by `now`: a varsel with nothing left waiting is dropped, any other opens with its count and
   * kinds, and gets one delivery per channel the person chose, has an address for, and the hub has configured.
   */
  async release(
    now: Date,
    limit: number,
    channels: readonly VarselChannel[],
  ): Promise<{ released: ReleasedVarsel[]; deliveries: { channel: VarselChannel; kinds: VarselKind[] }[] }> {
    const due = await this.db.query<{ id: string }>(
      `SELECT id FROM varsler WHERE status = 'collecting' AND due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    if (due.length === 0) return { released: [], deliveries: [] };
    const released = await this.db.query<{ id: string; status: 'open' | 'dropped'; kinds: VarselKind[] }>(
      // A thread item counts up to the case's last event now (in this statement's snapshot, as the count): later
      // messages are the next window's.
      `WITH counted AS (
         SELECT v.id, coalesce(sum(u.n), 0)::int AS n, coalesce(array_agg(DISTINCT i.kind) FILTER (WHERE u.n > 0), '{}') AS kinds
           FROM varsler v LEFT JOIN varsel_items i ON i.varsel_id = v.id
           LEFT JOIN LATERAL (SELECT ${UNSEEN} AS n) u ON i.varsel_id IS NOT NULL
          WHERE v.id = ANY ($1::uuid[]) GROUP BY v.id)
       UPDATE varsler v SET status = CASE WHEN c.n = 0 THEN 'dropped' ELSE 'open' END, released_at = $2, count = c.n, kinds = c.kinds,
              upto_seq = (SELECT s.last_seq FROM cases s WHERE s.id = v.case_id)
         FROM counted c WHERE v.id = c.id RETURNING v.id, v.status, v.kinds`,
      [due.map((r) => r.id), now],
    );
    const deliveries = await this.db.query<{ channel: VarselChannel; kinds: VarselKind[] }>(
      `INSERT INTO varsel_deliveries (id, varsel_id, channel, action, address, status, next_attempt_at, created_at)
       SELECT gen_random_uuid(), v.id, k.channel, 'send', k.address, 'pending', $2, $2
         FROM varsler v JOIN varsel_settings s ON s.person_id = v.person_id
        CROSS JOIN LATERAL (SELECT c AS channel, CASE c WHEN 'epost' THEN s.epost ELSE s.telefon END AS address FROM unnest(s.kanaler) c) k
        WHERE v.id = ANY ($1::uuid[]) AND v.status = 'open' AND k.channel = ANY ($3::text[]) AND k.address IS NOT NULL
       RETURNING channel, (SELECT kinds FROM varsler WHERE id = varsel_id) AS kinds`,
      [due.map((r) => r.id), now, channels],
    );
    return { released, deliveries };
  }

  /**
   * Settles open varsler whose things are all seen (or no longer the person's): done, their unsent deliveries
   * dropped, and a withdrawal queued on every channel that can withdraw and was sent.
   */
  async settle(now: Date, limit: number, withdrawing: readonly VarselChannel[]): Promise<number> {
    const done = await this.db.query<{ id: string }>(
      `SELECT v.id FROM varsler v
        WHERE v.status = 'open' AND NOT EXISTS (SELECT 1 FROM varsel_items i WHERE i.varsel_id = v.id AND ${PENDING})
        LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    if (done.length === 0) return 0;
    const ids = done.map((r) => r.id);
    await this.db.query(`UPDATE varsler SET status = 'done', done_at = $2 WHERE id = ANY ($1::uuid[])`, [ids, now]);
    // A send another node is sending right now is left to finish: it may already have gone out. Its markSent queues
    // the withdrawal; dropLapsed takes it if that node dies instead.
    await this.db.query(
      `UPDATE varsel_deliveries SET status = 'dropped'
        WHERE varsel_id = ANY ($1::uuid[]) AND status = 'pending' AND action = 'send' AND (claimed_until IS NULL OR claimed_until < now())`,
      [ids],
    );
    await this.db.query(
      `INSERT INTO varsel_deliveries (id, varsel_id, channel, action, address, status, next_attempt_at, created_at)
       SELECT gen_random_uuid(), d.varsel_id, d.channel, 'done', d.address, 'pending', $2, $2 FROM varsel_deliveries d
        WHERE d.varsel_id = ANY ($1::uuid[]) AND d.action = 'send' AND d.status = 'sent' AND d.channel = ANY ($3::text[])
       ON CONFLICT (varsel_id, channel, action) DO NOTHING`,
      [ids, now, withdrawing],
    );
    return ids.length;
  }

  /**
   * Drops sends still pending for varsler settled meanwhile: one that was being sent when its thing was read and then
   * failed, or whose node died mid-send. Sending it now would tell of something already seen.
   */
  async dropSettled(limit: number): Promise<number> {
    const rows = await this.db.query(
      `UPDATE varsel_deliveries SET status = 'dropped', claimed_until = NULL
        WHERE id IN (SELECT d.id FROM varsel_deliveries d JOIN varsler v ON v.id = d.varsel_id
                      WHERE d.status = 'pending' AND d.action = 'send' AND v.status = 'done' AND (d.claimed_until IS NULL OR d.claimed_until < now())
                      LIMIT $1 FOR UPDATE OF d SKIP LOCKED)
       RETURNING id`,
      [limit],
    );
    return rows.length;
  }

  /** Claims due deliveries for `leaseSeconds` (by the database's clock): no other node takes them meanwhile. */
  async claimDeliveries(now: Date, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const rows = await this.db.query(
      `UPDATE varsel_deliveries d SET claimed_until = now() + make_interval(secs => $3)
         FROM varsler v
        WHERE v.id = d.varsel_id AND d.id IN (
          SELECT id FROM varsel_deliveries
           WHERE status = 'pending' AND next_attempt_at <= $1 AND (claimed_until IS NULL OR claimed_until < now())
           ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING d.id, d.varsel_id, d.channel, d.action, d.address, d.attempts, v.case_id, v.person_id, v.role, v.kinds, v.count`,
      [now, limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: String(r.id),
      varselId: String(r.varsel_id),
      channel: r.channel as VarselChannel,
      action: r.action as 'send' | 'done',
      address: String(r.address),
      attempts: Number(r.attempts),
      caseId: String(r.case_id),
      personId: String(r.person_id),
      role: r.role as Role,
      kinds: r.kinds as VarselKind[],
      count: Number(r.count),
    }));
  }

  /**
   * True when this claim still held the row (a lapsed claim another node finished is not counted twice). A send whose
   * varsel was settled while it went out is sent all the same, and its withdrawal is queued here, since settle saw no
   * sent delivery to withdraw.
   */
  async markSent(id: string, now: Date, withdrawing: readonly VarselChannel[]): Promise<boolean> {
    // The varsel first, as settle locks it: a settle in progress finishes before this reads its status, and a settle
    // after this commit sees the delivery sent and withdraws it itself.
    const varsel = await this.db.query<{ status: string }>(
      `SELECT v.status FROM varsler v JOIN varsel_deliveries d ON d.varsel_id = v.id WHERE d.id = $1 FOR UPDATE OF v`,
      [id],
    );
    const rows = await this.db.query<{ varsel_id: string; channel: VarselChannel; action: 'send' | 'done'; address: string }>(
      `UPDATE varsel_deliveries SET status = 'sent', sent_at = $2, attempts = attempts + 1, claimed_until = NULL, last_error = NULL
        WHERE id = $1 AND status = 'pending' RETURNING varsel_id, channel, action, address`,
      [id, now],
    );
    const sent = rows[0];
    if (!sent) return false;
    if (varsel[0]?.status === 'done' && sent.action === 'send' && withdrawing.includes(sent.channel)) {
      await this.db.query(
        `INSERT INTO varsel_deliveries (id, varsel_id, channel, action, address, status, next_attempt_at, created_at)
         VALUES (gen_random_uuid(), $1, $2, 'done', $3, 'pending', $4, $4) ON CONFLICT (varsel_id, channel, action) DO NOTHING`,
        [sent.varsel_id, sent.channel, sent.address, now],
      );
    }
    return true;
  }

  /** Counts a failed try: back to pending at `nextAt`, or dead at `maxAttempts`. Returns the new status. */
  async markFailed(id: string, nextAt: Date, maxAttempts: number, error: string): Promise<'pending' | 'dead' | undefined> {
    const rows = await this.db.query<{ status: 'pending' | 'dead' }>(
      `UPDATE varsel_deliveries SET attempts = attempts + 1, last_error = $4, next_attempt_at = $2, claimed_until = NULL,
              status = CASE WHEN attempts + 1 >= $3 THEN 'dead' ELSE 'pending' END
        WHERE id = $1 AND status = 'pending' RETURNING status`,
      [id, nextAt, maxAttempts, error],
    );
    return rows[0]?.status;
  }

  async dead(limit: number): Promise<DeadDelivery[]> {
    const rows = await this.db.query(
      `SELECT id, varsel_id, channel, action, attempts, last_error, created_at FROM varsel_deliveries
        WHERE status = 'dead' ORDER BY created_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      varselId: String(r.varsel_id),
      channel: r.channel as VarselChannel,
      action: r.action as 'send' | 'done',
      attempts: Number(r.attempts),
      lastError: optStr(r.last_error) ?? null,
      createdAt: date(r.created_at),
    }));
  }

  /** A dead delivery back to pending with a fresh count of tries; false when it is not dead. */
  async retry(id: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE varsel_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, claimed_until = NULL WHERE id = $1 AND status = 'dead' RETURNING id`,
      [id, now],
    );
    return rows.length === 1;
  }

  async settings(personId: string): Promise<VarselSettings> {
    const rows = await this.db.query(`SELECT epost, telefon, kanaler FROM varsel_settings WHERE person_id = $1`, [personId]);
    const r = rows[0];
    return r
      ? { epost: optStr(r.epost) ?? null, telefon: optStr(r.telefon) ?? null, kanaler: r.kanaler as VarselChannel[] }
      : { epost: null, telefon: null, kanaler: [] };
  }

  async saveSettings(personId: string, s: VarselSettings, now: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO varsel_settings (person_id, epost, telefon, kanaler, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (person_id) DO UPDATE SET epost = EXCLUDED.epost, telefon = EXCLUDED.telefon, kanaler = EXCLUDED.kanaler, updated_at = EXCLUDED.updated_at`,
      [personId, s.epost, s.telefon, s.kanaler, now],
    );
  }

  /** Per case, how many things wait for the person (collecting or open varsler), for the page's count. */
  async waiting(personId: string, role: Role): Promise<{ caseId: string; count: number }[]> {
    const rows = await this.db.query<{ case_id: string; n: string }>(
      `SELECT v.case_id, sum(u.n) AS n FROM varsler v JOIN varsel_items i ON i.varsel_id = v.id CROSS JOIN LATERAL (SELECT ${UNSEEN} AS n) u
        WHERE v.person_id = $1 AND v.role = $2 AND v.status IN ('collecting', 'open')
        GROUP BY v.case_id ORDER BY v.case_id`,
      [personId, role],
    );
    // Cases with nothing left are dropped here rather than by HAVING, which would count every thread a second time.
    return rows.map((r) => ({ caseId: r.case_id, count: Number(r.n) })).filter((r) => r.count > 0);
  }
}
