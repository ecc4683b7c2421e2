import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { ThreadParamsDto } from '../../threads/dto/thread-params.dto';

export class DialogmeldingParamsDto extends ThreadParamsDto {
  @IsUUID() dialogmeldingId!: string;
}

export class OutboxQueryDto {
  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 50;
}

export class OutboxParamsDto {
  @IsString()
  @Length(1, 200)
  msgId!: string;
}
