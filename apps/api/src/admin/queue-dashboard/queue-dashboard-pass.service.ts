import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { AppConfig } from '@app/config';
import { UsersRepository } from '@app/database';
import { DomainError } from '@app/domain';
import type { AuthUser } from '../../auth/auth-user.js';

/** The dashboard's cookie: its own name and path, so it goes with no other request. */
export const DASHBOARD_COOKIE = 'tynda_queues';
export const DASHBOARD_PATH = '/admin/queues';
/** Long enough to look into a failure, short enough that a forgotten tab does not stay open for a day. */
const PASS_TTL_SECONDS = 15 * 60;

interface PassClaims {
  sub: string;
  sid: string;
  typ: 'queue-dashboard';
  exp: number;
}

/**
 * A browser cannot send the console's bearer token on a plain navigation, so the console trades it
 * (POST with the bearer) for a pass in an HttpOnly, SameSite=Strict cookie scoped to the dashboard's
 * path. The pass is a JWT under a key derived from JWT_SECRET for this one use: the API refuses it as
 * a bearer token, and it names the session, so a sign-out or a role change ends it as it ends the token.
 */
@Injectable()
export class QueueDashboardPass {
  private readonly key: string;

  constructor(
    config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersRepository,
  ) {
    this.key = createHmac('sha256', config.JWT_SECRET).update('tynda queue dashboard pass').digest('base64');
  }

  async issue(user: AuthUser, sessionId: string): Promise<{ pass: string; expiresAt: Date; maxAgeSeconds: number }> {
    const pass = await this.jwt.signAsync(
      { sub: user.id, sid: sessionId, typ: 'queue-dashboard' },
      { secret: this.key, algorithm: 'HS256', expiresIn: PASS_TTL_SECONDS },
    );
    return { pass, expiresAt: new Date(Date.now() + PASS_TTL_SECONDS * 1000), maxAgeSeconds: PASS_TTL_SECONDS };
  }

  /** The admin the pass belongs to; 401 without a valid pass, 403 when its holder is no longer an admin. */
  async check(pass: string | undefined): Promise<void> {
    const signIn = 'open the queue dashboard from the console (Administration → Failures) while signed in as an admin';
    if (!pass) throw new DomainError('unauthorized', `no dashboard pass: ${signIn}`);
    let claims: Partial<PassClaims>;
    try {
      claims = await this.jwt.verifyAsync<Partial<PassClaims>>(pass, { secret: this.key, algorithms: ['HS256'] });
    } catch {
      throw new DomainError('unauthorized', `the dashboard pass is invalid or expired: ${signIn}`);
    }
    if (claims.typ !== 'queue-dashboard' || typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw new DomainError('unauthorized', `the dashboard pass is invalid or expired: ${signIn}`);
    }
    const user = await this.users.findBySession(claims.sub, claims.sid);
    if (!user) throw new DomainError('unauthorized', `the session has ended: ${signIn}`);
    if (user.role !== 'admin') throw new DomainError('forbidden', 'the queue dashboard is for admins');
  }
}

/** The one cookie's value from a Cookie header (no parser is installed for the rest of the API). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}
