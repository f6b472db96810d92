import { Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '@app/config';
import type { QueueDashboardSessionView } from '@app/contracts';
import { CurrentSessionId, CurrentUser, Roles } from '../../auth/auth.decorators.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { ApiDoc, ref } from '../../openapi/api-doc.decorator.js';
import { DASHBOARD_COOKIE, DASHBOARD_PATH, QueueDashboardPass } from './queue-dashboard-pass.service.js';

/** Opens the queue dashboard (Bull Board at /admin/queues) for the signed-in admin's browser. */
@ApiTags('admin')
@Roles('admin')
@Controller('admin/queue-dashboard')
export class QueueDashboardController {
  constructor(
    private readonly passes: QueueDashboardPass,
    private readonly config: AppConfig,
  ) {}

  /** Sets the dashboard's pass cookie (HttpOnly, SameSite=Strict, path /admin/queues, 15 minutes); the console then navigates to `url`. */
  @Post('session')
  @HttpCode(HttpStatus.OK)
  @ApiDoc({ summary: 'Open the queue dashboard: sets its pass cookie, answers where to go', ok: ref('QueueDashboardSession'), errors: [403] })
  async open(
    @CurrentUser() user: AuthUser,
    @CurrentSessionId() sessionId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<QueueDashboardSessionView<Date>> {
    const { pass, expiresAt, maxAgeSeconds } = await this.passes.issue(user, sessionId);
    // Secure whenever the browser came over TLS (directly, or through the trusted proxy) or HSTS says it always does.
    const secure = req.secure || this.config.HSTS === 'true';
    res.setHeader(
      'Set-Cookie',
      `${DASHBOARD_COOKIE}=${pass}; Path=${DASHBOARD_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`,
    );
    return { url: `${DASHBOARD_PATH}/`, expiresAt };
  }
}
