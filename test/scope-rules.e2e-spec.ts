import { ReportCellsRepository, TicketsRepository, scopeRuleSql, scopeSql, sqlList, type UserEntity } from '../libs/database/src/index.js';
import {
  FINAL_STATUSES,
  NOT_OPEN_STATUSES,
  OPEN_STATUSES,
  TICKET_STATUSES,
  inScope,
  scopeOf,
  type Actor,
  type ScopedTicketFields,
  type TicketStatus,
} from '../libs/domain/src/index.js';
import * as statusRules from '../libs/domain/src/ticket-status.js';
import { TestApp } from './support/test-app.js';
import { buildScenario, type Scenario } from './support/scenario.js';

type Row = ScopedTicketFields & { id: string; status: TicketStatus };

const sorted = (ids: Iterable<string>) => [...ids].sort();
const actorOf = (u: UserEntity): Actor => ({ id: u.id, role: u.role, districtIds: u.districtIds, departmentId: u.departmentId });

/**
 * The scope and status rules are defined once in libs/domain and written as SQL by libs/database
 * (domain-sql.ts). On a ticket of every combination that matters (district: a press secretary's,
 * another, none; every status; department: a head's, another, none; assignee: two members, a head,
 * nobody), every SQL form of the rule selects exactly the tickets the domain's rule does.
 */
