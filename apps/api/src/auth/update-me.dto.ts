import { IsIn } from 'class-validator';
import { LOCALES, type Locale } from '@app/domain';

/** What users may change about themselves; everything else about an account is the admin's. */
export class UpdateMeDto {
  @IsIn(LOCALES, { message: `locale must be one of: ${LOCALES.join(', ')}` })
  locale!: Locale;
}
