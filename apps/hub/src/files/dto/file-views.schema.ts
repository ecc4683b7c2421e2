import { ApiProperty } from '@nestjs/swagger';
import type { Classification } from '@hub/domain';
import { CLASSIFICATIONS } from '@hub/domain';
import { ViewSchema } from '../../common/openapi';
import type { UploadedFileView } from '../files.service';

@ViewSchema<UploadedFileView>('UploadedFileView')
export class UploadedFileViewSchema {
  @ApiProperty({ format: 'uuid', description: 'Reference it in `attachments` of the next message' }) id!: string;
  @ApiProperty() filename!: string;
  @ApiProperty({ description: 'The type read from the bytes, not the one the client named' }) mimeType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ enum: CLASSIFICATIONS }) classification!: Classification;
  @ApiProperty({ format: 'date-time', description: 'Deleted unless a message references it before then' }) expiresAt!: string;
}
