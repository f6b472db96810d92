import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Locale } from '@app/domain';
import { UserEntity } from '../entities/user.entity.js';

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('lower(u.email) = lower(:email)', { email })
      .getOne();
  }

  findActiveById(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOne({ where: { id, active: true } });
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
