import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The console language each user chose, so it follows them from desk to phone; null until they choose. */
export class UserLocale1764100000000 implements MigrationInterface {
  name = 'UserLocale1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN locale text CHECK (locale IN ('kk', 'ru', 'en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN locale`);
  }
}
