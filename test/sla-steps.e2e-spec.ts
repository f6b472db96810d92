import { TicketEntity, slaStepSql } from '../libs/database/src/index.js';
import {
  SLA_STEP_RULES,
  TICKET_STATUSES,
  clockRunningConditions,
  stepPending,
  stepPendingConditions,
  type EngineStep,
  type TicketCondition,
  type TicketStatus,
} from '../libs/domain/src/index.js';
import { TestApp } from './support/test-app.js';

const STEPS = Object.keys(SLA_STEP_RULES) as EngineStep[];
const flat = (conditions: readonly TicketCondition[]): TicketCondition[] => conditions.flatMap((c) => ('anyOf' in c ? c.anyOf.flatMap(flat) : [c]));
const CONDITIONS = STEPS.flatMap((step) => flat([...clockRunningConditions(SLA_STEP_RULES[step].family), ...stepPendingConditions(step)]));
/** Every instant some step's rule reads: each is set or not on the tickets, in every combination. */
const INSTANTS = [...new Set(CONDITIONS.flatMap((c) => ('set' in c ? [c.field] : [])))];
/** The rules read a status only through sets of them: one status of each kind stands for the others. */
const kindOf = (st: TicketStatus) => CONDITIONS.flatMap((c) => ('notIn' in c ? [c.notIn.includes(st)] : [])).join();
const STATUSES = TICKET_STATUSES.filter((st, i) => TICKET_STATUSES.findIndex((other) => kindOf(other) === kindOf(st)) === i);
/** Every level the column admits. */
const LEVELS = [0, 1, 2];
/** The steps and the partial index that serves each one's sweep (named in the SLA migrations). */
const STEP_INDEX: Record<EngineStep, string> = {
  'first_response.warning': 'tickets_sla_first_warning_idx',
  'resolution.warning': 'tickets_sla_resolution_warning_idx',
  'first_response.breach': 'tickets_sla_first_response_idx',
  'resolution.breach': 'tickets_sla_resolution_idx',
  level_two: 'tickets_sla_level_two_idx',
  'formal_appeal.warning': 'tickets_formal_appeal_warning_idx',
  'formal_appeal.overdue': 'tickets_formal_appeal_due_idx',
  'formal_appeal.level_two': 'tickets_formal_appeal_level_two_idx',
};

/**
 * The SLA steps' rules are defined once in libs/domain (`SLA_STEP_RULES`) and written as SQL by
 * libs/database (`slaStepSql`, what `SlaRepository` takes the steps with). On a ticket of every
 * combination of what the rules read (each instant set or not, every escalation level, a status of
 * each kind), each step's SQL selects exactly the tickets the domain says it is pending on.
 */
describe('SLA step rules: SQL and domain agree', () => {
  let app: TestApp;
  let tickets: TicketEntity[];

  beforeAll(async () => {
    app = await TestApp.start();
    const combos = STATUSES.flatMap((status) =>
      LEVELS.flatMap((level) => Array.from({ length: 2 ** INSTANTS.length }, (_, mask) => ({ status, level, mask }))),
    );
    const meta = app.dataSource.getMetadata(TicketEntity);
    const column = (property: string) => meta.findColumnWithPropertyName(property)!.databaseName;
    const registered = INSTANTS.indexOf('formalAppealRegisteredAt');
    const instant = (i: number) => `CASE WHEN c.mask & ${2 ** i} <> 0 THEN now() - interval '1 hour' END`;
    // A registered appeal has its number and its due instant (a constraint of the table).
    await app.dataSource.query(
      `INSERT INTO tickets (reference, channel, author_name, text, received_at, status, escalation_level, ${INSTANTS.map(column).join(', ')}, formal_appeal_number, formal_appeal_due_at)
       SELECT 'STEP-' || c.n, 'manual', 'Тұрғын', 'Жол жөнделмеген', now() - interval '1 day', c.status, c.level, ${INSTANTS.map((_, i) => instant(i)).join(', ')},
              CASE WHEN c.mask & ${2 ** registered} <> 0 THEN 'FA-' || c.n END, ${instant(registered)}
         FROM unnest($1::text[], $2::int[], $3::int[]) WITH ORDINALITY AS c(status, level, mask, n)`,
      [combos.map((c) => c.status), combos.map((c) => c.level), combos.map((c) => c.mask)],
    );
    await app.dataSource.query('ANALYZE tickets');
    tickets = await app.dataSource.getRepository(TicketEntity).createQueryBuilder('t').where(`t.reference LIKE 'STEP-%'`).getMany();
    expect(tickets).toHaveLength(combos.length);
  });
  afterAll(() => app.close());

  it('each step selects in SQL exactly the tickets the domain says it is pending on', async () => {
    for (const step of STEPS) {
      const { running, pending } = slaStepSql(step);
      const got = new Set(
        ((await app.dataSource.query(`SELECT t.id FROM tickets t WHERE t.reference LIKE 'STEP-%' AND ${running} AND ${pending}`)) as Array<{ id: string }>).map(
          (r) => r.id,
        ),
      );
      const expected = new Set(tickets.filter((t) => stepPending(step, t)).map((t) => t.id));
      const disagree = tickets.filter((t) => got.has(t.id) !== expected.has(t.id)).slice(0, 3);
      expect([step, disagree]).toEqual([step, []]);
      // Each rule is put to the test: some tickets owe the step, some do not.
      expect([step, expected.size > 0, expected.size < tickets.length]).toEqual([step, true, true]);
    }
  });

  it("each step's sweep is served by its partial index", async () => {
    const runner = app.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('SET LOCAL enable_seqscan = off');
      for (const step of STEPS) {
        const { running, pending, dueColumn } = slaStepSql(step);
        const plan = (await runner.query(
          `EXPLAIN SELECT t.id FROM tickets t WHERE ${running} AND ${pending} AND t.${dueColumn} <= now() ORDER BY t.${dueColumn} LIMIT 500 FOR UPDATE SKIP LOCKED`,
        )) as Array<{ 'QUERY PLAN': string }>;
        expect([step, plan.some((row) => row['QUERY PLAN'].includes(STEP_INDEX[step]))]).toEqual([step, true]);
      }
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
