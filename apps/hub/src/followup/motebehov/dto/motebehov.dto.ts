import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MOTEBEHOV_BEGRUNNELSE_MAX, MotebehovSkjemaType, TOLK_SPRAK_MAX } from '@hub/domain';
import { IsOrgnr } from '../../../common/validators';

export const SKJEMA_TYPER: readonly MotebehovSkjemaType[] = ['SVAR_BEHOV', 'MELD_BEHOV'];

export class SubmitMotebehovDto {
  @ApiProperty({ enum: SKJEMA_TYPER, description: 'SVAR_BEHOV answers NAV in weeks 16–26; MELD_BEHOV raises a need any time' })
  @IsIn(SKJEMA_TYPER)
  skjemaType!: MotebehovSkjemaType;

  @ApiProperty() @IsBoolean() harMotebehov!: boolean;

  @ApiPropertyOptional({
    maxLength: MOTEBEHOV_BEGRUNNELSE_MAX,
    description: "Required with a yes to SVAR_BEHOV. The sykmeldt's is treated as health information and never shown to the arbeidsgiver",
  })
  @IsOptional()
  @IsString()
  @MaxLength(MOTEBEHOV_BEGRUNNELSE_MAX)
  begrunnelse?: string;

  @ApiProperty() @IsBoolean() onskerSykmelderDeltar!: boolean;

  @ApiProperty() @IsBoolean() onskerTolk!: boolean;

  @ApiPropertyOptional({ maxLength: TOLK_SPRAK_MAX, description: 'Required exactly when onskerTolk' })
  @IsOptional()
  @IsString()
  @MaxLength(TOLK_SPRAK_MAX)
  tolkSprak?: string;

  @ApiPropertyOptional({ example: '974760673', description: 'Only for a leader of several virksomheter in the case' })
  @IsOptional()
  @IsOrgnr()
  orgnr?: string;
}

export class MotebehovParamsDto {
  @IsUUID() caseId!: string;
  @IsUUID() motebehovId!: string;
}
