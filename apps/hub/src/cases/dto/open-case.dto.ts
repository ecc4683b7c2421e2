import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { IsFodselsnummer } from '../../common/validators';

export class OpenCaseDto {
  @ApiProperty({ example: '01010750160', description: 'The sykmeldt\'s fødselsnummer (control digits checked)' })
  @IsFodselsnummer()
  sykmeldtFnr!: string;

  @ApiProperty({ example: 'sykmeldt-7f3a', description: 'The sykmeldt\'s subject at the identity provider' })
  @IsString() @Length(1, 128)
  sykmeldtId!: string;

  @ApiProperty({ example: '2026-08-03', description: 'First sick day' })
  @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startDate!: string;

  @ApiPropertyOptional({ example: '0314', description: 'NAV-enhet responsible; its veiledere get access' })
  @IsOptional() @Matches(/^\d{4}$/)
  enhet?: string;
}
