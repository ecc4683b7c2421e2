import { ApiProperty } from '@nestjs/swagger';
import type { RetentionView } from '@hub/access';
import { ViewSchema } from '../../../common/openapi';

@ViewSchema<RetentionView>('RetentionView')
export class RetentionViewSchema {
  @ApiProperty({ format: 'date' }) forsteSykedag!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The last sick day, when the veileder has set it' })
  sluttdato!: string | null;
  @ApiProperty({ format: 'date-time', description: 'The instant the sykepengeår ends (exclusive)' }) sykepengeaarSlutt!: string;
  @ApiProperty({ format: 'date-time', description: 'From this instant the case and its content are deleted' }) slettes!: string;
}
