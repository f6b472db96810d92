import { bearer, buildScenario, createTicket, type Scenario } from './support/scenario.js';
import { TestApp } from './support/test-app.js';

/** The definition the kept flag must always equal (migration 1764290000000). */
const MISMATCHES = `SELECT count(*)::int AS n FROM tickets t LEFT JOIN clusters c ON c.id = t.cluster_id
  WHERE t.cluster_title_match IS DISTINCT FROM (CASE WHEN t.cluster_id IS NULL THEN NULL
        ELSE starts_with(btrim(regexp_replace(t.text, '\\s+', ' ', 'g')), rtrim(c.title, '…')) END)`;

/**
 * Whether a ticket begins with its cluster's title is kept on the ticket (cluster_title_match) by
 * triggers, so the cluster list need not read every text to decide whether a reader sees the title.
 */
describe("a ticket's cluster title match, kept by the database", () => {
  let app: TestApp;
  let s: Scenario;
  const q = (sql: string, params: unknown[] = []) => app.dataSource.query(sql, params);
  const mismatches = async () => ((await q(MISMATCHES)) as Array<{ n: number }>)[0]!.n;
  const flagOf = async (id: string) => ((await q(`SELECT cluster_title_match AS f FROM tickets WHERE id = $1`, [id])) as Array<{ f: boolean | null }>)[0]!.f;
  const newCluster = async (title: string) =>
    (
      (await q(`INSERT INTO clusters (district_id, category_code, title) VALUES ($1, 'land', $2) RETURNING id`, [s.districts.merki.id, title])) as Array<{
        id: string;
      }>
    )[0]!.id;

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
  });
  afterAll(() => app.close());

  it('follows every change of a cluster, a text or a title, and always equals its definition', async () => {
    const a = await createTicket(app, s, { text: 'Қорағаты ауылында   жер учаскесі мәселесі шешілмеді' });
    const b = await createTicket(app, s, { text: 'Жол жөндеу керек' });
    expect(await flagOf(a.id)).toBeNull();
    const land = await newCluster('Қорағаты ауылында жер учаскесі…');
    const roads = await newCluster('Жол жөндеу керек');
    await q(`UPDATE tickets SET cluster_id = $1 WHERE id = ANY($2::uuid[])`, [land, [a.id, b.id]]);
    expect([await flagOf(a.id), await flagOf(b.id)]).toEqual([true, false]); // whitespace normalised, the ellipsis dropped
    await q(`UPDATE tickets SET cluster_id = $1 WHERE id = $2`, [roads, b.id]);
    expect(await flagOf(b.id)).toBe(true);
    await q(`UPDATE tickets SET text = 'pseudonymised' WHERE id = $1`, [a.id]);
    expect(await flagOf(a.id)).toBe(false);
    await q(`UPDATE clusters SET title = 'pseudonymised' WHERE id = $1`, [land]);
    expect(await flagOf(a.id)).toBe(true);
    await q(`UPDATE tickets SET cluster_id = NULL WHERE id = $1`, [b.id]);
    expect(await flagOf(b.id)).toBeNull();
    // A ticket inserted straight into a cluster.
    const [c] = (await q(
      `INSERT INTO tickets (reference, channel, district_id, text, author_name, received_at, cluster_id)
       SELECT 'ZHM-2026-777001', 'manual', district_id, 'Жол жөндеу керек, тез арада', 'Ерлан', now(), id FROM clusters WHERE id = $1 RETURNING id`,
      [roads],
    )) as Array<{ id: string }>;
    expect(await flagOf(c!.id)).toBe(true);
    expect(await mismatches()).toBe(0);
  });

  it('cannot miss a title changed while a ticket joins the cluster', async () => {
    const ticket = await createTicket(app, s, { text: 'Су жоқ үшінші күн' });
    const cluster = await newCluster('Газ жоқ');
    const joining = await app.dataSource.createQueryRunner();
    await joining.connect();
    try {
      await joining.startTransaction();
      await joining.query(`UPDATE tickets SET cluster_id = $1 WHERE id = $2`, [cluster, ticket.id]);
      // The title change waits for the joining ticket's transaction (its trigger read the title FOR SHARE)...
      const renamed = q(`UPDATE clusters SET title = 'Су жоқ' WHERE id = $1`, [cluster]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await joining.commitTransaction();
      await renamed;
    } finally {
      await joining.release();
    }
    // ...and then sees the ticket it must recompute.
    expect(await flagOf(ticket.id)).toBe(true);
    expect(await mismatches()).toBe(0);
  });

  it("shows the cluster list's title exactly to the readers of a ticket that begins with it", async () => {
    const text = 'Мерке ауданында жарық жоқ, көше шамдары сөнген';
    const merki = await createTicket(app, s, { text, categoryCode: 'land' });
    const cluster = await newCluster(text);
    await q(`UPDATE tickets SET cluster_id = $1 WHERE id = $2`, [cluster, merki.id]);
    const zhualy = await app
      .http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressZhualy))
      .send({ text: 'Жарық жоқ', districtId: s.districts.zhualy.id, author: { name: 'Ерлан' } });
    await q(`UPDATE tickets SET cluster_id = $1 WHERE id = $2`, [cluster, (zhualy.body as { id: string }).id]);
    const listed = async (token: string) =>
      (
        (await app.http().get('/api/v1/clusters?limit=50').set(bearer(token))).body as { items: Array<{ id: string; title: string; titleHidden: boolean }> }
      ).items.find((c) => c.id === cluster);
    expect(await listed(s.tokens.pressMerki)).toMatchObject({ title: text, titleHidden: false });
    expect(await listed(s.tokens.pressZhualy)).toMatchObject({ title: 'Cluster of 1 tickets', titleHidden: true });
    expect(await listed(s.tokens.governor)).toMatchObject({ title: text, titleHidden: false });
  });
});
