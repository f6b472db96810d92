import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from '@app/database';
import { DomainError, ERROR_CODES, type DomainErrorCode, type ErrorCode } from '@app/domain';

const STATUS_OF: Record<DomainErrorCode, number> = {
  validation: HttpStatus.UNPROCESSABLE_ENTITY,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  invalid_transition: HttpStatus.CONFLICT,
  stale_version: HttpStatus.CONFLICT,
};

// PostgreSQL error codes that mean the request, not the server, was wrong.
const PG_STATUS: Record<string, [number, string, ErrorCode]> = {
  '23505': [HttpStatus.CONFLICT, 'already exists', 'resource.duplicate'],
  '23503': [HttpStatus.CONFLICT, 'is referenced by other records or refers to a missing one', 'resource.referenced'],
  '22P02': [HttpStatus.BAD_REQUEST, 'has a value of the wrong type', 'request.invalid'],
  '23514': [HttpStatus.UNPROCESSABLE_ENTITY, 'breaks a rule of the data', 'request.invalid'],
};

/** The code of an HTTP exception that names none (Nest's own, guards', body-parser's), by its status. */
const CODE_OF_STATUS: Record<number, ErrorCode> = {
  400: 'request.invalid',
  401: 'auth.unauthorized',
  403: 'auth.forbidden',
  404: 'resource.not_found',
  409: 'resource.conflict',
  413: 'request.too_large',
  429: 'request.throttled',
  503: 'service.unavailable',
};
const codeOfStatus = (status: number): ErrorCode => CODE_OF_STATUS[status] ?? (status >= 500 ? 'internal' : 'request.invalid');
const isErrorCode = (value: unknown): value is ErrorCode => (ERROR_CODES as readonly unknown[]).includes(value);

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  /** Stable and machine-readable (docs/errors.md): what the console translates; `message` is for people reading the API. */
  code: ErrorCode;
  requestId?: string;
  [extra: string]: unknown;
}

/** One shape for every error: `{ statusCode, error, message, code, requestId }`; 500s never leak internals. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  /** `retryAfterSeconds` is sent as Retry-After with every 503 (DB_RETRY_AFTER_SECONDS). */
  constructor(private readonly retryAfterSeconds: number) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const body = errorBody(exception, req.requestId);
    logError(this.logger, body, exception, req.requestId, req.originalUrl);
    if (res.headersSent) return;
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE && !res.getHeader('Retry-After')) res.setHeader('Retry-After', String(this.retryAfterSeconds));
    res.status(body.statusCode).json(body);
  }
}

/** 5xx are logged; an unavailable database as one warning line, not a stack per request while it lasts. */
export function logError(logger: Logger, body: ErrorBody, exception: unknown, requestId: string | undefined, path: string | undefined): void {
  if (body.statusCode < 500) return;
  if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE && isDatabaseUnavailable(exception)) {
    logger.warn({ message: 'database unavailable', requestId, path, error: (exception as Error)?.message ?? String(exception) });
  } else {
    logger.error({ message: 'unhandled error', requestId, path, error: (exception as Error)?.stack ?? String(exception) });
  }
}

/** The JSON answer for an error, also used where a request is served before Nest (the webhooks). */
export function errorBody(e: unknown, requestId?: string): ErrorBody {
  return { ...bodyOf(e), requestId };
}

function bodyOf(e: unknown): ErrorBody {
  if (e instanceof DomainError) {
    const statusCode = STATUS_OF[e.code];
    return { statusCode, error: reason(statusCode), message: e.message, code: e.errorCode, ...(e.details ?? {}) };
  }
  if (e instanceof HttpException) {
    const statusCode = e.getStatus();
    const r = e.getResponse();
    const message = typeof r === 'string' ? r : ((r as { message?: string | string[] }).message ?? e.message);
    // The validation pipe's answer names its code and the refused fields (validation.ts).
    const { code, fields } = typeof r === 'object' && r !== null ? (r as { code?: unknown; fields?: unknown }) : {};
    // Nest's Express adapter wraps body-parser's JSON syntax error in a 400 of its own.
    const malformed = (e.cause as { type?: string } | undefined)?.type === 'entity.parse.failed';
    const coded = isErrorCode(code) ? code : malformed ? 'request.malformed_json' : codeOfStatus(statusCode);
    return { statusCode, error: reason(statusCode), message, code: coded, ...(fields ? { fields } : {}) };
  }
  // Before the PostgreSQL codes below: a statement timeout (57014) also arrives as a QueryFailedError.
  if (isDatabaseUnavailable(e)) {
    return {
      statusCode: HttpStatus.SERVICE_UNAVAILABLE,
      error: reason(HttpStatus.SERVICE_UNAVAILABLE),
      message: 'the database is unavailable; retry later',
      code: 'service.unavailable',
    };
  }
  if (e instanceof QueryFailedError) {
    const err = e as QueryFailedError & { code?: string; detail?: string; constraint?: string };
    const mapped = err.code ? PG_STATUS[err.code] : undefined;
    if (mapped) {
      const [statusCode, what, code] = mapped;
      return { statusCode, error: reason(statusCode), message: err.detail ? `${err.detail.replace(/^Key /, '')}` : `the request ${what}`, code };
    }
  }
  // Errors raised by Express middleware before routing (body-parser): they carry their own status.
  const status = (e as { status?: number; type?: string })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (e as { type?: string }).type;
    const message =
      type === 'entity.too.large' ? 'request body is too large' : type === 'entity.parse.failed' ? 'request body is not valid JSON' : (e as Error).message;
    const code = type === 'entity.parse.failed' ? 'request.malformed_json' : codeOfStatus(status);
    return { statusCode: status, error: reason(status), message, code };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'internal error; quote the requestId when reporting it', code: 'internal' };
}

function reason(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    409: 'Conflict',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    503: 'Service Unavailable',
  };
  return names[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}
