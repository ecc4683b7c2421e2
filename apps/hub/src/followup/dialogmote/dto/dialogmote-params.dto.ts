import { IsUUID } from 'class-validator';

export class DialogmoteParamsDto {
  @IsUUID() caseId!: string;
  @IsUUID() moteId!: string;
}
