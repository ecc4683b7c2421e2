import { ApiProperty } from '@nestjs/swagger';
import type { VarselCountView } from '@hub/access';
import type { VarselChannel } from '@hub/domain';
import { VARSEL_CHANNELS } from '@hub/domain';
import type { DeadDelivery, VarselSettings } from '@hub/persistence';
import { ViewSchema, enumOf } from '../../common/openapi';

@ViewSchema<VarselSettings>('VarselSettings')
export class VarselSettingsSchema {
  @ApiProperty({ type: String, nullable: true }) epost!: string | null;
  @ApiProperty({ type: String, nullable: true }) telefon!: string | null;
  @ApiProperty({ enum: VARSEL_CHANNELS, isArray: true }) kanaler!: VarselChannel[];
}

@ViewSchema<VarselCountView>('VarselCountView')
export class VarselCountViewSchema {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'How many things wait in the case (never what)' }) antall!: number;
}

@ViewSchema<{ antall: number; saker: VarselCountView[] }>('VarselCounts')
export class VarselCountsSchema {
  @ApiProperty({ description: 'How many things wait in all' }) antall!: number;
  @ApiProperty({ type: [VarselCountViewSchema] }) saker!: VarselCountViewSchema[];
}

@ViewSchema<DeadDelivery>('DeadDelivery')
export class DeadDeliverySchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) varselId!: string;
  @ApiProperty({ enum: VARSEL_CHANNELS }) channel!: VarselChannel;
  @ApiProperty({ enum: enumOf<DeadDelivery['action']>({ send: true, done: true }) }) action!: DeadDelivery['action'];
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

@ViewSchema<{ retried: string }>('RetriedDelivery')
export class RetriedDeliverySchema {
  @ApiProperty({ format: 'uuid' }) retried!: string;
}
