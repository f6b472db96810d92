import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { BulkResultsView } from '@app/contracts';
import { TicketsService, type TicketView } from '@app/tickets';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiDoc, pageOf, ref } from '../openapi/api-doc.decorator.js';
import { BulkRejectDto, BulkTriageDto } from './dto/bulk-action.dto.js';
import { CreateTicketDto } from './dto/create-ticket.dto.js';
import { ListTicketsQuery } from './dto/list-tickets.query.js';
import { AssignTicketDto, CreateReplyDto, HandBackTicketDto, MergeTicketDto, TransitionTicketDto } from './dto/ticket-action.dto.js';
import { TriageTicketDto } from './dto/triage-ticket.dto.js';
import { SharedRead } from '../common/shared-reads.js';
import { IfMatch } from './if-match.decorator.js';

const Id = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ version: undefined }));

/** Sends the version as ETag so a client can echo it back in If-Match. */
function withEtag(res: Response, ticket: TicketView): TicketView {
  res.setHeader('ETag', `"${ticket.version}"`);
  return ticket;
}

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Get()
  @ApiDoc({ summary: 'List the tickets the caller may see, newest first (or by urgency), with filters', ok: ref('TicketsPage'), errors: [400, 422] })
  @SharedRead('scope')
  list(@CurrentUser() user: AuthUser, @Query() q: ListTicketsQuery) {
    const { limit, cursor, from, to, sort, count, ...filters } = q;
    return this.tickets.list(user, { ...filters, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined }, limit, cursor, { sort, count });
  }

  @Post()
  @ApiDoc({ summary: 'Create a ticket by hand (a phone call, a visit)', status: 201, ok: ref('Ticket'), etag: true, errors: [400, 403, 422] })
  async create(@CurrentUser() user: AuthUser, @Body() dto: CreateTicketDto, @Res({ passthrough: true }) res: Response) {
    const ticket = await this.tickets.createManual(user, { ...dto, receivedAt: dto.receivedAt ? new Date(dto.receivedAt) : undefined });
    return withEtag(res, ticket);
  }

  @Post('bulk-triage')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Triage many tickets to one category (and its department) and priority',
    description:
      'Each ticket goes through POST /tickets/:id/triage with its version as If-Match; one refused (stale, out of scope, no longer new) is reported in its result and the others still happen.',
    ok: ref('BulkResults'),
    errors: [400, 403, 422],
  })
  async bulkTriage(@CurrentUser() user: AuthUser, @Body() dto: BulkTriageDto): Promise<BulkResultsView> {
    return { results: await this.tickets.bulkTriage(user, dto.tickets, { categoryCode: dto.categoryCode, priority: dto.priority }) };
  }

  @Post('bulk-reject')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Mark many tickets "not a request" (rejected) with one reason',
    description:
      "Each ticket goes through a transition to 'rejected' with its version as If-Match; one refused is reported in its result and the others still happen.",
    ok: ref('BulkResults'),
    errors: [400, 403, 422],
  })
  async bulkReject(@CurrentUser() user: AuthUser, @Body() dto: BulkRejectDto): Promise<BulkResultsView> {
    return { results: await this.tickets.bulkReject(user, dto.tickets, dto.reason) };
  }

  @Get(':id')
  @ApiDoc({ summary: 'One ticket', ok: ref('Ticket'), etag: true, errors: [400, 404] })
  async get(@CurrentUser() user: AuthUser, @Id() id: string, @Res({ passthrough: true }) res: Response) {
    return withEtag(res, await this.tickets.get(user, id));
  }

  @Get(':id/events')
  @ApiDoc({ summary: "The ticket's timeline, oldest first", ok: pageOf('TicketEvent'), errors: [400, 404] })
  async events(@CurrentUser() user: AuthUser, @Id() id: string) {
    return { items: await this.tickets.events(user, id), nextCursor: null };
  }

  @Get(':id/replies')
  @ApiDoc({ summary: "The ticket's replies and internal notes, with their delivery state", ok: pageOf('TicketReply'), errors: [400, 404] })
  async replies(@CurrentUser() user: AuthUser, @Id() id: string) {
    return { items: await this.tickets.replies(user, id), nextCursor: null };
  }

  @Get(':id/people')
  @ApiDoc({ summary: 'Who handled the ticket (names its timeline shows)', ok: pageOf('Person'), errors: [400, 404] })
  async people(@CurrentUser() user: AuthUser, @Id() id: string) {
    return { items: await this.tickets.people(user, id), nextCursor: null };
  }

  @Post(':id/triage')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Triage: set category, priority, district, locality or department',
    ok: ref('Ticket'),
    etag: true,
    ifMatch: true,
    errors: [400, 403, 404, 409, 422],
  })
  async triage(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Body() dto: TriageTicketDto,
    @IfMatch() v: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tickets.triage(user, id, dto, v));
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiDoc({ summary: 'Assign the ticket to a member of its department', ok: ref('Ticket'), etag: true, ifMatch: true, errors: [400, 403, 404, 409, 422] })
  async assign(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Body() dto: AssignTicketDto,
    @IfMatch() v: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tickets.assign(user, id, dto.assigneeId, v));
  }

  @Post(':id/replies')
  @ApiDoc({
    summary: 'Reply to the resident (public, sent on the channel) or add an internal note',
    status: 201,
    ok: ref('Ticket'),
    etag: true,
    ifMatch: true,
    errors: [400, 403, 404, 409, 422],
  })
  async reply(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Body() dto: CreateReplyDto,
    @IfMatch() v: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tickets.reply(user, id, dto, v));
  }

  @Post(':id/transitions')
  @HttpCode(200)
  @ApiDoc({
    summary: 'Move the ticket through its workflow (in_progress, resolved, closed, reopened…)',
    ok: ref('Ticket'),
    etag: true,
    ifMatch: true,
    errors: [400, 403, 404, 409, 422],
  })
  async transition(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Body() dto: TransitionTicketDto,
    @IfMatch() v: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tickets.transition(user, id, dto.to, dto.note, v, { withoutPublicAnswer: dto.withoutPublicAnswer }));
  }

  @Post(':id/hand-back')
  @HttpCode(200)
  @ApiDoc({ summary: "Hand the ticket back to triage: not this department's", ok: ref('Ticket'), etag: true, ifMatch: true, errors: [400, 403, 404, 409, 422] })
  async handBack(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Body() dto: HandBackTicketDto,
    @IfMatch() v: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tickets.handBack(user, id, dto.reason, v));
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiDoc({ summary: 'Merge the ticket into another about the same problem', ok: ref('Ticket'), etag: true, ifMatch: true, errors: [400, 403, 404, 409, 422] })
  async merge(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Body() dto: MergeTicketDto,
    @IfMatch() v: number | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return withEtag(res, await this.tickets.merge(user, id, dto.intoTicketId, v));
  }
}
