import { Type } from 'class-transformer';
import { IsOptional, IsUUID } from 'class-validator';
import { SendMessageDto } from '../../threads/dto/send-message.dto';
import { IsSeq } from '../../common/validators';

export class SubscribePayload {
  @IsUUID() caseId!: string;
  /** The last sequence the client has for this case; 0 for everything. */
  @IsOptional() @Type(() => Number) @IsSeq() after = 0;
}

export class CasePayload {
  @IsUUID() caseId!: string;
}

export class ThreadPayload extends CasePayload {
  @IsUUID() threadId!: string;
}

export class SendMessagePayload extends SendMessageDto {
  @IsUUID() caseId!: string;
  @IsUUID() threadId!: string;
}

export class ReadPayload extends ThreadPayload {
  @IsSeq() upToSeq!: number;
}
