import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { HandoverSummaryView, TaskView, TrackView, UnansweredRequestView } from '@hub/access';
import type { Role, Seat, TaskStatus, TrackKind } from '@hub/domain';
import { ROLES } from '@hub/domain';
import { SEAT_SCHEMA } from '../../../cases/dto/case-views.schema';
import { ViewSchema } from '../../../common/openapi';
import { TASK_STATUSES } from './add-task.dto';
import { TRACK_KINDS } from './create-track.dto';

@ViewSchema<TaskView>('TaskView')
export class TaskViewSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) trackId!: string;
  @ApiProperty({ enum: TRACK_KINDS }) trackKind!: TrackKind;
  @ApiProperty() tittel!: string;
  @ApiProperty({ ...SEAT_SCHEMA, description: 'The owning seat' }) eier!: Seat;
  @ApiProperty({ description: 'The caller holds the owning seat' }) egen!: boolean;
  @ApiProperty({ format: 'date-time' }) frist!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: TaskStatus;
  @ApiProperty() overdue!: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'The thread where it is discussed, when the caller takes part in it' })
  traadId?: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

@ViewSchema<TrackView>('TrackView')
export class TrackViewSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: TRACK_KINDS }) kind!: TrackKind;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: [TaskViewSchema], description: 'The tasks the caller may see' }) tasks!: TaskViewSchema[];
}

@ViewSchema<UnansweredRequestView>('UnansweredRequestView')
export class UnansweredRequestViewSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() tittel!: string;
  @ApiProperty({ enum: ROLES }) mottaker!: Role;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
  @ApiProperty() ventetDager!: number;
  @ApiPropertyOptional({ format: 'uuid' }) traadId?: string;
}

@ViewSchema<HandoverSummaryView>('HandoverSummaryView')
export class HandoverSummaryViewSchema {
  @ApiProperty({ type: String, nullable: true, description: "The latest handover's overføringsnotat; null if never handed over" })
  overforingsnotat!: string | null;
  @ApiProperty({ type: String, nullable: true }) fraVeileder!: string | null;
  @ApiProperty({ type: String, nullable: true }) tilVeileder!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) at!: string | null;
  @ApiProperty({ type: [TaskViewSchema], description: 'Open tasks first (overdue first, then by frist), then the closed ones' })
  tasks!: TaskViewSchema[];
  @ApiProperty({ type: [UnansweredRequestViewSchema], description: 'Longest waiting first' })
  unansweredRequests!: UnansweredRequestViewSchema[];
}
