import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import type { CaseListEntryView, CaseView, ConsentView, NextDeadlineView, RelationView } from '@hub/access';
import type { ConsentScope, MilestoneKey, MilestoneStatus, Role, Seat, TrackKind } from '@hub/domain';
import { ROLES } from '@hub/domain';
import { ViewSchema, enumOf } from '../../common/openapi';
import { MILESTONE_KEYS } from '../../followup/timeline/dto/milestone-params.dto';
import { MILESTONE_STATUSES } from '../../followup/timeline/dto/timeline-views.schema';
import { TRACK_KINDS } from '../../followup/tracks/dto/create-track.dto';
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
  @ApiPropertyOptional({ description: "The sykmeldt's name, where the caller may see it" }) sykmeldtNavn?: string;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ description: 'The sequence number of the latest event' }) lastSeq?: number;
}

@ViewSchema<Extract<NextDeadlineView, { kind: 'milestone' }>>('NextMilestoneDeadline')
export class NextMilestoneDeadlineSchema {
  @ApiProperty({ enum: ['milestone'] }) kind!: 'milestone';
  @ApiProperty({ enum: MILESTONE_KEYS }) key!: MilestoneKey;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status!: MilestoneStatus;
}

@ViewSchema<Extract<NextDeadlineView, { kind: 'task' }>>('NextTaskDeadline')
export class NextTaskDeadlineSchema {
  @ApiProperty({ enum: ['task'] }) kind!: 'task';
  @ApiProperty({ format: 'uuid' }) taskId!: string;
  @ApiProperty({ enum: TRACK_KINDS }) trackKind!: TrackKind;
  @ApiProperty() tittel!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status!: MilestoneStatus;
}

/** A row of the caller's case list: the case with the caller's own next deadline and overdue tasks. */
@ViewSchema<CaseListEntryView>('CaseListEntryView')
@ApiExtraModels(NextMilestoneDeadlineSchema, NextTaskDeadlineSchema)
export class CaseListEntryViewSchema extends CaseViewSchema {
  @ApiPropertyOptional({
    oneOf: [{ $ref: getSchemaPath(NextMilestoneDeadlineSchema) }, { $ref: getSchemaPath(NextTaskDeadlineSchema) }],
    discriminator: {
      propertyName: 'kind',
      mapping: { milestone: getSchemaPath(NextMilestoneDeadlineSchema), task: getSchemaPath(NextTaskDeadlineSchema) },
    },
    description: "The caller's own next deadline: an unmet milestone that concerns its role or a task it owns; absent when none",
  })
  nextDeadline?: NextMilestoneDeadlineSchema | NextTaskDeadlineSchema;
  @ApiProperty({ description: "Active tasks owned by the caller's seats whose frist has passed" }) overdueTasks!: number;
}

@ViewSchema<RelationView>('RelationView')
export class RelationViewSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty() partyId!: string;
  @ApiPropertyOptional({ description: "The virksomhet's organisasjonsnummer (arbeidsgiver only)" }) orgnr?: string;
  @ApiPropertyOptional({ description: "The virksomhet's name (arbeidsgiver only)" }) virksomhetsnavn?: string;
  @ApiPropertyOptional({ description: "The party's name, where the caller may see it" }) navn?: string;
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
