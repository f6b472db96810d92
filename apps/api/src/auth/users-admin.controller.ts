import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { UserEntity, UsersRepository } from '@app/database';
import { notFound } from '@app/domain';
import { ApiDoc, ref } from '../openapi/api-doc.decorator.js';
import { Roles } from './auth.decorators.js';
import { LoginThrottle } from './login-throttle.js';

/** An admin's hands on another account's sign-in: lift a lock-out, end every session. */
@ApiTags('reference data')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersAdminController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottle,
  ) {}

  /** Lifts the lock-out that repeated failed sign-ins put on the account, at once and for every API process. */
  @Post(':id/unlock')
  @HttpCode(200)
  @ApiDoc({ summary: 'Lift the sign-in lock-out of an account', ok: ref('Unlocked'), errors: [400, 403, 404] })
  async unlock(@Param('id', ParseUUIDPipe) id: string) {
    const user = await this.account(id);
    await this.throttle.unlock(user.email);
    return { unlocked: true };
  }

  /** Ends every session of the account (a stolen laptop): its tokens answer 401 from now on. */
  @Post(':id/logout-everywhere')
  @HttpCode(200)
  @ApiDoc({ summary: 'End every session of an account', ok: ref('SessionsEnded'), errors: [400, 403, 404] })
  async logoutEverywhere(@Param('id', ParseUUIDPipe) id: string) {
    const user = await this.account(id);
    return { sessionsEnded: await this.users.revokeSessions(user.id) };
  }

  private async account(id: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id } });
    if (!user) throw notFound('user', id);
    return user;
  }
}
