import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsSeq } from '../../common/validators';

export class AfterSeqQueryDto {
  @ApiPropertyOptional({ default: 0, description: 'The last sequence number the client has' })
  @IsOptional()
  @Type(() => Number)
  @IsSeq()
  after = 0;

  @ApiPropertyOptional({ default: 500, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 500;
}
