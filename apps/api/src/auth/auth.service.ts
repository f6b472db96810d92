import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UsersRepository } from '@app/database';
import { DomainError, hashPassword, verifyPassword } from '@app/domain';
import { toUserView, type AuthUser } from './auth-user.js';
import type { UpdateMeDto } from './update-me.dto.js';

@Injectable()
export class AuthService {
  // Verifying against a real hash for unknown e-mails keeps the response time from revealing which exist.
  private readonly decoy = hashPassword('decoy-password-for-unknown-users');

  constructor(
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
  ) {}

  async login(email: string, password: string) {
    const user = await this.users.findByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.decoy));
    if (!user || !ok || !user.active) throw new DomainError('unauthorized', 'wrong e-mail or password');
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role });
    return { accessToken, user: toUserView(user) };
  }

  async updateMe(user: AuthUser, dto: UpdateMeDto): Promise<AuthUser> {
    await this.users.setLocale(user.id, dto.locale);
    return { ...user, locale: dto.locale };
  }
}
