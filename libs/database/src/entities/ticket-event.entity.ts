import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { TicketStatus } from '@app/domain';

export type TicketEventType =
  | 'ticket.created'
  | 'ticket.triaged'
  | 'ticket.handed_back'
  | 'ticket.assigned'
  | 'ticket.status_changed'
  | 'ticket.replied'
  | 'ticket.note_added'
  | 'ticket.merged'
  // The resident edited or removed their comment on the channel.
  | 'ticket.edited_by_author'
  | 'ticket.removed_by_author'
  | 'sla.timed'
  | 'sla.warning'
  | 'sla.breached'
  | 'sla.escalated'
  | 'reply.delivered'
  | 'reply.delivery_failed'
  // The channel refused the page's credentials: the reply waits, pending, until they are fixed.
  | 'reply.held'
  // An admin sent a failed reply back to delivery.
  | 'reply.retry_requested';

/** One row of the append-only timeline (a database trigger refuses UPDATE and DELETE). */
@Entity('ticket_events')
export class TicketEventEntity {
  /** bigint identity: strict insertion order; pg hands it back as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'uuid' })
  ticketId!: string;

  @Column({ type: 'text' })
  type!: TicketEventType;

  /** null when the system acted (a worker or a channel). */
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'text', nullable: true })
  fromStatus!: TicketStatus | null;

  @Column({ type: 'text', nullable: true })
  toStatus!: TicketStatus | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;
}
