import { BadRequestException, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from '@app/domain';

/**
 * Each refused field with the constraint that refused it (`isNotEmpty`, `maxLength`...), depth
 * first like Nest's own list, whose messages (`author.name should not be empty`) it keeps.
 */
function fieldErrors(errors: readonly ValidationError[], parent?: string): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([code, message]) => ({ field, code, message: parent ? `${parent}.${message}` : message }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

/** The 400 of a refused body or query: Nest's message list, plus a stable code and the fields for the console to translate. */
function codedValidationError(errors: ValidationError[] = []): BadRequestException {
  const fields = fieldErrors(errors);
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: fields.map((f) => f.message), code: 'validation.failed', fields });
}

/** Unknown fields are refused, not silently dropped: a typo in a field name must be visible. */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  transformOptions: { exposeDefaultValues: true },
  exceptionFactory: codedValidationError,
};
