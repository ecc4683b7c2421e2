import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { EventView } from '@hub/access';
import type { CaseEventType } from '@hub/domain';
import { CASE_EVENT_TYPES } from '@hub/domain';
import { ViewSchema } from '../../common/openapi';
import { MessageViewSchema } from '../../threads/dto/thread-views.schema';
import type { EventPage } from '../events.service';

type EventData = NonNullable<EventView['data']>;

@ViewSchema<EventView>('EventView')
export class EventViewSchema {
  @ApiProperty({ description: "The event's number in the case's gap-free sequence" }) seq!: number;
  @ApiProperty({ enum: CASE_EVENT_TYPES }) type!: CaseEventType;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiPropertyOptional({ format: 'uuid' }) threadId?: string;
  @ApiPropertyOptional({ type: MessageViewSchema, description: 'message.* events: the message as the caller may see it' })
  message?: MessageViewSchema;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }],
      nullable: true,
    },
    description: 'Other events: what changed (ids, roles, seats), never content',
  })
  data?: EventData;
}

@ViewSchema<EventPage>('EventPage')
export class EventPageSchema {
  @ApiProperty({ type: [EventViewSchema] }) events!: EventViewSchema[];
  @ApiProperty({ description: 'Pass as `after` to continue' }) next!: number;
  @ApiProperty({ description: "The case's latest sequence number" }) lastSeq!: number;
  @ApiProperty() hasMore!: boolean;
}
