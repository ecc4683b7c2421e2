import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MilestoneView, TimelineView } from '@hub/access';
import type { MilestoneKey, MilestoneStatus, Role } from '@hub/domain';
import { ROLES } from '@hub/domain';
import { ViewSchema, enumOf } from '../../../common/openapi';
import { MILESTONE_KEYS } from './milestone-params.dto';

const STATUSES = enumOf<MilestoneStatus>({ DONE: true, UPCOMING: true, DUE_SOON: true, OVERDUE: true });

@ViewSchema<NonNullable<MilestoneView['window']>>('MilestoneWindow')
export class MilestoneWindowSchema {
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
}

@ViewSchema<MilestoneView>('MilestoneView')
export class MilestoneViewSchema {
  @ApiProperty({ enum: MILESTONE_KEYS }) key!: MilestoneKey;
  @ApiProperty({ description: 'The week of the sick leave it falls in' }) week!: number;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'Who must act' }) mustAct!: Role[];
  @ApiProperty({ enum: STATUSES }) status!: MilestoneStatus;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a veileder marked it done' }) doneAt!: string | null;
  @ApiPropertyOptional({ type: MilestoneWindowSchema, description: 'MOTEBEHOV only: the SVAR_BEHOV answer window' })
  window?: MilestoneWindowSchema;
}

@ViewSchema<TimelineView>('TimelineView')
export class TimelineViewSchema {
  @ApiProperty({ format: 'date' }) forsteSykedag!: string;
  @ApiProperty({ description: 'The week of the sick leave the case is in now (1-based; 0 before the first sick day)' }) uke!: number;
  @ApiProperty({ type: [MilestoneViewSchema], description: 'The milestones that concern the caller' }) milestones!: MilestoneViewSchema[];
}
