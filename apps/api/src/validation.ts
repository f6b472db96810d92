import type { ValidationPipeOptions } from '@nestjs/common';

/** Unknown fields are refused, not silently dropped: a typo in a field name must be visible. */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  transform: true,
  whitelist: true,
  forbidNonWhitelisted: true,
  transformOptions: { exposeDefaultValues: true },
};
