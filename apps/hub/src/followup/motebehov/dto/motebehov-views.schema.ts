import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { MotebehovView } from '@hub/access';
import type { MotebehovSkjemaType, Role } from '@hub/domain';
import { ROLES } from '@hub/domain';
import { ViewSchema, enumOf } from '../../../common/openapi';
import type { MotebehovOversikt } from '../motebehov.service';

const SKJEMA_TYPES = enumOf<MotebehovSkjemaType>({ SVAR_BEHOV: true, MELD_BEHOV: true });

/** A møtebehov as the caller's role may see it (libs/access/src/views/motebehov.view.ts); every field is optional. */
@ViewSchema<MotebehovView>('MotebehovView')
export class MotebehovViewSchema {
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional({ enum: SKJEMA_TYPES }) skjemaType?: MotebehovSkjemaType;
  @ApiPropertyOptional({ enum: ROLES }) innmelder?: Role;
  @ApiPropertyOptional() harMotebehov?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The sykmeldt's is never shown to the arbeidsgiver" })
  begrunnelse?: string | null;
  @ApiPropertyOptional() onskerSykmelderDeltar?: boolean;
  @ApiPropertyOptional() onskerTolk?: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) tolkSprak?: string | null;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) behandletAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) behandletAv?: string | null;
}

@ViewSchema<MotebehovOversikt['svarBehov']>('SvarBehovWindow')
export class SvarBehovWindowSchema {
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty({ description: "NAV's question is open now" }) open!: boolean;
}

@ViewSchema<MotebehovOversikt>('MotebehovOversikt')
export class MotebehovOversiktSchema {
  @ApiProperty({ type: SvarBehovWindowSchema, description: 'SVAR_BEHOV is open from the end of week 16 to the end of week 26' })
  svarBehov!: SvarBehovWindowSchema;
  @ApiProperty({ type: [MotebehovViewSchema] }) motebehov!: MotebehovViewSchema[];
}
