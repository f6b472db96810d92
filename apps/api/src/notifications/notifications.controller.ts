import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { NotificationView, Page } from '@app/contracts';
import { NotificationsRepository, type NotificationEntity } from '@app/database';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ApiDoc, pageOf, ref } from '../openapi/api-doc.decorator.js';
import { SharedRead } from '../common/shared-reads.js';
import { PageQuery } from '../tickets/dto/list-tickets.query.js';

class ListNotificationsQuery extends PageQuery {
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  unread?: boolean;
}

const view = (
  n: Pick<NotificationEntity, 'id' | 'kind' | 'ticketId' | 'step' | 'createdAt' | 'readAt'>,
  ticketReference: string | null,
): NotificationView<Date> => ({
  id: n.id,
  kind: n.kind,
  ticketId: n.ticketId,
  ticketReference,
  step: n.step,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

/** The signed-in user's own notifications, newest first. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsRepository) {}

  @Get()
  @ApiDoc({ summary: "The signed-in user's notifications, newest first", ok: pageOf('Notification'), errors: [400, 422] })
  @SharedRead('user')
  async list(@CurrentUser() user: AuthUser, @Query() q: ListNotificationsQuery): Promise<Page<NotificationView<Date>>> {
    const page = await this.notifications.listFor(user.id, q.limit, q.cursor, q.unread);
    return { items: page.items.map(({ ticketReference, ...n }) => view(n, ticketReference)), nextCursor: page.nextCursor };
  }

  /** Marks every unread notification of the user read at once; answers how many it marked. */
  @Post('read-all')
  @HttpCode(200)
  @ApiDoc({ summary: 'Mark every unread notification read', ok: ref('Marked') })
  async readAll(@CurrentUser() user: AuthUser) {
    return { marked: await this.notifications.markAllRead(user.id) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiDoc({ summary: 'Mark one notification read', ok: ref('Notification'), errors: [400, 404] })
  async read(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<NotificationView<Date>> {
    const n = await this.notifications.markRead(user.id, id);
    return view(n, (await this.notifications.ticketReferences([n.ticketId])).get(n.ticketId) ?? null);
  }
}
