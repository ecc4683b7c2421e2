import type { Seat, Task, TaskStatus, Track, TrackKind } from '@hub/domain';
import { roleOfSeat } from '@hub/domain';
import type { Queryable, Row } from '../db';
import { date } from '../db';

/** A task as stored: the domain's task (owner as a role) plus the seat that owns it and the case it belongs to. */
export interface StoredTask extends Task {
  caseId: string;
  trackId: string;
  /** The owning seat; `eier` is its role, which is what the domain rules compare. */
  eierSeat: Seat;
  createdBy: string;
  updatedBy: string;
}

export interface StoredTrack extends Track {
  caseId: string;
  createdBy: string;
  tasks: StoredTask[];
}

const toTask = (r: Row): StoredTask => {
  const eierSeat = String(r.eier_seat) as Seat;
  const task: StoredTask = {
    id: String(r.id),
    caseId: String(r.case_id),
    trackId: String(r.track_id),
    tittel: String(r.tittel),
    eier: roleOfSeat(eierSeat),
    eierSeat,
    frist: date(r.frist),
    status: r.status as TaskStatus,
    createdAt: date(r.created_at),
    createdBy: String(r.created_by),
    updatedAt: date(r.updated_at),
    updatedBy: String(r.updated_by),
  };
  if (r.thread_id !== null && r.thread_id !== undefined) task.traadId = String(r.thread_id);
  return task;
};

const toTrack = (r: Row, tasks: StoredTask[]): StoredTrack => ({
  id: String(r.id),
  caseId: String(r.case_id),
  kind: r.kind as TrackKind,
  createdBy: String(r.created_by),
  createdAt: date(r.created_at),
  tasks,
});

const TRACK_ORDER: readonly TrackKind[] = ['RETUR_ARBEID', 'MEDISINSK_BEHANDLING', 'TILTAK', 'AAP_VURDERING'];

/** Parallelle løp: a case's tracks and their tasks. */
export class TrackRepository {
  constructor(private readonly db: Queryable) {}

  async insertTrack(t: StoredTrack): Promise<void> {
    await this.db.query(`INSERT INTO tracks (id, case_id, kind, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      t.id,
      t.caseId,
      t.kind,
      t.createdBy,
      t.createdAt,
    ]);
  }

  /** Every track of the case with all its tasks: one track per kind, in a fixed order of kinds; tasks by frist. */
  async inCase(caseId: string): Promise<StoredTrack[]> {
    const [tracks, tasks] = await Promise.all([
      this.db.query<Row>(`SELECT * FROM tracks WHERE case_id = $1 ORDER BY array_position($2::text[], kind)`, [caseId, TRACK_ORDER]),
      this.db.query<Row>(`SELECT * FROM track_tasks WHERE case_id = $1 ORDER BY frist, created_at, id`, [caseId]),
    ]);
    const byTrack = new Map<string, StoredTask[]>();
    for (const t of tasks.map(toTask)) byTrack.set(t.trackId, [...(byTrack.get(t.trackId) ?? []), t]);
    return tracks.map((r) => toTrack(r, byTrack.get(String(r.id)) ?? []));
  }

  /** The tracks of several cases at once (the case list), by case. */
  async inCases(caseIds: readonly string[]): Promise<Map<string, StoredTrack[]>> {
    const byCase = new Map<string, StoredTrack[]>();
    if (caseIds.length === 0) return byCase;
    const ids = [...caseIds];
    const [tracks, tasks] = await Promise.all([
      this.db.query<Row>(`SELECT * FROM tracks WHERE case_id = ANY($1::uuid[]) ORDER BY array_position($2::text[], kind)`, [
        ids,
        TRACK_ORDER,
      ]),
      this.db.query<Row>(`SELECT * FROM track_tasks WHERE case_id = ANY($1::uuid[]) ORDER BY frist, created_at, id`, [ids]),
    ]);
    const byTrack = new Map<string, StoredTask[]>();
    for (const t of tasks.map(toTask)) byTrack.set(t.trackId, [...(byTrack.get(t.trackId) ?? []), t]);
    for (const r of tracks) {
      const track = toTrack(r, byTrack.get(String(r.id)) ?? []);
      byCase.set(track.caseId, [...(byCase.get(track.caseId) ?? []), track]);
    }
    return byCase;
  }

  /** One track with its tasks; `forUpdate` locks the track row so task changes on it happen one at a time. */
  async find(caseId: string, trackId: string, forUpdate = false): Promise<StoredTrack | undefined> {
    const rows = await this.db.query<Row>(`SELECT * FROM tracks WHERE case_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [
      caseId,
      trackId,
    ]);
    if (!rows[0]) return undefined;
    const tasks = await this.db.query<Row>(`SELECT * FROM track_tasks WHERE track_id = $1 ORDER BY frist, created_at, id`, [trackId]);
    return toTrack(rows[0], tasks.map(toTask));
  }

  async insertTask(t: StoredTask): Promise<void> {
    await this.db.query(
      `INSERT INTO track_tasks (id, case_id, track_id, tittel, eier_seat, frist, status, thread_id, created_by, created_at, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        t.id,
        t.caseId,
        t.trackId,
        t.tittel,
        t.eierSeat,
        t.frist,
        t.status,
        t.traadId ?? null,
        t.createdBy,
        t.createdAt,
        t.updatedBy,
        t.updatedAt,
      ],
    );
  }

  async updateTaskStatus(taskId: string, status: TaskStatus, by: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE track_tasks SET status = $2, updated_by = $3, updated_at = $4 WHERE id = $1`, [taskId, status, by, at]);
  }
}
