import { IsUUID } from 'class-validator';
import { ThreadParamsDto } from '../../threads/dto/thread-params.dto';

export class FileParamsDto extends ThreadParamsDto {
  @IsUUID() fileId!: string;
}
