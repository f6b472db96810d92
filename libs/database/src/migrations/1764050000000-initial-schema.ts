import type { MigrationInterface, QueryRunner } from 'typeorm';

// Timestamps are stored to the millisecond, as JavaScript holds them: a keyset cursor built from a Date
// must compare equal to the row it came from.
export class InitialSchema1764050000000 implements MigrationInterface {
  name = 'InitialSchema1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    // Reference tables named in both languages and addressed by a stable code share one shape.
    const coded = (table: string, extra = '') => `
      CREATE TABLE ${table} (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name_kk text NOT NULL,
        name_ru text NOT NULL,${extra}
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`;
    await q.query(coded('districts'));
    await q.query(coded('departments'));
    await q.query(
      coded(
        'categories',
        `
        department_id uuid REFERENCES departments(id),
        keywords text[] NOT NULL DEFAULT '{}',`,
      ),
    );
    await q.query(`
      CREATE TABLE pages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        channel text NOT NULL CHECK (channel IN ('facebook','instagram','telegram','vk')),
        external_id text NOT NULL,
        district_id uuid REFERENCES districts(id),
        department_id uuid REFERENCES departments(id),
        title text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (channel, external_id)
      )`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        full_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin','press_secretary','department_head','department_staff','governor_office')),
        district_ids uuid[] NOT NULL DEFAULT '{}',
        department_id uuid REFERENCES departments(id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // E-mail addresses are compared case-insensitively: Admin@Tynda.kz is admin@tynda.kz.
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_department_idx ON users (department_id) WHERE active`);

    await q.query(`
      CREATE TABLE calendars (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        time_zone text NOT NULL DEFAULT 'Asia/Almaty',
        working_hours jsonb NOT NULL,
        holidays jsonb NOT NULL DEFAULT '[]',
        exceptions jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sla_policies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        category_code text,
        priority text CHECK (priority IN ('low','normal','high','urgent')),
        channel text,
        first_response text NOT NULL,
        resolution text NOT NULL,
        calendar_id uuid REFERENCES calendars(id),
        warning_ratio double precision NOT NULL DEFAULT 0.8 CHECK (warning_ratio > 0 AND warning_ratio < 1),
        escalate_after text,
        is_default boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX sla_policies_one_default ON sla_policies (is_default) WHERE is_default`);

    await q.query(`CREATE SEQUENCE ticket_reference_seq`);
    await q.query(`
      CREATE TABLE tickets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        channel text NOT NULL CHECK (channel IN ('facebook','instagram','telegram','vk','open311','manual')),
        external_id text,
        page_id uuid REFERENCES pages(id),
        district_id uuid REFERENCES districts(id),
        locality text,
        category_code text REFERENCES categories(code) ON UPDATE CASCADE,
        department_id uuid REFERENCES departments(id),
        assignee_id uuid REFERENCES users(id),
        priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new','triaged','assigned','in_progress','awaiting_resident','resolved','closed','reopened','rejected','merged')),
        author_name text NOT NULL,
        author_external_id text,
        author_phone text,
        text text NOT NULL,
        language text NOT NULL DEFAULT 'other' CHECK (language IN ('kk','ru','mixed','other')),
        received_at timestamptz(3) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        first_response_at timestamptz(3),
        resolved_at timestamptz(3),
        closed_at timestamptz(3),
        parent_ticket_id uuid REFERENCES tickets(id),
        cluster_id uuid,
        escalation_level smallint NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
        sla_policy_id uuid REFERENCES sla_policies(id),
        first_response_due_at timestamptz(3),
        resolution_due_at timestamptz(3),
        first_response_breached_at timestamptz(3),
        resolution_breached_at timestamptz(3),
        sla_paused_seconds integer NOT NULL DEFAULT 0,
        sla_state text NOT NULL DEFAULT 'ok' CHECK (sla_state IN ('ok','warning','breached','paused','met')),
        version integer NOT NULL DEFAULT 1
      )`);
    // Idempotent intake: a channel's comment id can only ever become one ticket.
    await q.query(`CREATE UNIQUE INDEX tickets_channel_external_key ON tickets (channel, external_id) WHERE external_id IS NOT NULL`);
    // The list is paged newest first by (created_at, id); filters combine with that order.
    await q.query(`CREATE INDEX tickets_created_idx ON tickets (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX tickets_status_idx ON tickets (status, created_at DESC)`);
    await q.query(`CREATE INDEX tickets_district_idx ON tickets (district_id, created_at DESC)`);
    await q.query(`CREATE INDEX tickets_department_idx ON tickets (department_id, status)`);
    await q.query(`CREATE INDEX tickets_assignee_idx ON tickets (assignee_id, status)`);
    await q.query(`CREATE INDEX tickets_sla_state_idx ON tickets (sla_state) WHERE sla_state <> 'ok'`);
    await q.query(`CREATE INDEX tickets_received_idx ON tickets (received_at)`);
    await q.query(`CREATE INDEX tickets_parent_idx ON tickets (parent_ticket_id) WHERE parent_ticket_id IS NOT NULL`);
    // Residents write inflected Kazakh and Russian: substring search over trigrams finds "жерді" for "жер".
    await q.query(`CREATE INDEX tickets_text_trgm_idx ON tickets USING gin (text gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE ticket_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES tickets(id),
        type text NOT NULL,
        actor_id uuid REFERENCES users(id),
        from_status text,
        to_status text,
        payload jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id)`);
    await q.query(`
      CREATE FUNCTION ticket_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ticket_events is append-only';
      END $$`);
    await q.query(`
      CREATE TRIGGER ticket_events_append_only BEFORE UPDATE OR DELETE ON ticket_events
      FOR EACH ROW EXECUTE FUNCTION ticket_events_append_only()`);

    await q.query(`
      CREATE TABLE ticket_replies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets(id),
        author_id uuid REFERENCES users(id),
        body text NOT NULL,
        visibility text NOT NULL CHECK (visibility IN ('public','internal')),
        delivery_status text NOT NULL DEFAULT 'not_applicable' CHECK (delivery_status IN ('not_applicable','pending','delivered','failed')),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ticket_replies_ticket_idx ON ticket_replies (ticket_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'ticket_replies',
      'ticket_events',
      'tickets',
      'sla_policies',
      'calendars',
      'users',
      'pages',
      'categories',
      'departments',
      'districts',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS ticket_events_append_only()`);
    await q.query(`DROP SEQUENCE IF EXISTS ticket_reference_seq`);
  }
}
