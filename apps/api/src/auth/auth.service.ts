import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@app/config';
import type { SessionView } from '@app/contracts';
import { UsersRepository } from '@app/database';
import { DomainError, hashPassword, verifyPassword } from '@app/domain';
import { MetricsService } from '@app/observability';
import { toUserView, type AuthUser } from './auth-user.js';
import { LoginThrottle } from './login-throttle.js';
import type { UpdateMeDto } from './update-me.dto.js';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** What a Tynda access token carries: the user and the session it belongs to. */
export interface TokenClaims {
  sub: string;
  sid: string;
  exp: number;
}

@Injectable()
export class AuthService {
  // Verifying against a real hash for unknown e-mails keeps the response time from revealing which exist.
  private readonly decoy = hashPassword('decoy-password-for-unknown-users');
  private readonly ttlSeconds: number;

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottle,
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    const [, n, unit] = /^(\d+)([smhd])$/.exec(config.JWT_TTL)!;
    this.ttlSeconds = Number(n) * UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
  }

  /** Called only after the throttle let the attempt through (LoginThrottlerGuard). */
  async login(email: string, password: string): Promise<SessionView<Date>> {
    const user = await this.users.findByEmail(email);
    this.metrics.increment('tynda_login_password_checks_total', {});
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.decoy));
    if (!user || !ok || !user.active) {
      // Unknown e-mails count and lock like real ones, so a lock-out reveals nothing either.
      await this.throttle.failed(email);
      throw new DomainError('unauthorized', 'wrong e-mail or password', undefined, 'auth.invalid_credentials');
    }
    await this.throttle.succeeded(email);
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const sid = await this.users.openSession(user.id, expiresAt);
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid }, { algorithm: 'HS256', expiresIn: this.ttlSeconds });
    return { accessToken, expiresAt, user: toUserView(user) };
  }

  /** Ends the session of this token (`everywhere`: every session of the user). */
  async logout(user: AuthUser, sessionId: string, everywhere: boolean): Promise<{ sessionsEnded: number }> {
    return { sessionsEnded: await this.users.revokeSessions(user.id, everywhere ? undefined : sessionId) };
  }

  async updateMe(user: AuthUser, dto: UpdateMeDto): Promise<AuthUser> {
    await this.users.setLocale(user.id, dto.locale);
    return { ...user, locale: dto.locale };
  }
}
