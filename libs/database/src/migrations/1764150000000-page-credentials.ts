import type { MigrationInterface, QueryRunner } from 'typeorm';
import { decodeSecretsKey, developmentSecretsKey, sealSecret, secretKeyring } from '@app/domain';

const KINDS_BEFORE = `'ticket.assigned', 'sla.warning', 'sla.breached', 'sla.escalated'`;
const KINDS_AFTER = `${KINDS_BEFORE}, 'channel.reauthorization_required', 'reply.undelivered'`;

/**
 * Channel credentials per page, sealed with AES-256-GCM (SECRETS_KEY) and never readable in a dump:
 * the plain `access_token` column is sealed into `credentials` and dropped. Pages also get their
 * connection state, and the reconciliation's cursor and count; a ticket whose public reply could not
 * be delivered is flagged until one is.
 */
export class PageCredentials1764150000000 implements MigrationInterface {
  name = 'PageCredentials1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE pages
        ADD COLUMN credentials text,
        ADD COLUMN credentials_key_id text,
        ADD COLUMN connection_state text NOT NULL DEFAULT 'unverified'
          CHECK (connection_state IN ('unverified', 'connected', 'invalid', 'reauthorization_required')),
        ADD COLUMN connection_checked_at timestamptz(3),
        ADD COLUMN connection_message text,
        ADD COLUMN reconciled_comments integer NOT NULL DEFAULT 0,
        ADD COLUMN reconciled_at timestamptz(3),
        ADD COLUMN reconcile_since timestamptz(3)`);
    const tokens = (await q.query(`SELECT id, access_token AS "accessToken" FROM pages WHERE access_token IS NOT NULL`)) as Array<{
      id: string;
      accessToken: string;
    }>;
    if (tokens.length) {
      const ring = secretKeyring(migrationKey());
      for (const t of tokens) {
        await q.query(`UPDATE pages SET credentials = $2, credentials_key_id = $3 WHERE id = $1`, [
          t.id,
          sealSecret(ring, JSON.stringify({ accessToken: t.accessToken })),
          ring.current.id,
        ]);
      }
    }
    await q.query(`ALTER TABLE pages DROP COLUMN access_token`);
    // Rotation finds the secrets still sealed with an old key through this index.
    await q.query(`CREATE INDEX pages_credentials_key_idx ON pages (credentials_key_id) WHERE credentials IS NOT NULL`);

    await q.query(`ALTER TABLE tickets ADD COLUMN undelivered_reply_at timestamptz(3)`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS_AFTER}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM notifications WHERE kind IN ('channel.reauthorization_required', 'reply.undelivered')`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check`);
    await q.query(`ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (${KINDS_BEFORE}))`);
    await q.query(`ALTER TABLE tickets DROP COLUMN undelivered_reply_at`);
    // Secrets are not put back in plain text: the pages' credentials are entered again after a downgrade.
    await q.query(`DROP INDEX pages_credentials_key_idx`);
    await q.query(`ALTER TABLE pages ADD COLUMN access_token text`);
    await q.query(`
      ALTER TABLE pages DROP COLUMN credentials, DROP COLUMN credentials_key_id, DROP COLUMN connection_state,
        DROP COLUMN connection_checked_at, DROP COLUMN connection_message, DROP COLUMN reconciled_comments,
        DROP COLUMN reconciled_at, DROP COLUMN reconcile_since`);
  }
}

/** The key the API will open the secrets with: SECRETS_KEY, or the development key outside production. */
function migrationKey(): Buffer {
  const configured = process.env.SECRETS_KEY;
  if (configured) {
    const key = decodeSecretsKey(configured);
    if (!key) throw new Error("SECRETS_KEY must be 32 bytes in base64 to seal the pages' access tokens");
    return key;
  }
  if (process.env.NODE_ENV === 'production') throw new Error("SECRETS_KEY must be set to seal the pages' access tokens (production)");
  return developmentSecretsKey();
}
