import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { TrackKind } from '@hub/domain';

export const TRACK_KINDS: readonly TrackKind[] = ['RETUR_ARBEID', 'MEDISINSK_BEHANDLING', 'TILTAK', 'AAP_VURDERING'];

export class CreateTrackDto {
  @ApiProperty({ enum: TRACK_KINDS })
  @IsIn(TRACK_KINDS)
  kind!: TrackKind;
}
