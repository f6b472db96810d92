import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: a job a write asks for is stored in the write's own transaction, so
 * it is committed with the write or not at all. The request then hands it to Redis with a short
 * timeout and deletes the row; what Redis did not take (down, slow, the process died) is relayed
 * by the worker. A (queue, job id) pair is staged once: BullMQ ids are deterministic.
 */
export class JobOutbox1764130000000 implements MigrationInterface {
  name = 'JobOutbox1764130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        name text NOT NULL,
        job_id text NOT NULL,
        data jsonb NOT NULL,
        run_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT job_outbox_job_uq UNIQUE (queue, job_id)
      )`);
    await q.query(`CREATE INDEX job_outbox_created_idx ON job_outbox (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_outbox`);
  }
}
