import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing a press secretary can trust (issue 19): a category's exclusions (phrases whose words never
 * count for it, "бұл жолы"), and the router's trained models, versioned, each with what it was
 * trained on and how it did on the desk's most recent decisions it had not seen.
 */
export class RoutingModels1764170000000 implements MigrationInterface {
  name = 'RoutingModels1764170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE categories ADD COLUMN exclusions text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE routing_models (
        version integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        seed_examples integer NOT NULL,
        decisions integer NOT NULL,
        measured_on integer NOT NULL,
        precision double precision,
        coverage double precision,
        top1 double precision,
        threshold double precision NOT NULL,
        model jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE routing_models`);
    await q.query(`ALTER TABLE categories DROP COLUMN exclusions`);
  }
}
