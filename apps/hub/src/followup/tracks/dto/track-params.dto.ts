import { IsUUID } from 'class-validator';

export class TrackParamsDto {
  @IsUUID() caseId!: string;
  @IsUUID() trackId!: string;
}

export class TaskParamsDto extends TrackParamsDto {
  @IsUUID() taskId!: string;
}
