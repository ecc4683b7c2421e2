import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';

export class SetSluttdatoDto {
  @ApiProperty({ example: '2027-03-15', description: 'The last sick day (inclusive); the sykepengeår ends the day after' })
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  sluttdato!: string;
}
