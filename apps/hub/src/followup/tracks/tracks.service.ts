import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  addTask,
  changeTaskStatus,
  Conflict,
  createTrack,
  Forbidden,
  Invalid,
  NewCaseEvent,
  NotFound,
  roleOfSeat,
  Seat,
  TaskStatus,
  TrackKind,
} from '@hub/domain';
import { reachesArbeidsgiver, tagged, taskSubject, TaskView, TaskViewContext, toTaskView, toTrackView, TrackView } from '@hub/access';
import { Db, isUniqueViolation, StoredTask, StoredTrack, TrackRepository } from '@hub/persistence';
import { CaseAccessService, ResolvedAccess } from '../../access/case-access.service';
import { HealthTextGuard } from '../../access/health-text-guard';
import { AuditService } from '../../audit/audit.service';
import { CLOCK, Clock } from '../../common/clock';
import { CaseEventWriter } from '../../events/case-event-writer';
import { readersOf, seatsInCase } from '../timeline/seat-audience';
import { AddTaskDto } from './dto/add-task.dto';

/** Parallelle løp: the veileder's tracks on a case, their tasks, and the owners moving their tasks along. */
@Injectable()
export class TracksService {
  constructor(
    private readonly db: Db,
    private readonly access: CaseAccessService,
    private readonly audit: AuditService,
    private readonly writer: CaseEventWriter,
    private readonly healthText: HealthTextGuard,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Every track and task the caller may see; overdue tasks are flagged. */
  async list(actor: Actor, caseId: string): Promise<TrackView[]> {
    const resolved = await this.access.resolve(actor, caseId);
    const tracks = await new TrackRepository(this.db).inCase(caseId);
    const ctx = this.context(resolved);
    const views = tracks.flatMap((t) => toTrackView(resolved.ability, t, ctx) ?? []);
    await this.audit.permit(actor, { caseId, subjectType: 'TrackTask', subjectIds: views.flatMap((t) => t.tasks.map((k) => k.id)) });
    return views;
  }

  async createTrack(actor: Actor, caseId: string, kind: TrackKind): Promise<TrackView> {
    const resolved = await this.access.resolve(actor, caseId);
    if (!resolved.ability.can('create', tagged('Track', { caseId, kind }))) throw new Forbidden('Only the veileder opens tracks');
    const track: StoredTrack = { ...createTrack(randomUUID(), kind, actor, this.clock.now()), caseId, createdBy: actor.sub, tasks: [] };
    const subject = { caseId, id: track.id, kind };
    try {
      await this.writer.commit(async (tx) => {
        await new TrackRepository(tx).insertTrack(track);
        return [
          this.event(
            caseId,
            'track.created',
            actor,
            track.createdAt,
            track.id,
            { trackId: track.id, kind },
            readersOf(this.access, resolved.access, 'Track', subject),
          ),
        ];
      });
    } catch (e) {
      if (isUniqueViolation(e, 'tracks_one_per_kind')) throw new Conflict(`The case already has a ${kind} track`);
      throw e;
    }
    return toTrackView(resolved.ability, track, this.context(resolved))!;
  }

  /**
   * A veileder adds a task with an owning seat. The owner must hold a seat in the case and be allowed to see the
   * task (abilities.ts), so an arbeidsgiver can never be given a task in a track it may not know of.
   */
  async addTask(actor: Actor, caseId: string, trackId: string, dto: AddTaskDto): Promise<TaskView> {
    const resolved = await this.access.resolve(actor, caseId);
    const { ability, access } = resolved;
    const track = await new TrackRepository(this.db).find(caseId, trackId);
    if (!track || !toTrackView(ability, track, this.context(resolved))) return this.notFound(actor, caseId, 'Track', trackId);
    if (!ability.can('create', tagged('TrackTask', { caseId, trackId, trackKind: track.kind })))
      throw new Forbidden('Only the veileder adds tasks');
    const eierSeat = dto.eier as Seat;
    if (!seatsInCase(access).includes(eierSeat)) throw new Invalid('eier', 'notInCase');
    const subject = taskSubject({ caseId, trackId, eierSeat }, track.kind);
    if (!this.access.abilityForSeat(access, eierSeat).can('read', tagged('TrackTask', subject)))
      throw new Invalid('eier', 'mayNotSeeTrack');
    if (dto.traadId !== undefined) {
      const thread = access.threads.find((t) => t.id === dto.traadId);
      if (!thread || !ability.can('read', tagged('Thread', thread))) throw new Invalid('traadId', 'unknownThread');
    }
    const now = this.clock.now();
    const added = addTask(
      track,
      { id: randomUUID(), tittel: dto.tittel, eier: roleOfSeat(eierSeat), frist: new Date(dto.frist), traadId: dto.traadId },
      actor,
      now,
    );
    const task: StoredTask = {
      ...added.tasks[added.tasks.length - 1],
      caseId,
      trackId,
      eierSeat,
      createdBy: actor.sub,
      updatedBy: actor.sub,
    };
    // The whole task, title included, goes to whoever may read it (no field list): RETUR_ARBEID and TILTAK reach the leder.
    const guard = this.healthText.check(
      [{ field: 'tittel', text: dto.tittel }],
      () => reachesArbeidsgiver(access, 'TrackTask', subject),
      dto.helseopplysningerBekreftet,
    );
    await this.writer.commit(async (tx) => {
      await new TrackRepository(tx).insertTask(task);
      const payload = {
        trackId,
        taskId: task.id,
        trackKind: track.kind,
        eier: eierSeat,
        status: task.status,
        frist: task.frist.toISOString(),
      };
      return [this.event(caseId, 'track.task_created', actor, now, task.id, payload, readersOf(this.access, access, 'TrackTask', subject))];
    });
    if (guard === 'confirmed') await this.healthText.confirmed(actor, caseId, 'TrackTask', task.id);
    return toTaskView(ability, task, track.kind, this.context(resolved))!;
  }

  /** The owner (or the veileder) moves a task along the allowed moves; any other move is a 409 and changes nothing. */
  async changeStatus(actor: Actor, caseId: string, trackId: string, taskId: string, to: TaskStatus): Promise<TaskView> {
    const resolved = await this.access.resolve(actor, caseId);
    const { ability, access } = resolved;
    const readable = (track: StoredTrack | undefined) => {
      const task = track?.tasks.find((t) => t.id === taskId);
      return track && task && ability.can('read', tagged('TrackTask', taskSubject(task, track.kind))) ? { track, task } : undefined;
    };
    if (!readable(await new TrackRepository(this.db).find(caseId, trackId))) return this.notFound(actor, caseId, 'TrackTask', taskId);
    const now = this.clock.now();
    let moved: StoredTask | undefined;
    let kind: TrackKind | undefined;
    await this.writer.commit(async (tx) => {
      const tracks = new TrackRepository(tx);
      // Again under the track's lock: the move is decided on the task as it stands now.
      const found = readable(await tracks.find(caseId, trackId, true));
      if (!found) throw new NotFound();
      const { track, task } = found;
      const subject = taskSubject(task, track.kind);
      if (!ability.can('update', tagged('TrackTask', subject))) throw new Forbidden("Only the task's owner or the veileder moves it");
      const [, change] = changeTaskStatus(track, taskId, to, actor, now);
      await tracks.updateTaskStatus(taskId, to, actor.sub, now);
      moved = { ...task, status: to, updatedAt: now, updatedBy: actor.sub };
      kind = track.kind;
      const payload = { trackId, taskId, trackKind: track.kind, eier: task.eierSeat, from: change.from, to: change.to };
      return [
        this.event(caseId, 'track.task_status_changed', actor, now, taskId, payload, readersOf(this.access, access, 'TrackTask', subject)),
      ];
    });
    return toTaskView(ability, moved!, kind!, this.context(resolved))!;
  }

  /** Missing and hidden answer the same, and the attempt is audited as a denial. */
  private async notFound(actor: Actor, caseId: string, subjectType: 'Track' | 'TrackTask', id: string): Promise<never> {
    await this.audit.deny(actor, { caseId, subjectType, subjectIds: [id] });
    throw new NotFound();
  }

  private context(r: ResolvedAccess): TaskViewContext {
    const readableThreadIds = new Set(r.access.threads.filter((t) => r.ability.can('read', tagged('Thread', t))).map((t) => t.id));
    return { now: this.clock.now(), seats: r.seats, readableThreadIds };
  }

  private event(
    caseId: string,
    type: NewCaseEvent['type'],
    actor: Actor,
    at: Date,
    refId: string,
    payload: NewCaseEvent['payload'],
    audience: Seat[],
  ): NewCaseEvent {
    return { caseId, type, threadId: null, refId, actorId: actor.sub, audience, payload, at };
  }
}
