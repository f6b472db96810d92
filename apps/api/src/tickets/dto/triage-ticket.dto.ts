import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PRIORITIES, type Priority } from '@app/domain';

export class TriageTicketDto {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  categoryCode?: string;

  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @IsOptional()
  @IsUUID()
  districtId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  locality?: string;
}
