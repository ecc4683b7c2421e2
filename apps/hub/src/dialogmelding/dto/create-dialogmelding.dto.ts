import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { AttachmentDto, AttachmentsField } from '../../threads/dto/send-message.dto';

export const MAX_DIALOG_TEKST = 10_000;

/** The kinds that open a conversation; svar and påminnelse answer or remind of one (their own routes). */
export const STARTING_KINDS = ['FORESPORSEL', 'NOTAT', 'HENVENDELSE'] as const;
export type StartingKind = (typeof STARTING_KINDS)[number];

const VEDLEGG = 'Files the sender uploaded to this thread first (POST …/files); they go with the MsgHead as vedlegg';

class ClientTxnDto {
  @ApiProperty({ description: "The client's own id for this send; the same id again returns the first result", example: '0b5f3c1e-dm-1' })
  @IsString()
  @Length(8, 64)
  @Matches(/^[\w-]+$/)
  clientTxnId!: string;
}

export class StartDialogmeldingDto extends ClientTxnDto {
  @ApiProperty({
    enum: STARTING_KINDS,
    description: 'FORESPORSEL (8129, veileder), NOTAT (8127, veileder) or HENVENDELSE (8128, fastlege)',
  })
  @IsIn(STARTING_KINDS)
  kind!: StartingKind;

  @ApiPropertyOptional({
    example: '8',
    description: "Code in the kind's list: required for NOTAT (8127), default 1 for HENVENDELSE (8128), always 1 for FORESPORSEL",
  })
  @IsOptional()
  @IsString()
  @Matches(/^\d{1,2}$/)
  kode?: string;

  @ApiProperty({ maxLength: MAX_DIALOG_TEKST, description: 'The question or text (medical: never shown to the arbeidsgiver)' })
  @IsString()
  @Length(1, MAX_DIALOG_TEKST)
  tekst!: string;

  @AttachmentsField(VEDLEGG) attachments?: AttachmentDto[];
}

export class SvarDto extends ClientTxnDto {
  @ApiProperty({ maxLength: MAX_DIALOG_TEKST, description: "The fastlege's answer (medical)" })
  @IsString()
  @Length(1, MAX_DIALOG_TEKST)
  tekst!: string;

  @AttachmentsField(VEDLEGG) attachments?: AttachmentDto[];
}

export class PaminnelseDto extends ClientTxnDto {
  @ApiPropertyOptional({ maxLength: MAX_DIALOG_TEKST, description: "Defaults to a standard reminder naming the forespørsel's date" })
  @IsOptional()
  @IsString()
  @Length(1, MAX_DIALOG_TEKST)
  tekst?: string;
}
