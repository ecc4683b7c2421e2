import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { VARSEL_CHANNELS, VarselChannel } from '@hub/domain';

export class VarselSettingsDto {
  @ApiPropertyOptional({ example: 'kari@example.no', nullable: true, description: 'Address for e-mail varsler; null removes it' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  epost?: string | null;

  @ApiPropertyOptional({
    example: '+4791234567',
    nullable: true,
    description: 'Phone for SMS varsler (sent by the webhook); null removes it',
  })
  @IsOptional()
  @Matches(/^\+?\d{8,15}$/, { message: 'telefon must be 8 to 15 digits, optionally after +' })
  telefon?: string | null;

  @ApiProperty({ enum: VARSEL_CHANNELS, isArray: true, example: ['epost'], description: 'Channels to be told on; none: the page only' })
  @IsArray()
  @ArrayMaxSize(VARSEL_CHANNELS.length)
  @ArrayUnique()
  @IsIn(VARSEL_CHANNELS, { each: true })
  kanaler!: VarselChannel[];
}

export class DeliveryParamsDto {
  @IsUUID() deliveryId!: string;
}
