import { Column, Entity } from 'typeorm';
import { ReferenceEntity } from './base.js';

/** A national holiday rule with its validity period (libs/domain `HolidayRule`), edited by admins. */
@Entity('holiday_rules')
export class HolidayRuleEntity extends ReferenceEntity {
  @Column({ type: 'text' })
  nameKk!: string;

  @Column({ type: 'text' })
  nameRu!: string;

  @Column({ type: 'int', nullable: true })
  month!: number | null;

  @Column({ type: 'int', nullable: true })
  day!: number | null;

  /** ISO dates of a holiday without a fixed day (Kurban Ait). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  dates!: string[];

  /** ISO dates kept as text, like every calendar day in Tynda: a day, not an instant. */
  @Column({ type: 'text', nullable: true })
  validFrom!: string | null;

  @Column({ type: 'text', nullable: true })
  validUntil!: string | null;

  @Column({ type: 'boolean', default: true })
  carriedOver!: boolean;
}

/** A working day or day off set for the whole country by a Government decree (a yearly transfer). */
@Entity('day_transfers')
export class DayTransferEntity extends ReferenceEntity {
  @Column({ type: 'text' })
  date!: string;

  @Column({ type: 'boolean' })
  working!: boolean;

  @Column({ type: 'text' })
  decree!: string;
}
