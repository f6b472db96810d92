import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saved replies: answer templates in Kazakh and Russian with placeholders ({resident_name},
 * {reference}, {district}, ...), written by admins and inserted into replies from the console.
 */
export class SavedReplies1764190000000 implements MigrationInterface {
  name = 'SavedReplies1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_replies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        title text NOT NULL,
        body_kk text NOT NULL,
        body_ru text NOT NULL,
        category_code text REFERENCES categories(code) ON UPDATE CASCADE ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_replies`);
  }
}
