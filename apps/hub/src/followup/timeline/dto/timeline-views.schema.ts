import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MilestoneView, TimelineView } from '@hub/access';
import type { MilestoneCause, MilestoneKey, MilestoneStatus, Role } from '@hub/domain';
import { ROLES } from '@hub/domain';
import { ViewSchema, enumOf } from '../../../common/openapi';
import { MILESTONE_KEYS } from './milestone-params.dto';

export const MILESTONE_STATUSES = enumOf<MilestoneStatus>({ DONE: true, UPCOMING: true, DUE_SOON: true, OVERDUE: true });
const CAUSES = enumOf<MilestoneCause>({
  PLAN_DELT: true,
  DM1_FERDIGSTILT: true,
  MOTEBEHOV_SVAR: true,
  DM2_FERDIGSTILT: true,
  DM2_UNNTAK: true,
  MANUELL: true,
});

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
  @ApiProperty({ enum: MILESTONE_STATUSES }) status!: MilestoneStatus;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was met, by an event or by hand' })
  doneAt!: string | null;
  @ApiPropertyOptional({ enum: CAUSES, description: 'What met it, to those the meeting event reached (a mark by hand: to every reader)' })
  metBy?: MilestoneCause;
  @ApiPropertyOptional({ description: "A mark by hand: the veileder's reason (NAV and the sykmeldt only)" }) reason?: string;
  @ApiPropertyOptional({ type: MilestoneWindowSchema, description: 'MOTEBEHOV only: the SVAR_BEHOV answer window' })
  window?: MilestoneWindowSchema;
}

@ViewSchema<TimelineView>('TimelineView')
export class TimelineViewSchema {
  @ApiProperty({ format: 'date' }) forsteSykedag!: string;
  @ApiProperty({ description: 'The week of the sick leave the case is in now (1-based; 0 before the first sick day)' }) uke!: number;
  @ApiProperty({ type: [MilestoneViewSchema], description: 'The milestones that concern the caller' }) milestones!: MilestoneViewSchema[];
}
