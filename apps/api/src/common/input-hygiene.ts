import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { parse as parseQueryString } from 'node:querystring';
import { TOO_DEEP_MESSAGE, cleanJson, jsonNestingExceeds } from '@app/domain';

/**
 * body-parser's `verify` hook: a JSON body nested deeper than MAX_JSON_DEPTH is refused from its
 * raw bytes, before it is parsed (the error's status and type are kept by body-parser).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, raw: Buffer): void {
  if (jsonNestingExceeds(raw)) throw Object.assign(new Error(TOO_DEEP_MESSAGE), { status: 400, type: 'entity.too.deep' });
}

/** After the body parsers: the body's strings (keys too) lose NUL and lone surrogates before validation and storage. */
export function cleanRequestBody(req: Request, _res: Response, next: NextFunction): void {
  if (req.body !== undefined) req.body = cleanJson(req.body as unknown);
  next();
}

/**
 * Express's "query parser" setting: Express 5 parses `req.query` again on every read, so the
 * cleaning lives in the parser itself. Node's querystring, as Express's default ('simple').
 */
export function parseCleanQuery(query: string): Record<string, unknown> {
  return cleanJson(parseQueryString(query)) as Record<string, unknown>;
}

/** Path parameters are decoded by the router after middleware has run: they are cleaned here. */
@Injectable()
export class CleanPathParamsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? cleanJson(value) : value;
  }
}
