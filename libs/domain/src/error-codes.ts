/**
 * The stable machine code of every error answer (`code` in the body, next to the English
 * `message`): the console translates it, and it stays the same when a message is reworded.
 * docs/errors.md says what each one means.
 */
export const ERROR_CODES = [
  // A request body or query refused by its DTO; `fields` lists each { field, code, message }.
  'validation.failed',
  'request.invalid',
  'request.malformed_json',
  'request.too_large',
  'request.throttled',
  'auth.unauthorized',
  'auth.invalid_credentials',
  'auth.forbidden',
  'resource.not_found',
  'ticket.not_found',
  'resource.conflict',
  'resource.duplicate',
  'resource.referenced',
  'transition.not_allowed',
  'ticket.stale_version',
  'ticket.already_assigned',
  'ticket.rejection_needs_note',
  'ticket.assignee_not_in_department',
  'category.unknown',
  // Triage that would leave a ticket `triaged` with no department (no category, or one without a department).
  'ticket.triage_needs_department',
  // Resolving a ticket nobody answered publicly, without `withoutPublicAnswer: true`.
  'ticket.no_public_answer',
  // A bulk action over more tickets than MAX_BULK_TICKETS (bulk-action.ts).
  'ticket.bulk_too_many',
  'service.unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The class-validator constraints of the API's DTOs that the console words by itself: the per-field
 * `code` of a `validation.failed` answer. A `matches` message is written for its field (the phone
 * format, the code pattern): the console adds it to its own sentence. Others are shown as sent.
 */
export const FIELD_ERROR_CODES = [
  'whitelistValidation',
  'isNotEmpty',
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'isIn',
  'isEnum',
  'isUUID',
  'isEmail',
  'isDateString',
  'isISO8601',
  'minLength',
  'maxLength',
  'min',
  'max',
  'arrayMinSize',
  'arrayMaxSize',
  'matches',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

/** One refused field of a `validation.failed` answer: `field` is its path (`author.name`, `keywords.0`). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}
