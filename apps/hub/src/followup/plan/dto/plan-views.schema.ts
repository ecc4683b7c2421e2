import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OppfolgingsplanView, PlanDelingView, PlanGodkjenningView, PlanKommentarView, PlanVersjonView } from '@hub/access';
import type { PlanMottaker, Role } from '@hub/domain';
import { ROLES } from '@hub/domain';
import { ViewSchema, enumOf } from '../../../common/openapi';
import { PLAN_MOTTAKERE } from './plan.dto';

type PlanStatus = NonNullable<OppfolgingsplanView['status']>;

@ViewSchema<PlanGodkjenningView>('PlanGodkjenningView')
export class PlanGodkjenningViewSchema {
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

@ViewSchema<PlanVersjonView>('PlanVersjonView')
export class PlanVersjonViewSchema {
  @ApiProperty() versjon!: number;
  @ApiProperty() arbeidsoppgaver!: string;
  @ApiProperty() tilrettelegging!: string;
  @ApiProperty() oppfolging!: string;
  @ApiProperty({ format: 'date' }) evalueringsdato!: string;
  @ApiProperty({ enum: ROLES }) lagetAv!: Role;
  @ApiProperty({ format: 'date-time' }) lagetAt!: string;
  @ApiProperty({ type: [PlanGodkjenningViewSchema] }) godkjentAv!: PlanGodkjenningViewSchema[];
  @ApiProperty({ description: 'Both parties approved this very version' }) godkjent!: boolean;
}

@ViewSchema<PlanKommentarView>('PlanKommentarView')
export class PlanKommentarViewSchema {
  @ApiProperty() versjon!: number;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() tekst!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

@ViewSchema<PlanDelingView>('PlanDelingView')
export class PlanDelingViewSchema {
  @ApiProperty() versjon!: number;
  @ApiProperty({ enum: PLAN_MOTTAKERE }) mottaker!: PlanMottaker;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** The plan as the caller's role may see it (libs/access/src/views/oppfolgingsplan.view.ts); every field is optional. */
@ViewSchema<OppfolgingsplanView>('OppfolgingsplanView')
export class OppfolgingsplanViewSchema {
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional() orgnr?: string;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({
    enum: enumOf<PlanStatus>({ UNDER_ARBEID: true, GODKJENT: true }),
    description: 'GODKJENT when both parties approved the latest version',
  })
  status?: PlanStatus;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'The newest version both approved (the plan in force)' })
  gjeldendeVersjon?: number | null;
  @ApiPropertyOptional({ type: [PlanVersjonViewSchema], description: 'The versions the caller may see' })
  versjoner?: PlanVersjonViewSchema[];
  @ApiPropertyOptional({ type: [PlanKommentarViewSchema] }) kommentarer?: PlanKommentarViewSchema[];
  @ApiPropertyOptional({ type: [PlanDelingViewSchema] }) delinger?: PlanDelingViewSchema[];
}
