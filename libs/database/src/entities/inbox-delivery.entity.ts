import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WebhookChannel } from '@app/domain';

/** A webhook delivery exactly as received, stored before it is acknowledged and processed after. */
@Entity('inbox_deliveries')
export class InboxDeliveryEntity {
  // bigserial: the pg driver hands int8 back as a string.
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'text' })
  channel!: WebhookChannel;

  @Column({ type: 'bytea' })
  body!: Buffer;

  @Column({ type: 'bytea' })
  bodySha256!: Buffer;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  /** Set when the intake gave up after its attempts (never together with `processedAt`); an admin retries it. */
  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  outcome!: Record<string, unknown> | null;
}
