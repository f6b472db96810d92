import { Column, Entity } from 'typeorm';
import { ReferenceEntity } from './base.js';

export type WorkingHours = Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<[string, string]>>>;

@Entity('calendars')
export class CalendarEntity extends ReferenceEntity {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: 'Asia/Almaty' })
  timeZone!: string;

  @Column({ type: 'jsonb' })
  workingHours!: WorkingHours;

  /** ISO dates (YYYY-MM-DD) kept as text: a holiday is a calendar day, not an instant. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  holidays!: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  exceptions!: Array<{ date: string; working: boolean }>;
}
