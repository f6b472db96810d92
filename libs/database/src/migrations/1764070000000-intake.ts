import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake from the channels: the inbox of raw webhook deliveries (stored before the 200, processed
 * after), the keys of channel changes already applied (a redelivered change is a no-op, enforced by
 * a primary key rather than by code), clusters of similar tickets, and the outbound side of replies.
 */
export class Intake1764070000000 implements MigrationInterface {
  name = 'Intake1764070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbox_deliveries (
        id bigserial PRIMARY KEY,
        channel text NOT NULL CHECK (channel IN ('facebook', 'instagram', 'telegram', 'vk')),
        -- The exact bytes received: the signature was checked over them, and reprocessing reads them.
        body bytea NOT NULL,
        body_sha256 bytea NOT NULL,
        received_at timestamptz(3) NOT NULL DEFAULT now(),
        processed_at timestamptz(3),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        -- What the delivery did (tickets created, edits, page replies...), for support and tests.
        outcome jsonb,
        -- The same bytes delivered again (Meta retries for 36 hours) are stored once.
        UNIQUE (channel, body_sha256)
      )`);
    await q.query(`CREATE INDEX inbox_deliveries_unprocessed_idx ON inbox_deliveries (id) WHERE processed_at IS NULL`);

    await q.query(`
      CREATE TABLE channel_changes (
        channel text NOT NULL,
        change_key text NOT NULL,
        delivery_id bigint REFERENCES inbox_deliveries(id),
        ticket_id uuid REFERENCES tickets(id),
        applied_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (channel, change_key)
      )`);

    await q.query(`
      CREATE TABLE clusters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        district_id uuid REFERENCES districts(id),
        category_code text REFERENCES categories(code) ON UPDATE CASCADE,
        title text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX clusters_district_idx ON clusters (district_id, updated_at DESC)`);
    await q.query(`ALTER TABLE tickets ADD CONSTRAINT tickets_cluster_id_fkey FOREIGN KEY (cluster_id) REFERENCES clusters(id)`);
    await q.query(`CREATE INDEX tickets_cluster_idx ON tickets (cluster_id) WHERE cluster_id IS NOT NULL`);

    await q.query(`
      ALTER TABLE ticket_replies
        ADD COLUMN external_id text,
        ADD COLUMN delivery_attempts integer NOT NULL DEFAULT 0,
        ADD COLUMN delivery_error text,
        ADD COLUMN delivered_at timestamptz(3)`);
    // A page's native reply arrives by webhook: its channel id makes the redelivery a no-op.
    await q.query(`CREATE UNIQUE INDEX ticket_replies_external_key ON ticket_replies (ticket_id, external_id) WHERE external_id IS NOT NULL`);
    await q.query(`CREATE INDEX ticket_replies_pending_idx ON ticket_replies (created_at) WHERE delivery_status = 'pending'`);

    // The page's own token for the Graph API (write-only through the API, never returned).
    await q.query(`ALTER TABLE pages ADD COLUMN access_token text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pages DROP COLUMN access_token`);
    await q.query(`DROP INDEX ticket_replies_pending_idx`);
    await q.query(`DROP INDEX ticket_replies_external_key`);
    await q.query(`ALTER TABLE ticket_replies DROP COLUMN external_id, DROP COLUMN delivery_attempts, DROP COLUMN delivery_error, DROP COLUMN delivered_at`);
    await q.query(`DROP INDEX tickets_cluster_idx`);
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_cluster_id_fkey`);
    await q.query(`DROP TABLE clusters`);
    await q.query(`DROP TABLE channel_changes`);
    await q.query(`DROP TABLE inbox_deliveries`);
  }
}
