import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DialogmoteSvarView, DialogmoteView, ReferatDelView, UnntakView } from '@hub/access';
import type { DialogmoteKind, DialogmoteStatus, DialogmoteSvarType, Dm2UnntakArsak, Role } from '@hub/domain';
import { DM2_UNNTAK_ARSAKER, ROLES } from '@hub/domain';
import { ViewSchema, enumOf } from '../../../common/openapi';
import { DIALOGMOTE_KINDS, SVAR_TYPES } from './dialogmote.dto';

const STATUSES = enumOf<DialogmoteStatus>({ INNKALT: true, NYTT_TID_STED: true, AVLYST: true, FERDIGSTILT: true, LUKKET: true });

@ViewSchema<DialogmoteSvarView>('DialogmoteSvarView')
export class DialogmoteSvarViewSchema {
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiPropertyOptional({ enum: SVAR_TYPES }) type?: DialogmoteSvarType;
  @ApiPropertyOptional({ format: 'date-time' }) at?: string;
  @ApiPropertyOptional({ description: 'With NYTT_TID_STED: the time or place wished instead' }) onske?: string;
}

/** The parts of the referat this audience receives (libs/domain referatFor); each is absent when not its to see. */
@ViewSchema<ReferatDelView>('ReferatDelView')
export class ReferatDelViewSchema {
  @ApiPropertyOptional() situasjon?: string;
  @ApiPropertyOptional() konklusjon?: string;
  @ApiPropertyOptional() arbeidstakerOppgave?: string;
  @ApiPropertyOptional() arbeidsgiverOppgave?: string;
  @ApiPropertyOptional() veilederOppgave?: string;
  @ApiPropertyOptional({ description: 'Never to the arbeidsgiver' }) behandlerOppgave?: string;
  @ApiPropertyOptional({ format: 'date-time' }) skrevetAt?: string;
}

@ViewSchema<NonNullable<DialogmoteView['nyttTidOnsker']>>('NyttTidOnsker')
export class NyttTidOnskerSchema {
  @ApiPropertyOptional() sykmeldt?: number;
  @ApiPropertyOptional() arbeidsgiver?: number;
  @ApiPropertyOptional() fastlege?: number;
  @ApiPropertyOptional() veileder?: number;
}

/** A møte as the caller's role may see it (libs/access/src/views/dialogmote.view.ts); every field is optional. */
@ViewSchema<DialogmoteView>('DialogmoteView')
export class DialogmoteViewSchema {
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional({ enum: DIALOGMOTE_KINDS }) kind?: DialogmoteKind;
  @ApiPropertyOptional({ enum: STATUSES }) status?: DialogmoteStatus;
  @ApiPropertyOptional({ enum: ROLES }) innkaltAv?: Role;
  @ApiPropertyOptional({ enum: ROLES, isArray: true }) deltakere?: Role[];
  @ApiPropertyOptional() orgnr?: string;
  @ApiPropertyOptional({ format: 'date-time' }) tid?: string;
  @ApiPropertyOptional() sted?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) videoLink?: string | null;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) updatedAt?: string;
  @ApiPropertyOptional({ type: [DialogmoteSvarViewSchema] }) svar?: DialogmoteSvarViewSchema[];
  @ApiPropertyOptional({ type: ReferatDelViewSchema, nullable: true, description: 'null until the møte is held (FERDIGSTILT)' })
  referat?: ReferatDelViewSchema | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: "The convener's limit on requests for a new time per party" })
  maksNyttTidOnsker?: number | null;
  @ApiPropertyOptional({ type: NyttTidOnskerSchema, description: 'Requests for a new time made so far, per party' })
  nyttTidOnsker?: NyttTidOnskerSchema;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) fastlegeUbesvartAt?: string | null;
}

@ViewSchema<UnntakView>('UnntakView')
export class UnntakViewSchema {
  @ApiPropertyOptional({ enum: DM2_UNNTAK_ARSAKER }) arsak?: Dm2UnntakArsak;
  @ApiPropertyOptional() beskrivelse?: string;
  @ApiPropertyOptional({ description: 'The veileder who recorded it' }) by?: string;
  @ApiPropertyOptional({ format: 'date-time' }) at?: string;
}
