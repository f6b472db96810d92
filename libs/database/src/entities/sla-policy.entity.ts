import { Column, Entity } from 'typeorm';
import type { Channel, Priority } from '@app/domain';
import { ReferenceEntity } from './base.js';

@Entity('sla_policies')
export class SlaPolicyEntity extends ReferenceEntity {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  categoryCode!: string | null;

  @Column({ type: 'text', nullable: true })
  priority!: Priority | null;

  @Column({ type: 'text', nullable: true })
  channel!: Channel | null;

  /** ISO-8601 duration, e.g. PT8H. */
  @Column({ type: 'text' })
  firstResponse!: string;

  @Column({ type: 'text' })
  resolution!: string;

  /** null = the 24x7 clock. */
  @Column({ type: 'uuid', nullable: true })
  calendarId!: string | null;

  @Column({ type: 'double precision', default: 0.8 })
  warningRatio!: number;

  @Column({ type: 'text', nullable: true })
  escalateAfter!: string | null;

  @Column({ type: 'boolean', default: false })
  isDefault!: boolean;
}
