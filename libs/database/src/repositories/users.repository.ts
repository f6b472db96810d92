import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Locale } from '@app/domain';
import { UserEntity } from '../entities/user.entity.js';
import { ReadBatches } from '../read-batches.js';

interface SessionKey {
  userId: string;
  sessionId: string;
}

@Injectable()
export class UsersRepository {
  /** The session checks of the requests that arrive together: one statement (see ReadBatches). */
  private readonly sessions = new ReadBatches<SessionKey, UserEntity | null>((_, keys) => this.findBySessions(keys));

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).getOne();
  }

  findActiveById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { id, active: true } });
  }

  /**
   * The active user behind a live session (not revoked, not expired): one indexed join, read on
   * every authenticated request, so a revocation takes effect at the next request.
   */
  findBySession(userId: string, sessionId: string): Promise<UserEntity | null> {
    return this.sessions.load('', { userId, sessionId });
  }

  private async findBySessions(keys: SessionKey[]): Promise<Array<UserEntity | null>> {
    const { raw, entities } = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .innerJoin('user_sessions', 's', 's.user_id = u.id')
      .addSelect('s.id', 'session_id')
      .where('(u.id, s.id) IN (SELECT * FROM unnest(CAST(:userIds AS uuid[]), CAST(:sessionIds AS uuid[])))', {
        userIds: keys.map((k) => k.userId),
        sessionIds: keys.map((k) => k.sessionId),
      })
      .andWhere('u.active AND s.revoked_at IS NULL AND s.expires_at > now()')
      .getRawAndEntities<{ u_id: string; session_id: string }>();
    const live = new Set(raw.map((r) => `${r.u_id} ${r.session_id}`));
    const users = new Map(entities.map((u) => [u.id, u]));
    return keys.map((k) => (live.has(`${k.userId} ${k.sessionId}`) ? (users.get(k.userId) ?? null) : null));
  }

  /** Opens a session at sign-in, and forgets the user's sessions that ended more than a day ago. */
  async openSession(userId: string, expiresAt: Date): Promise<string> {
    await this.dataSource.query(`DELETE FROM user_sessions WHERE user_id = $1 AND coalesce(revoked_at, expires_at) < now() - interval '1 day'`, [userId]);
    const [row] = (await this.dataSource.query(`INSERT INTO user_sessions (user_id, expires_at) VALUES ($1, $2) RETURNING id`, [userId, expiresAt])) as Array<{
      id: string;
    }>;
    return row!.id;
  }

  /** Ends one session (logout), or every live session of the user (sign out everywhere). */
  async revokeSessions(userId: string, sessionId?: string): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id = $2::uuid)`,
      [userId, sessionId ?? null],
    )) as [unknown, number];
    return count;
  }

  /** The active users who should hear about a ticket's escalation, by role and scope. */
  findActiveByIds(ids: string[]): Promise<UserEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.getRepository(UserEntity).createQueryBuilder('u').where('u.id IN (:...ids)', { ids }).andWhere('u.active').getMany();
  }

  async setLocale(id: string, locale: Locale): Promise<void> {
    await this.dataSource.getRepository(UserEntity).update({ id }, { locale });
  }
}
