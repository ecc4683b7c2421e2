import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { MILESTONE_RULES, MilestoneKey } from '@hub/domain';

export const MILESTONE_KEYS: readonly MilestoneKey[] = MILESTONE_RULES.map((r) => r.key);

export class MilestoneParamsDto {
  @IsUUID() caseId!: string;

  @ApiProperty({ enum: MILESTONE_KEYS })
  @IsIn(MILESTONE_KEYS)
  key!: MilestoneKey;
}

export class MarkDoneDto {
  @ApiProperty({ example: 'Aktivitetskravet vurdert i samtale 12.10.', minLength: 3, maxLength: 500, description: 'Why it counts as met' })
  @IsString()
  @Length(3, 500)
  @Matches(/\S/)
  reason!: string;
}
