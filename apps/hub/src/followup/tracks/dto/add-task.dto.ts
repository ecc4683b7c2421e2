import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { TASK_MOVES, TASK_TITTEL_MAX, TaskStatus } from '@hub/domain';
import { HealthConfirmation } from '../../../common/health-confirmation';

export const SEAT_PATTERN = /^(sykmeldt|fastlege|veileder|arbeidsgiver:\d{9})$/;
// An instant with its offset: a bare date would silently mean 00:00 UTC, a day earlier than most readers expect.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class AddTaskDto {
  @ApiProperty({ example: 'Avklare tilrettelagte arbeidsoppgaver', maxLength: TASK_TITTEL_MAX })
  @IsString()
  @Length(1, TASK_TITTEL_MAX)
  tittel!: string;

  @ApiProperty({ example: 'arbeidsgiver:974760673', description: 'The owning seat: sykmeldt, fastlege, veileder or arbeidsgiver:<orgnr>' })
  @IsString()
  @Matches(SEAT_PATTERN)
  eier!: string;

  @ApiProperty({ example: '2026-09-01T12:00:00+02:00', description: 'Date-time with offset; the task is overdue after it' })
  @IsString()
  @Matches(DATE_TIME)
  @IsISO8601({ strict: true })
  frist!: string;

  @ApiPropertyOptional({ description: 'The thread of the case where the task is discussed' })
  @IsOptional()
  @IsUUID()
  traadId?: string;

  @HealthConfirmation() helseopplysningerBekreftet?: boolean;
}

export const TASK_STATUSES = Object.keys(TASK_MOVES) as TaskStatus[];

export class ChangeTaskStatusDto {
  @ApiProperty({
    enum: TASK_STATUSES,
    description: 'APEN → PAGAR | FERDIG | AVBRUTT; PAGAR → APEN | FERDIG | AVBRUTT; FERDIG and AVBRUTT are final',
  })
  @IsIn(TASK_STATUSES)
  status!: TaskStatus;
}
