import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { CODE_SYSTEMS, CodeSystem } from '@hub/domain';
import { HealthConfirmation } from '../../common/health-confirmation';

export const MAX_TEKST = 10_000;

export class DiagnoseDto {
  @ApiProperty({ enum: CODE_SYSTEMS }) @IsIn(CODE_SYSTEMS) system!: CodeSystem;
  @ApiProperty({ example: 'L03' }) @IsString() @Matches(/^[A-Z][0-9A-Z.]{1,7}$/) kode!: string;
  @ApiProperty({ example: 'Korsryggsmerter' }) @IsString() @Length(1, 500) tekst!: string;
}

/**
 * A file uploaded to the thread (POST …/files) by the sender, not yet on a message. Its name, sniffed type, size and
 * classification (open: every participant; health: arbeidsgiver only with consent; medical: never the arbeidsgiver)
 * were fixed at the upload.
 */
export class AttachmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() fileId!: string;
}

/** Content fields shared by a new message and an edit. */
export class MessageContentDto {
  @ApiPropertyOptional({ maxLength: MAX_TEKST }) @IsOptional() @IsString() @Length(0, MAX_TEKST) tekst?: string;
  @ApiPropertyOptional({ description: 'Health information the sykmeldt controls (e.g. "kan ikke løfte over 10 kg")' })
  @IsOptional()
  @IsString()
  @Length(1, 5000)
  funksjonsevne?: string;
  @ApiPropertyOptional({ type: [DiagnoseDto], description: 'Medical: never shown to the arbeidsgiver' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => DiagnoseDto)
  diagnose?: DiagnoseDto[];
  @ApiPropertyOptional({ description: 'Medical: never shown to the arbeidsgiver' })
  @IsOptional()
  @IsString()
  @Length(1, 10_000)
  medisinskVurdering?: string;
  @HealthConfirmation() helseopplysningerBekreftet?: boolean;
}

/** `attachments: [{ fileId }]`, validated alike wherever a message can carry files (a message, a dialogmelding). */
export function AttachmentsField(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [AttachmentDto], description }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(100),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => AttachmentDto),
  );
}

export class SendMessageDto extends MessageContentDto {
  @AttachmentsField("Files uploaded to this thread first; a message's files cannot be changed by an edit") attachments?: AttachmentDto[];

  @ApiProperty({ description: "The client's own id for this send; the same id again returns the first result", example: '6f1c…' })
  @IsString()
  @Length(8, 64)
  @Matches(/^[\w-]+$/)
  clientTxnId!: string;

  @ApiProperty({ maxLength: MAX_TEKST }) @IsString() @Length(1, MAX_TEKST) declare tekst: string;
}

export class EditMessageDto extends MessageContentDto {}
