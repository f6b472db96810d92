import {
  ArgumentsHost,
  Catch,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  SetMetadata,
  type CallHandler,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { errorBody, logError } from '../common/http-error.filter.js';
import { OPEN311_FORMATS, type Open311Format } from './open311.dto.js';
import { XML_CONTENT_TYPE, toGeoReportXml } from './open311-xml.js';

/** The `.json`/`.xml` of a GeoReport path; any other extension is a resource that does not exist. */
@Injectable()
export class Open311FormatPipe implements PipeTransform<string, Open311Format> {
  transform(value: string): Open311Format {
    if (!(OPEN311_FORMATS as readonly string[]).includes(value)) throw new NotFoundException(`GeoReport resources are served as .json or .xml, not .${value}`);
    return value as Open311Format;
  }
}

const XML_SHAPE = 'tynda:open311-xml';
interface XmlShape {
  root: string;
  item?: string;
}

/** The XML root element of a handler's answer, and the element of each item when it is a list. */
export const GeoReportXml = (root: string, item?: string): MethodDecorator => SetMetadata(XML_SHAPE, { root, item } satisfies XmlShape);

const wantsXml = (req: Request): boolean => req.params?.format === 'xml' || /\.xml$/.test(req.path);

/** Serves a handler's JSON answer as the spec's XML when the path ends in `.xml`. */
@Injectable()
export class Open311FormatInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const shape = this.reflector.get<XmlShape | undefined>(XML_SHAPE, ctx.getHandler());
    if (!shape || !wantsXml(http.getRequest<Request>())) return next.handle();
    return next.handle().pipe(
      map((body: unknown) => {
        http.getResponse<Response>().type(XML_CONTENT_TYPE);
        return toGeoReportXml(shape.root, body, shape.item);
      }),
    );
  }
}

/** GeoReport's status codes: what Tynda calls a rule of the data (422) is a bad request (400) to the spec. */
const GEOREPORT_STATUS: Partial<Record<number, number>> = { [HttpStatus.UNPROCESSABLE_ENTITY]: HttpStatus.BAD_REQUEST };

/**
 * Errors as the spec writes them: `[{"code": 404, "description": "..."}]`, or
 * `<errors><error><code/><description/></error></errors>` for `.xml`; one error per problem found.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  private readonly retryAfterSeconds: number;

  constructor(config: AppConfig) {
    this.retryAfterSeconds = config.DB_RETRY_AFTER_SECONDS;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const body = errorBody(exception, req.requestId);
    logError(this.logger, body, exception, req.requestId, req.originalUrl);
    if (res.headersSent) return;
    const status = GEOREPORT_STATUS[body.statusCode] ?? body.statusCode;
    const errors = (Array.isArray(body.message) ? body.message : [body.message]).map((description) => ({ code: status, description }));
    if (status === HttpStatus.SERVICE_UNAVAILABLE) res.setHeader('Retry-After', String(this.retryAfterSeconds));
    res.status(status);
    if (wantsXml(req)) res.type(XML_CONTENT_TYPE).send(toGeoReportXml('errors', errors, 'error'));
    else res.json(errors);
  }
}
