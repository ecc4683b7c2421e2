import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { OVERFORINGSNOTAT_MAX, OVERFORINGSNOTAT_MIN } from '@hub/domain';
import { HealthConfirmation } from '../../common/health-confirmation';
import { IsOrgnr } from '../../common/validators';

export class AddRelationDto {
  @ApiProperty({ enum: ['arbeidsgiver', 'fastlege', 'sykmeldt'] })
  @IsIn(['arbeidsgiver', 'fastlege', 'sykmeldt'])
  role!: 'arbeidsgiver' | 'fastlege' | 'sykmeldt';

  @ApiProperty({ example: 'leder-42', description: "The party's subject at the identity provider" })
  @IsString()
  @Length(1, 128)
  partyId!: string;

  @ApiPropertyOptional({ example: '974760673', description: 'Virksomhet (required for arbeidsgiver)' })
  @ValidateIf((o: AddRelationDto) => o.role === 'arbeidsgiver' || o.orgnr !== undefined)
  @IsOrgnr()
  orgnr?: string;

  @ApiPropertyOptional({ example: 'Bedrift AS', description: "Arbeidsgiver: the virksomhet's name, shown with the nærmeste leder" })
  @ValidateIf((o: AddRelationDto) => o.virksomhetsnavn !== undefined)
  @IsString()
  @Length(1, 200)
  virksomhetsnavn?: string;

  @ApiPropertyOptional({ description: 'Fastlege: HER-id of the practice, for dialogmeldinger' })
  @IsOptional()
  @Matches(/^\d{1,12}$/)
  herId?: string;

  @ApiPropertyOptional({ description: 'Fastlege: HPR number' })
  @IsOptional()
  @Matches(/^\d{1,12}$/)
  hprNr?: string;

  @ApiPropertyOptional({ example: 'Legesenteret Fjordgløtt AS', description: 'Fastlege: the legekontor, named in dialogmeldinger' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  legekontorNavn?: string;

  @ApiPropertyOptional({ description: 'End the active relation in the same place (a new nærmeste leder, a new fastlege)' })
  @IsOptional()
  @IsBoolean()
  replace?: boolean;
}

export class EndRelationDto {
  @ApiProperty({ example: 'Ny nærmeste leder' })
  @IsString()
  @Length(1, 500)
  reason!: string;

  @HealthConfirmation() helseopplysningerBekreftet?: boolean;
}

export class HandoverDto {
  @ApiProperty({ example: 'Z990002', description: 'The veileder taking over' })
  @IsString()
  @Length(1, 128)
  toVeilederId!: string;

  @ApiProperty({
    description: 'Overføringsnotat: what the next veileder must know',
    minLength: OVERFORINGSNOTAT_MIN,
    maxLength: OVERFORINGSNOTAT_MAX,
  })
  @IsString()
  @Length(OVERFORINGSNOTAT_MIN, OVERFORINGSNOTAT_MAX)
  notat!: string;
}

export class ConsentParamsDto {
  @IsUUID() caseId!: string;
  @IsOrgnr() orgnr!: string;
  @IsIn(['funksjonsevne']) scope!: 'funksjonsevne';
}
