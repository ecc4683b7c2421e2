import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import {
  DialogmoteKind,
  DialogmoteSvarType,
  DM2_UNNTAK_ARSAKER,
  MAKS_NYTT_TID_ONSKER_MAX,
  DM2_UNNTAK_BESKRIVELSE_MAX,
  Dm2UnntakArsak,
  REFERAT_FELT_MAX,
  Role,
  ROLES,
  STED_MAX,
  SVAR_ONSKE_MAX,
  VIDEO_LINK_MAX,
} from '@hub/domain';
import { HealthConfirmation } from '../../../common/health-confirmation';
import { IsOrgnr } from '../../../common/validators';

export const DIALOGMOTE_KINDS: readonly DialogmoteKind[] = ['DM1', 'DM2', 'DM3'];
export const SVAR_TYPES: readonly DialogmoteSvarType[] = ['KOMMER', 'NYTT_TID_STED', 'KOMMER_IKKE'];

/** Time and place of a møte. The time carries its offset, so no server time zone decides when people meet. */
export class TidStedDto {
  @ApiProperty({ example: '2027-02-10T09:00:00+01:00' })
  @IsISO8601({ strict: true })
  @Matches(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/)
  tid!: string;

  @ApiProperty({ maxLength: STED_MAX, example: 'NAV Hamar, møterom 2' })
  @IsString()
  @Length(1, STED_MAX)
  sted!: string;

  @ApiPropertyOptional({ maxLength: VIDEO_LINK_MAX, example: 'https://video.nav.no/abc' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  @MaxLength(VIDEO_LINK_MAX)
  videoLink?: string;
}

export class ConveneDialogmoteDto extends TidStedDto {
  @ApiProperty({ enum: DIALOGMOTE_KINDS, description: 'DM1 is convened by the nærmeste leder, DM2 and DM3 by NAV' })
  @IsIn(DIALOGMOTE_KINDS)
  kind!: DialogmoteKind;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['sykmeldt', 'arbeidsgiver', 'fastlege'], description: 'The convener is added' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  deltakere!: Role[];

  @ApiPropertyOptional({ example: '974760673', description: 'The virksomhet the møte is with, when the case has more than one' })
  @IsOptional()
  @IsOrgnr()
  orgnr?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAKS_NYTT_TID_ONSKER_MAX,
    example: 2,
    description: 'How many times each party may ask for a new time; after that the convener decides (no limit when absent)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAKS_NYTT_TID_ONSKER_MAX)
  maksNyttTidOnsker?: number;
}

export class NyttTidStedDto extends TidStedDto {}

export class GiveSvarDto {
  @ApiProperty({ enum: SVAR_TYPES })
  @IsIn(SVAR_TYPES)
  svar!: DialogmoteSvarType;

  @ApiPropertyOptional({ maxLength: SVAR_ONSKE_MAX, description: 'Only with NYTT_TID_STED: the time or place wished instead' })
  @IsOptional()
  @IsString()
  @Length(1, SVAR_ONSKE_MAX)
  onske?: string;

  @HealthConfirmation() helseopplysningerBekreftet?: boolean;
}

/** The referat (DOMAIN.md): situasjon and konklusjon go to every deltaker, each oppgave to its party (referatFor). */
export class ReferatDto {
  @ApiProperty({ maxLength: REFERAT_FELT_MAX }) @IsString() @Length(1, REFERAT_FELT_MAX) situasjon!: string;
  @ApiProperty({ maxLength: REFERAT_FELT_MAX }) @IsString() @Length(1, REFERAT_FELT_MAX) konklusjon!: string;
  @ApiPropertyOptional({ maxLength: REFERAT_FELT_MAX }) @IsOptional() @IsString() @MaxLength(REFERAT_FELT_MAX) arbeidstakerOppgave?: string;
  @ApiPropertyOptional({ maxLength: REFERAT_FELT_MAX }) @IsOptional() @IsString() @MaxLength(REFERAT_FELT_MAX) arbeidsgiverOppgave?: string;
  @ApiPropertyOptional({ maxLength: REFERAT_FELT_MAX }) @IsOptional() @IsString() @MaxLength(REFERAT_FELT_MAX) veilederOppgave?: string;
  @ApiPropertyOptional({ maxLength: REFERAT_FELT_MAX, description: 'Never shown to the arbeidsgiver' })
  @IsOptional()
  @IsString()
  @MaxLength(REFERAT_FELT_MAX)
  behandlerOppgave?: string;

  @HealthConfirmation() helseopplysningerBekreftet?: boolean;
}

export class Dm2UnntakDto {
  @ApiProperty({ enum: DM2_UNNTAK_ARSAKER, description: 'Never shown to the arbeidsgiver' })
  @IsIn(DM2_UNNTAK_ARSAKER)
  arsak!: Dm2UnntakArsak;

  @ApiPropertyOptional({ maxLength: DM2_UNNTAK_BESKRIVELSE_MAX, description: 'Never shown to the arbeidsgiver' })
  @IsOptional()
  @IsString()
  @MaxLength(DM2_UNNTAK_BESKRIVELSE_MAX)
  beskrivelse?: string;
}
