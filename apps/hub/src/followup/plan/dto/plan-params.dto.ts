import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

export class PlanParamsDto {
  @IsUUID() caseId!: string;
  @IsUUID() planId!: string;
}

export class PlanVersjonParamsDto extends PlanParamsDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  versjon!: number;
}
