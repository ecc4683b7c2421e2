import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { HealthConfirmation } from '../../common/health-confirmation';

export class CreateThreadDto {
  @ApiProperty({ example: 'Tilrettelegging etter operasjon' })
  @IsString()
  @Length(1, 200)
  subject!: string;

  @ApiProperty({ example: ['veileder', 'fastlege'], description: 'Seats: sykmeldt, fastlege, veileder or arbeidsgiver:<orgnr>' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Matches(/^(sykmeldt|fastlege|veileder|arbeidsgiver:\d{9})$/, { each: true })
  participants!: string[];

  @HealthConfirmation() helseopplysningerBekreftet?: boolean;
}

export class AddParticipantDto {
  @ApiProperty({ example: 'arbeidsgiver:974760673' })
  @IsString()
  @Matches(/^(sykmeldt|fastlege|veileder|arbeidsgiver:\d{9})$/)
  seat!: string;
}
