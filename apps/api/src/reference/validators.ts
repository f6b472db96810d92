import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isIsoDuration } from '@app/domain';

export function rule(name: string, message: string, test: (value: unknown) => boolean) {
  return (options?: ValidationOptions): PropertyDecorator =>
    (target, propertyName) =>
      registerDecorator({
        name,
        target: target.constructor,
        propertyName: String(propertyName),
        options: { message, ...options },
        validator: { validate: test },
      });
}

export const IsIsoDurationString = rule(
  'isIsoDuration',
  '$property must be an ISO-8601 duration such as PT4H, P5D or PT30S',
  (v) => typeof v === 'string' && isIsoDuration(v),
);

export const IsTimeZone = rule('isTimeZone', '$property must be an IANA time zone such as Asia/Almaty', (v) => {
  if (typeof v !== 'string') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: v });
    return true;
  } catch {
    return false;
  }
});

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** { mon: [["09:00","13:00"],["14:00","18:00"]], ... }: known days, HH:MM ranges, each start before its end. */
export const IsWorkingHours = rule('isWorkingHours', '$property must map mon..sun to lists of ["HH:MM","HH:MM"] ranges, each starting before it ends', (v) => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  return Object.entries(v).every(
    ([day, ranges]) =>
      DAYS.includes(day) &&
      Array.isArray(ranges) &&
      ranges.every((r) => Array.isArray(r) && r.length === 2 && r.every((t) => typeof t === 'string' && HHMM.test(t)) && r[0] < r[1]),
  );
});

export const CODE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const CODE_MESSAGE = '$property must be lowercase letters, digits, "-" or "_" (up to 64)';
