import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { TicketsService, type TicketView } from '@app/tickets';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiDoc, ref } from '../openapi/api-doc.decorator.js';
import { ExtendFormalAppealDto, RecordVerdictDto, RegisterFormalAppealDto } from './dto/verdict-and-appeal.dto.js';
import { IfMatch } from './if-match.decorator.js';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ version: undefined }));

function withEtag(res: Response, ticket: TicketView): TicketView {
  res.setHeader('ETag', `"${ticket.version}"`);
  return ticket;
}

/** Issue 16 on a ticket: the resident's verdict recorded from a call, and the formal appeal's registration and extension. */
@ApiTags('tickets')
@Controller('tickets')
export class VerdictAndAppealController {
  constructor(private readonly tickets: TicketsService) {}

  @Post(':id/resident-confirmation')
  @HttpCode(200)
  @ApiDoc({
    summary: "Record the resident's verdict on the resolution (from a call)",
    ok: ref('Ticket'),
    etag: true,
    ifMatch: true,
    errors: [400, 403, 404, 409, 422],
  })
  async verdict(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Body() dto: RecordVerdictDto,
    @IfMatch() v: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tickets.recordVerdict(user, id, dto.verdict, dto.note, v));
  }

  @Post(':id/formal-appeal')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Register the ticket as a formal appeal (APPK) with its number: starts the legal clock',
    ok: ref('Ticket'),
    etag: true,
    ifMatch: true,
    errors: [400, 403, 404, 409, 422],
  })
  async register(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Body() dto: RegisterFormalAppealDto,
    @IfMatch() v: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tickets.registerFormalAppeal(user, id, { number: dto.number, registeredAt: new Date(dto.registeredAt) }, v));
  }

  @Post(':id/formal-appeal/extension')
  @HttpCode(200)
  @ApiDoc({ summary: "Extend a formal appeal's deadline, with the reason", ok: ref('Ticket'), etag: true, ifMatch: true, errors: [400, 403, 404, 409, 422] })
  async extend(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Body() dto: ExtendFormalAppealDto,
    @IfMatch() v: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tickets.extendFormalAppeal(user, id, { until: new Date(dto.until), reason: dto.reason }, v));
  }
}
