import { Column, Entity } from 'typeorm';
import { ReferenceEntity } from './base.js';

/** An answer template in both official languages (placeholders as in libs/domain `saved-replies.ts`), managed by admins. */
@Entity('saved_replies')
export class SavedReplyEntity extends ReferenceEntity {
  /** Short and stable: what a press secretary types in the picker ("water-outage"). */
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  bodyKk!: string;

  @Column({ type: 'text' })
  bodyRu!: string;

  /** The category it answers, offered first for tickets of that category or suggestion. */
  @Column({ type: 'text', nullable: true })
  categoryCode!: string | null;
}
