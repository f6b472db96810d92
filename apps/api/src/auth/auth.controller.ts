import { Body, Controller, Get, HttpCode, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiDoc, ref } from '../openapi/api-doc.decorator.js';
import { Public, CurrentSessionId, CurrentUser } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { AuthUser } from './auth-user.js';
import { LoginDto } from './login.dto.js';
import { LoginThrottlerGuard } from './login-throttler.guard.js';
import { UpdateMeDto } from './update-me.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiDoc({ summary: 'Sign in: an access token for the Authorization header', ok: ref('Session'), public: true, errors: [400, 401, 429] })
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.email, dto.password);
  }

  /** Ends this token's session: the token answers 401 from now on. */
  @Post('logout')
  @HttpCode(200)
  @ApiDoc({ summary: "End this token's session", ok: ref('SessionsEnded') })
  logout(@CurrentUser() user: AuthUser, @CurrentSessionId() sessionId: string) {
    return this.auth.logout(user, sessionId, false);
  }

  /** Ends every session of the signed-in user, on every device (a lost phone, a shared desk). */
  @Post('logout-everywhere')
  @HttpCode(200)
  @ApiDoc({ summary: 'End every session of the signed-in user', ok: ref('SessionsEnded') })
  logoutEverywhere(@CurrentUser() user: AuthUser, @CurrentSessionId() sessionId: string) {
    return this.auth.logout(user, sessionId, true);
  }

  @Get('me')
  @ApiDoc({ summary: 'The signed-in user: role, scope and settings', ok: ref('Me') })
  me(@CurrentUser() user: AuthUser) {
    return user;
  }

  /** The signed-in user's own settings (the console language), kept on the account so they follow the user. */
  @Patch('me')
  @ApiDoc({ summary: "Change the signed-in user's own settings (console language)", ok: ref('Me'), errors: [400] })
  updateMe(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto) {
    return this.auth.updateMe(user, dto);
  }
}
