import { Controller, Get, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentSessionId, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { LiveHub } from './live-hub.service.js';

/**
 * Server-sent events for the console. The bearer token goes in the Authorization header (the
 * console reads the stream with fetch), never in the URL, where proxies and access logs keep it.
 */
@ApiTags('events')
@Controller('events')
export class LiveController {
  constructor(private readonly hub: LiveHub) {}

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiDoc({
    summary: 'Live events of the tickets the user sees (server-sent events)',
    description:
      'A `text/event-stream` that stays open. Each event is named by its kind and its data is `{ "kind", "ticketId" }`: ticket.created, ticket.assigned, ticket.changed, ' +
      'sla.warning, sla.breached, sla.escalated (tickets in the reader’s scope, the ticket list’s rule) and notification.created (the reader’s own). `ready` opens the stream; ' +
      '`resync` asks the reader to re-read its lists (events may have been missed). A `: heartbeat` comment keeps it open (LIVE_HEARTBEAT_MS). See docs/live-events.md.',
    ok: { type: 'string', description: 'event: ticket.created\\ndata: {"kind":"ticket.created","ticketId":"…"}' },
  })
  stream(@CurrentUser() user: AuthUser, @CurrentSessionId() sessionId: string, @Res() res: Response): void {
    this.hub.open(user, sessionId, res);
  }
}
