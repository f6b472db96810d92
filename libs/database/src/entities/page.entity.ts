import { Column, Entity } from 'typeorm';
import type { Channel, ConnectionState } from '@app/domain';
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

  /** The channel credentials, sealed with AES-256-GCM (`v1.<key id>.…`); write-only, never selected by default. */
  @Column({ type: 'text', nullable: true, select: false })
  credentials!: string | null;

  /** The key that sealed `credentials` (rotation re-seals those of old keys); null while there are none. */
  @Column({ type: 'text', nullable: true })
  credentialsKeyId!: string | null;

  @Column({ type: 'text', default: 'unverified' })
  connectionState!: ConnectionState;

  @Column({ type: 'timestamptz', nullable: true })
  connectionCheckedAt!: Date | null;

  /** What the channel said at the last check (the reason of `invalid` or `reauthorization_required`). */
  @Column({ type: 'text', nullable: true })
  connectionMessage!: string | null;

  /** Comments the reconciliation found that no webhook had delivered, since the page was registered. */
  @Column({ type: 'integer', default: 0 })
  reconciledComments!: number;

  @Column({ type: 'timestamptz', nullable: true })
  reconciledAt!: Date | null;

  /** The newest comment instant the reconciliation has seen: the next pass reads from there. */
  @Column({ type: 'timestamptz', nullable: true })
  reconcileSince!: Date | null;
}
