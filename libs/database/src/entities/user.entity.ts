import { Column, Entity } from 'typeorm';
import type { Locale, Role } from '@app/domain';
import { ReferenceEntity } from './base.js';

@Entity('users')
export class UserEntity extends ReferenceEntity {
  @Column({ type: 'text' })
  email!: string;

  /** scrypt hash; never leaves the service layer. */
  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text' })
  fullName!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  districtIds!: string[];

  @Column({ type: 'uuid', nullable: true })
  departmentId!: string | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /** The console language the user chose (PATCH /auth/me); null: the console's default. */
  @Column({ type: 'text', nullable: true })
  locale!: Locale | null;
}
