import type { MigrationInterface, QueryRunner } from 'typeorm';
import { KAZAKHSTAN_DAY_TRANSFERS, KAZAKHSTAN_HOLIDAY_RULES } from '@app/domain';

/**
 * Kazakhstan's holidays as data with validity periods, and the Government's yearly transfers of
 * days, both edited by admins (`/api/v1/holiday-rules`, `/api/v1/day-transfers`) instead of code of
 * one period: the 2026 Constitution moved Constitution Day from 30 August to 15 March. Seeded with
 * the rules in force (libs/domain/src/kazakhstan-holidays.ts).
 */
export class NationalCalendar1764180000000 implements MigrationInterface {
  name = 'NationalCalendar1764180000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE holiday_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name_kk text NOT NULL,
        name_ru text NOT NULL,
        month int CHECK (month BETWEEN 1 AND 12),
        day int CHECK (day BETWEEN 1 AND 31),
        dates jsonb NOT NULL DEFAULT '[]',
        valid_from text,
        valid_until text,
        carried_over boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT holiday_rules_day_or_dates CHECK ((month IS NULL) = (day IS NULL))
      )`);
    await q.query(`
      CREATE TABLE day_transfers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        date text NOT NULL UNIQUE,
        working boolean NOT NULL,
        decree text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One millisecond apart, in the rules' calendar order: admins' lists are ordered by creation.
    for (const [i, r] of KAZAKHSTAN_HOLIDAY_RULES.entries()) {
      await q.query(
        `INSERT INTO holiday_rules (name_kk, name_ru, month, day, dates, valid_from, valid_until, carried_over, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + $9 * interval '1 millisecond', now() + $9 * interval '1 millisecond')`,
        [r.nameKk, r.nameRu, r.month, r.day, JSON.stringify(r.dates), r.validFrom, r.validUntil, r.carriedOver, i],
      );
    }
    for (const t of KAZAKHSTAN_DAY_TRANSFERS) {
      await q.query(`INSERT INTO day_transfers (date, working, decree) VALUES ($1, $2, $3)`, [t.date, t.working, t.decree]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE day_transfers`);
    await q.query(`DROP TABLE holiday_rules`);
  }
}
