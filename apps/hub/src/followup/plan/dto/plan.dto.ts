import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PLAN_KOMMENTAR_MAX, PLAN_TEKST_MAX, PlanMottaker } from '@hub/domain';
import { HealthConfirmation } from '../../../common/health-confirmation';
import { IsOrgnr } from '../../../common/validators';

export const PLAN_MOTTAKERE: readonly PlanMottaker[] = ['fastlege', 'nav'];

/** The content of one plan version (DOMAIN.md, week 4: work tasks, adjustments, follow-up, evaluation date). */
export class PlanInnholdDto {
  @ApiProperty({ maxLength: PLAN_TEKST_MAX, example: 'Kundebehandling på telefon, ikke lager' })
  @IsString()
  @Length(1, PLAN_TEKST_MAX)
  arbeidsoppgaver!: string;

  @ApiProperty({ maxLength: PLAN_TEKST_MAX, example: 'Hev-senk-pult, kortere dager de første to ukene' })
  @IsString()
  @Length(1, PLAN_TEKST_MAX)
  tilrettelegging!: string;

  @ApiProperty({ maxLength: PLAN_TEKST_MAX, example: 'Samtale med leder hver fredag' })
  @IsString()
  @Length(1, PLAN_TEKST_MAX)
  oppfolging!: string;

  @ApiProperty({ example: '2026-10-01', description: 'Evaluation date, a calendar day after today' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  evalueringsdato!: string;

  @HealthConfirmation() helseopplysningerBekreftet?: boolean;
}

export class DraftPlanDto extends PlanInnholdDto {
  @ApiPropertyOptional({
    example: '974760673',
    description: 'Only for a leader of several virksomheter in the case: which one the plan is for',
  })
  @IsOptional()
  @IsOrgnr()
  orgnr?: string;
}

export class EditPlanDto extends PlanInnholdDto {}

export class CommentPlanDto {
  @ApiProperty({ maxLength: PLAN_KOMMENTAR_MAX })
  @IsString()
  @Length(1, PLAN_KOMMENTAR_MAX)
  tekst!: string;

  @HealthConfirmation() helseopplysningerBekreftet?: boolean;
}

export class SharePlanDto {
  @ApiProperty({
    enum: PLAN_MOTTAKERE,
    isArray: true,
    example: ['fastlege', 'nav'],
    description: 'fastlege: the sykmelder; nav: the veileder',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsIn(PLAN_MOTTAKERE, { each: true })
  mottakere!: PlanMottaker[];
}
