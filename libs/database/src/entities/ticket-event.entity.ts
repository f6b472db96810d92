import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { StoredTicketEventPayload, TicketEventType, TicketStatus } from '@app/domain';

export type { TicketEventType } from '@app/domain';

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

  /** Typed apart from `type` (a column cannot be both): narrow the two together with `isTicketEvent`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: StoredTicketEventPayload;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;
}
