import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A phoned-in resident's verdict, recorded by the press secretary who spoke to them. */
export class RecordVerdictDto {
  @IsIn(['confirmed', 'disputed'])
  verdict!: 'confirmed' | 'disputed';

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

/** Registration of a ticket as a formal appeal under the APPK. */
export class RegisterFormalAppealDto {
  /** The registration number in e-Otinish or the akimat's document system. */
  @IsString()
  @Matches(/\S/, { message: 'number must be the registration number of the appeal' })
  @MaxLength(100)
  number!: string;

  /** The registration instant, with its offset (e.g. 2026-09-01T10:00:00+05:00). */
  @IsISO8601({ strict: true })
  registeredAt!: string;
}

export class ExtendFormalAppealDto {
  /** The new due instant; within the legal limit. */
  @IsISO8601({ strict: true })
  until!: string;

  @IsString()
  @Matches(/\S/, { message: 'reason must say why the answer needs longer' })
  @MaxLength(2000)
  reason!: string;
}
