import { IsUUID } from 'class-validator';

export class CaseParamsDto {
  @IsUUID() caseId!: string;
}

export class RelationParamsDto extends CaseParamsDto {
  @IsUUID() relationId!: string;
}
