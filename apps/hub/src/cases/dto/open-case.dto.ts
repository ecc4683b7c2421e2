import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import { IsFodselsnummer } from '../../common/validators';

export class OpenCaseDto {
  @ApiProperty({ example: '01010750160', description: "The sykmeldt's fødselsnummer (control digits checked)" })
  @IsFodselsnummer()
  sykmeldtFnr!: string;

  @ApiProperty({ example: 'sykmeldt-7f3a', description: "The sykmeldt's subject at the identity provider" })
  @IsString()
  @Length(1, 128)
  sykmeldtId!: string;

  @ApiProperty({ example: '2026-08-03', description: 'First sick day' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  startDate!: string;

  @ApiPropertyOptional({ example: '0314', description: 'NAV-enhet responsible; its veiledere get access' })
  @IsOptional()
  @Matches(/^\d{4}$/)
  enhet?: string;

  // Only for the MsgHead Patient of dialogmeldinger to the fastlege (issue 21); both or neither.
  @ApiPropertyOptional({
    example: 'Kari',
    description: "The sykmeldt's given name, written in dialogmeldinger to the fastlege (with sykmeldtEtternavn)",
  })
  @ValidateIf((o: OpenCaseDto) => o.sykmeldtFornavn !== undefined || o.sykmeldtEtternavn !== undefined)
  @IsString()
  @Length(1, 100)
  sykmeldtFornavn?: string;

  @ApiPropertyOptional({ example: 'Nordmann', description: "The sykmeldt's family name (with sykmeldtFornavn)" })
  @ValidateIf((o: OpenCaseDto) => o.sykmeldtFornavn !== undefined || o.sykmeldtEtternavn !== undefined)
  @IsString()
  @Length(1, 100)
  sykmeldtEtternavn?: string;
}
