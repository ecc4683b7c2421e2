import { ApiProperty } from '@nestjs/swagger';
import type { SearchHit } from '@hub/access';
import { ViewSchema } from '../../common/openapi';
import { MessageViewSchema } from '../../threads/dto/thread-views.schema';

@ViewSchema<SearchHit>('SearchHit')
export class SearchHitSchema {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: MessageViewSchema, description: 'The message as the caller may see it' }) message!: MessageViewSchema;
}