describe('scope and status rules: SQL and domain agree', () => {
  let app: TestApp;
  let s: Scenario;
  let rows: Row[];
  const ids = () => rows.map((r) => r.id);

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
    const { merki, zhualy } = s.districts;
    const { land, roads } = s.departments;
    const { staffLand1, staffRoads, headLand } = s.users;
    const combos = TICKET_STATUSES.flatMap((status) =>
      [merki.id, zhualy.id, null].flatMap((districtId) =>
        [land.id, roads.id, null].flatMap((departmentId) =>
          [staffLand1.id, staffRoads.id, headLand.id, null].map((assigneeId) => ({ status, districtId, departmentId, assigneeId })),
        ),
      ),
    );
    rows = (await app.dataSource.query(
      `INSERT INTO tickets (reference, channel, district_id, department_id, assignee_id, status, author_name, text, received_at)
       SELECT 'SCOPE-' || n, 'manual', d, dep, a, st, 'Тұрғын', 'Жол жөнделмеген', now() - interval '1 hour'
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) WITH ORDINALITY AS c(d, dep, a, st, n)
       RETURNING id, status, district_id AS "districtId", department_id AS "departmentId", assignee_id AS "assigneeId"`,
      [combos.map((c) => c.districtId), combos.map((c) => c.departmentId), combos.map((c) => c.assigneeId), combos.map((c) => c.status)],
    )) as Row[];
  });
  afterAll(() => app.close());

  /** Every role, and the edge cases of the rule: a press secretary of two districts or of none, a head without a department. */
  const actors = (): Array<[string, Actor]> => [
    ...(Object.entries(s.users) as Array<[string, UserEntity]>).map(([key, u]): [string, Actor] => [key, actorOf(u)]),
    ['press secretary of both districts', { ...actorOf(s.users.pressMerki), districtIds: [s.districts.merki.id, s.districts.zhualy.id] }],
    ['press secretary of no district', { ...actorOf(s.users.pressMerki), districtIds: [] }],
    ['department head without a department', { ...actorOf(s.users.headLand), departmentId: null }],
  ];
  const expected = (actor: Actor) => sorted(rows.filter((r) => inScope(scopeOf(actor), r)).map((r) => r.id));

  it('covers every kind of scope, each with tickets in and out of it', () => {
    const kinds = new Set(actors().map(([, a]) => scopeOf(a).kind));
    expect(sorted(kinds)).toEqual(['all', 'assignee', 'department', 'districts']);
    for (const kind of ['assignee', 'department', 'districts']) {
      const seen = actors()
        .filter(([, a]) => scopeOf(a).kind === kind)
        .map(([, a]) => expected(a).length);
      expect([kind, seen.some((n) => n > 0), seen.some((n) => n < rows.length)]).toEqual([kind, true, true]);
    }
  });

  it('the scope as a bound condition (scopeSql) selects the tickets inScope does, for every role', async () => {
    for (const [who, actor] of actors()) {
      const params: unknown[] = [ids()];
      const got = (await app.dataSource.query(
        `SELECT t.id FROM tickets t WHERE t.id = ANY($1::uuid[]) AND ${scopeSql(scopeOf(actor), (v) => `$${params.push(v)}`)}`,
        params,
      )) as Array<{ id: string }>;
      expect([who, sorted(got.map((r) => r.id))]).toEqual([who, expected(actor)]);
    }
  });

  it('the tickets repository (its list and its entity reads) and the reports see the same tickets', async () => {
    const tickets = app.api.get(TicketsRepository);
    const cells = app.api.get(ReportCellsRepository);
    const period = { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) };
    for (const [who, actor] of actors()) {
      const scope = scopeOf(actor);
      const listed = (await tickets.list(scope, {}, 1000)).items.map((i) => i.ticket.id);
      expect([who, 'list', sorted(listed)]).toEqual([who, 'list', expected(actor)]);
      const found = await Promise.all(ids().map(async (id) => ((await tickets.findInScope(scope, id)) ? [id] : [])));
      expect([who, 'findInScope', sorted(found.flat())]).toEqual([who, 'findInScope', expected(actor)]);
      const received = (await cells.cells(scope, period)).reduce((n, c) => n + c.received, 0);
      expect([who, 'reports', received]).toEqual([who, 'reports', expected(actor).length]);
    }
  });

  it("the readers' form of the rule (who hears of a ticket's SLA step) pairs each user with the tickets inScope gives them", async () => {
    const users = Object.values(s.users);
    const pairs = async (role: string, condition: string) =>
      sorted(
        (
          (await app.dataSource.query(
            `SELECT u.id AS "userId", t.id AS "ticketId" FROM users u JOIN tickets t ON t.id = ANY($1::uuid[]) WHERE u.role = $2 AND ${condition}`,
            [ids(), role],
          )) as Array<{ userId: string; ticketId: string }>
        ).map((p) => `${p.userId}/${p.ticketId}`),
      );
    const domainPairs = (kind: 'districts' | 'department') =>
      sorted(
        users
          .map(actorOf)
          .filter((a) => scopeOf(a).kind === kind)
          .flatMap((a) => rows.filter((r) => inScope(scopeOf(a), r)).map((r) => `${a.id}/${r.id}`)),
      );
    expect(await pairs('press_secretary', scopeRuleSql('districts', 't', 'u.district_ids'))).toEqual(domainPairs('districts'));
    expect(await pairs('department_head', scopeRuleSql('department', 't', 'u.department_id'))).toEqual(domainPairs('department'));
  });

  it('each named set of statuses selects in SQL exactly its statuses', async () => {
    const sets = Object.entries(statusRules).filter((e): e is [string, readonly TicketStatus[]] => e[0].endsWith('_STATUSES') && e[0] !== 'TICKET_STATUSES');
    expect(sets.length).toBeGreaterThanOrEqual(7);
    for (const [name, set] of sets) {
      const got = (await app.dataSource.query(`SELECT DISTINCT status FROM tickets WHERE id = ANY($1::uuid[]) AND status IN ${sqlList(set)}`, [
        ids(),
      ])) as Array<{ status: string }>;
      expect([name, sorted(got.map((r) => r.status))]).toEqual([name, sorted(set)]);
    }
    expect(sorted([...OPEN_STATUSES, ...NOT_OPEN_STATUSES])).toEqual(sorted(TICKET_STATUSES));
  });

  it("the partial indexes' statuses (frozen in their migrations) are the domain's sets the queries name", async () => {
    const notFinal = TICKET_STATUSES.filter((st) => !FINAL_STATUSES.includes(st));
    const indexed: Record<string, readonly TicketStatus[]> = {
      tickets_open_department_idx: OPEN_STATUSES,
      tickets_open_assignee_idx: OPEN_STATUSES,
      tickets_open_status_district_idx: OPEN_STATUSES,
      tickets_overdue_idx: OPEN_STATUSES,
      tickets_sla_first_response_idx: notFinal,
      tickets_sla_resolution_idx: notFinal,
      tickets_sla_first_warning_idx: notFinal,
      tickets_sla_resolution_warning_idx: notFinal,
      tickets_sla_policy_open_idx: notFinal,
    };
    const defs = (await app.dataSource.query(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'tickets' AND indexdef ~ 'WHERE.*\\mstatus\\M'`,
    )) as Array<{ name: string; def: string }>;
    const admitted = Object.fromEntries(
      defs.map(({ name, def }) => {
        const [, op, list] = /\(status (= ANY|<> ALL) \(ARRAY\[([^\]]*)\]\)\)/.exec(def) ?? [];
        const listed = [...(list ?? '').matchAll(/'([a-z_]+)'/g)].map((m) => m[1] as TicketStatus);
        return [name, sorted(op === '= ANY' ? listed : TICKET_STATUSES.filter((st) => !listed.includes(st)))];
      }),
    );
    expect(admitted).toEqual(Object.fromEntries(Object.entries(indexed).map(([name, set]) => [name, sorted(set)])));
  });
});
