import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { MILESTONE_RULES, MilestoneKey } from '@hub/domain';

export const MILESTONE_KEYS: readonly MilestoneKey[] = MILESTONE_RULES.map((r) => r.key);

export class MilestoneParamsDto {
  @IsUUID() caseId!: string;

  @ApiProperty({ enum: MILESTONE_KEYS })
  @IsIn(MILESTONE_KEYS)
  key!: MilestoneKey;
}
