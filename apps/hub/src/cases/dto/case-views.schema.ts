import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CaseView, ConsentView, RelationView } from '@hub/access';
import type { ConsentScope, Role, Seat } from '@hub/domain';
import { ROLES } from '@hub/domain';
import { ViewSchema, enumOf } from '../../common/openapi';
import type { CaseDetailView } from '../cases.service';

export const SEAT_DESCRIPTION = 'A seat: sykmeldt, fastlege, veileder or arbeidsgiver:<orgnr>';
export const SEAT_SCHEMA = {
  type: 'string' as const,
  pattern: '^(sykmeldt|fastlege|veileder|arbeidsgiver:\\d{9})$',
  description: SEAT_DESCRIPTION,
};
const CONSENT_SCOPES = enumOf<ConsentScope>({ funksjonsevne: true });

/** Every field is absent when the caller's role may not see it (libs/access/src/views/case.view.ts). */
@ViewSchema<CaseView>('CaseView')
export class CaseViewSchema {
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional({ format: 'date', description: 'The first sick day' }) startDate?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The veileder's NAV office" }) enhet?: string | null;
  @ApiPropertyOptional({ description: "The sykmeldt's fødselsnummer (veileder and fastlege only)" }) sykmeldtFnr?: string;
  @ApiPropertyOptional() sykmeldtId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ description: 'The sequence number of the latest event' }) lastSeq?: number;
}

@ViewSchema<RelationView>('RelationView')
export class RelationViewSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() partyId!: string;
  @ApiPropertyOptional({ description: "The virksomhet's organisasjonsnummer (arbeidsgiver only)" }) orgnr?: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
}

@ViewSchema<ConsentView>('ConsentView')
export class ConsentViewSchema {
  @ApiProperty() orgnr!: string;
  @ApiProperty({ enum: CONSENT_SCOPES }) scope!: ConsentScope;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

@ViewSchema<CaseDetailView>('CaseDetailView')
export class CaseDetailViewSchema {
  @ApiProperty({ type: CaseViewSchema }) case!: CaseViewSchema;
  @ApiProperty({ type: 'array', items: SEAT_SCHEMA, description: "The case's seats the caller may see" }) seats!: Seat[];
  @ApiProperty({ type: [RelationViewSchema] }) relations!: RelationViewSchema[];
  @ApiProperty({ type: [ConsentViewSchema] }) consents!: ConsentViewSchema[];
}
