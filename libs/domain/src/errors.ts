import type { ErrorCode } from './error-codes.js';

/** Coded errors thrown by domain and use-case code; one HTTP filter maps codes to status codes. */
export type DomainErrorCode = 'validation' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'invalid_transition' | 'stale_version';

/** The stable answer code of each kind, unless the thrower names a more precise one. */
const ERROR_CODE_OF: Readonly<Record<DomainErrorCode, ErrorCode>> = {
  validation: 'request.invalid',
  unauthorized: 'auth.unauthorized',
  forbidden: 'auth.forbidden',
  not_found: 'resource.not_found',
  conflict: 'resource.conflict',
  invalid_transition: 'transition.not_allowed',
  stale_version: 'ticket.stale_version',
};

export class DomainError extends Error {
  /** The machine code the error answer carries (`code`), which the console translates. */
  readonly errorCode: ErrorCode;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
    errorCode?: ErrorCode,
  ) {
    super(message);
    this.name = 'DomainError';
    this.errorCode = errorCode ?? ERROR_CODE_OF[code];
  }
}

export const notFound = (what: string, id: string): DomainError =>
  new DomainError('not_found', `${what} ${id} not found`, undefined, what === 'ticket' ? 'ticket.not_found' : 'resource.not_found');
