import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per sign-in, named by the token's `sid`: the auth guard reads it with the user, so a
 * logout or a revocation ends a token at once instead of when it expires. The trigger revokes
 * every session of a user whose password, role, scope or active flag changes, whatever path
 * made the change (the admin API, the seed, a manual UPDATE).
 */
export class UserSessions1764160000000 implements MigrationInterface {
  name = 'UserSessions1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE user_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX user_sessions_live ON user_sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE FUNCTION revoke_user_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE user_sessions SET revoked_at = now() WHERE user_id = NEW.id AND revoked_at IS NULL;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_revoke_sessions AFTER UPDATE OF password_hash, role, district_ids, department_id, active ON users
      FOR EACH ROW WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash OR OLD.role IS DISTINCT FROM NEW.role
        OR OLD.district_ids IS DISTINCT FROM NEW.district_ids OR OLD.department_id IS DISTINCT FROM NEW.department_id
        OR OLD.active IS DISTINCT FROM NEW.active)
      EXECUTE FUNCTION revoke_user_sessions()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_revoke_sessions ON users`);
    await q.query(`DROP FUNCTION revoke_user_sessions()`);
    await q.query(`DROP TABLE user_sessions`);
  }
}
