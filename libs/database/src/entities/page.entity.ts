import { Column, Entity } from 'typeorm';
import type { Channel } from '@app/domain';
import { ReferenceEntity } from './base.js';

@Entity('pages')
export class PageEntity extends ReferenceEntity {
  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'text' })
  externalId!: string;

  @Column({ type: 'uuid', nullable: true })
  districtId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  departmentId!: string | null;

  @Column({ type: 'text' })
  title!: string;

  /** The page's own API token for outbound replies; write-only, never returned (select: false). */
  @Column({ type: 'text', nullable: true, select: false })
  accessToken!: string | null;
}
