import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsSeq } from '../../common/validators';

export class ThreadParamsDto {
  @IsUUID() caseId!: string;
  @IsUUID() threadId!: string;
}

export class MessageParamsDto extends ThreadParamsDto {
  @IsUUID() messageId!: string;
}

export class ParticipantParamsDto extends ThreadParamsDto {
  @Matches(/^(sykmeldt|fastlege|veileder|arbeidsgiver:\d{9})$/) seat!: string;
}

export class MessagePageQueryDto {
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'Oldest first (asc) or newest first (desc)' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';

  @ApiPropertyOptional({ description: "Continue after (asc) or before (desc) this seq: the previous page's nextCursor" })
  @IsOptional()
  @Type(() => Number)
  @IsSeq()
  cursor?: number;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}
