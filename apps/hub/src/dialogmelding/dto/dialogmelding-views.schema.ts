import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DialogmeldingView } from '@hub/access';
import type { DialogmeldingDirection, DialogmeldingKind, DialogmeldingStatus } from '@hub/domain';
import { DIALOGMELDING_KINDS } from '@hub/domain';
import { ViewSchema, enumOf } from '../../common/openapi';
import type { AppRecReceipt, OutboxItem, PublishedView } from '../dialogmelding-status.service';

const DIRECTIONS = enumOf<DialogmeldingDirection>({ UT: true, INN: true });
const STATUSES = enumOf<DialogmeldingStatus>({ BESTILT: true, SENDT: true, OK: true, AVVIST: true, MOTTATT: true });

type Avvist = NonNullable<DialogmeldingView['avvist']>;

@ViewSchema<Avvist>('AppRecAvvist')
export class AppRecAvvistSchema {
  @ApiProperty({ description: "The AppRec's error code" }) code!: string;
  @ApiProperty() text!: string;
}

/** A dialogmelding as the caller's role may see it (libs/access/src/views/dialogmelding.view.ts); every field is optional. */
@ViewSchema<DialogmeldingView>('DialogmeldingView')
export class DialogmeldingViewSchema {
  @ApiPropertyOptional({ format: 'uuid' }) id?: string;
  @ApiPropertyOptional({ format: 'uuid' }) threadId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The message in the thread that carries it' }) messageId?: string;
  @ApiPropertyOptional({ enum: DIRECTIONS, description: 'UT: from NAV to the fastlege; INN: from the fastlege' })
  direction?: DialogmeldingDirection;
  @ApiPropertyOptional({ enum: DIALOGMELDING_KINDS }) kind?: DialogmeldingKind;
  @ApiPropertyOptional({ example: '8129' }) kodeverk?: string;
  @ApiPropertyOptional({ example: '1' }) kode?: string;
  @ApiPropertyOptional() msgId?: string;
  @ApiPropertyOptional() conversationRef?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) parentRef?: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) parentId?: string | null;
  @ApiPropertyOptional() tekst?: string;
  @ApiPropertyOptional({ enum: STATUSES }) status?: DialogmeldingStatus;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) sentAt?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) publishedAt?: string | null;
  @ApiPropertyOptional({ format: 'date-time' }) statusAt?: string;
  @ApiPropertyOptional({ type: AppRecAvvistSchema, nullable: true, description: "The AppRec's reason when the receiver refused it" })
  avvist?: AppRecAvvistSchema | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) besvartAt?: string | null;
  @ApiPropertyOptional({ description: 'A forespørsel past its deadline without a svar, as of now' }) ubesvart?: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) ubesvartAt?: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) paminnelseSentAt?: string | null;
}

@ViewSchema<OutboxItem>('OutboxItem')
export class OutboxItemSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() msgId!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: 'The MsgHead document to deliver' }) xml!: string;
}

@ViewSchema<PublishedView>('PublishedView')
export class PublishedViewSchema {
  @ApiProperty() msgId!: string;
  @ApiProperty({ format: 'date-time', description: 'The first time it was taken' }) publishedAt!: string;
}

type Outcome = AppRecReceipt['outcome'];
type IgnoredReason = Extract<AppRecReceipt, { outcome: 'ignored' }>['reason'];

/** What the hub did with an inbound AppRec. One class for the union: `reason` comes with `ignored` only. */
@ViewSchema<{ outcome: Outcome; reason?: IgnoredReason }>('AppRecReceipt')
export class AppRecReceiptSchema {
  @ApiProperty({ enum: enumOf<Outcome>({ matched: true, unmatched: true, ignored: true }) }) outcome!: Outcome;
  @ApiPropertyOptional({ enum: enumOf<IgnoredReason>({ malformed: true, 'not-receiver': true, contradicts: true }) })
  reason?: IgnoredReason;
}
