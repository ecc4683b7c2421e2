import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ViewSchema, enumOf } from '../../common/openapi';
import type { AuditEntryView } from '../audit-query.service';

@ViewSchema<AuditEntryView>('AuditEntryView')
export class AuditEntryViewSchema {
  @ApiProperty({ description: 'Pass the last one as `after` for the next page' }) id!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ description: 'The role the reader acted in' }) actorRole!: string;
  @ApiPropertyOptional({ description: "The actor's name, when a party of the case now and the caller may see it" }) actorNavn?: string;
  @ApiProperty({ example: 'read' }) action!: string;
  @ApiProperty({ example: 'Message' }) subjectType!: string;
  @ApiProperty({ type: [String] }) subjectIds!: string[];
  @ApiProperty({ enum: enumOf<AuditEntryView['decision']>({ permit: true, deny: true }) }) decision!: AuditEntryView['decision'];
  @ApiProperty({ example: 'rest' }) channel!: string;
}
