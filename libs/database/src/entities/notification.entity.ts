import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind } from '@app/domain';

export { NOTIFICATION_KINDS, type NotificationKind } from '@app/domain';

/** An in-app notification; (user, ticket, step) is unique, so one step notifies each person once. */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  kind!: NotificationKind;

  @Column({ type: 'uuid' })
  ticketId!: string;

  /** Which step of the ticket's life caused it, e.g. `first_response.breach` or `assigned:<event id>`. */
  @Column({ type: 'text' })
  step!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
