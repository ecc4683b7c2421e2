import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AttachmentView, MessagePage, MessageVersionView, MessageView, ThreadView } from '@hub/access';
import type { Classification, CodeSystem, Diagnose, Role, Seat } from '@hub/domain';
import { CLASSIFICATIONS, CODE_SYSTEMS, ROLES } from '@hub/domain';
import { SEAT_SCHEMA } from '../../cases/dto/case-views.schema';
import { ViewSchema } from '../../common/openapi';
import type { ReadMarkerView } from '../read-markers.service';

@ViewSchema<ThreadView>('ThreadView')
export class ThreadViewSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ type: 'array', items: SEAT_SCHEMA }) participants!: Seat[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

@ViewSchema<ReadMarkerView>('ReadMarkerView')
export class ReadMarkerViewSchema {
  @ApiProperty(SEAT_SCHEMA) seat!: Seat;
  @ApiProperty({ description: 'The seq of the last message this seat has read' }) upToSeq!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

@ViewSchema<AttachmentView>('AttachmentView')
export class AttachmentViewSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty() mimeType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ enum: CLASSIFICATIONS }) classification!: Classification;
}

@ViewSchema<Diagnose>('Diagnose')
export class DiagnoseSchema {
  @ApiProperty({ enum: CODE_SYSTEMS }) system!: CodeSystem;
  @ApiProperty({ example: 'L03' }) kode!: string;
  @ApiProperty() tekst!: string;
}

/**
 * A message as the caller's role may see it (libs/access/src/views/message.view.ts): a field it may not see is absent,
 * never nulled, so every field is optional.
 */
@ViewSchema<MessageView>('MessageView')
export class MessageViewSchema {
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) threadId?: string;
  @ApiPropertyOptional({ description: "The message's place in the case's event sequence" }) seq?: number;
  @ApiPropertyOptional() senderId?: string;
  @ApiPropertyOptional({ enum: ROLES }) senderRole?: Role;
  @ApiPropertyOptional({ description: "The author's name, where the caller may see it" }) senderNavn?: string;
  @ApiPropertyOptional({ format: 'date-time' }) sentAt?: string;
  @ApiPropertyOptional({ description: 'Counts only the edits this audience can see' }) version?: number;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) editedAt?: string | null;
  @ApiPropertyOptional({ description: 'Retracted: a tombstone without content' }) redacted?: boolean;
  @ApiPropertyOptional() clientTxnId?: string;
  @ApiPropertyOptional() tekst?: string;
  @ApiPropertyOptional({ type: [AttachmentViewSchema] }) attachments?: AttachmentViewSchema[];
  @ApiPropertyOptional({ type: String, nullable: true }) funksjonsevne?: string | null;
  @ApiPropertyOptional({ type: [DiagnoseSchema], nullable: true }) diagnose?: DiagnoseSchema[] | null;
  @ApiPropertyOptional({ type: String, nullable: true }) medisinskVurdering?: string | null;
}

@ViewSchema<MessagePage>('MessagePage')
export class MessagePageSchema {
  @ApiProperty({ type: [MessageViewSchema] }) messages!: MessageViewSchema[];
  @ApiProperty({ type: Number, nullable: true, description: 'Pass as `cursor` for the next page; null at the end' })
  nextCursor!: number | null;
}

@ViewSchema<MessageVersionView>('MessageVersionView')
export class MessageVersionViewSchema {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: MessageViewSchema }) content!: MessageViewSchema;
}
