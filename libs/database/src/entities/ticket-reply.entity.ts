import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReplyDeliveryStatus, ReplyVisibility } from '@app/domain';

export type { ReplyDeliveryStatus } from '@app/domain';

@Entity('ticket_replies')
export class TicketReplyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text' })
  visibility!: ReplyVisibility;

  @Column({ type: 'text', default: 'not_applicable' })
  deliveryStatus!: ReplyDeliveryStatus;

  /** The reply's id on the channel: a page's native reply (by webhook) or ours once delivered. */
  @Column({ type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'integer', default: 0 })
  deliveryAttempts!: number;

  /** Why the last delivery attempt failed; shown on the ticket. */
  @Column({ type: 'text', nullable: true })
  deliveryError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;

  /** When delivery was given up on (status `failed`); cleared when an admin retries it. */
  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
