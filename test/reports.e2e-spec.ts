import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import type { FindOptionsWhere } from 'typeorm';
import { PageEntity, TicketEntity, TicketEventEntity } from '../libs/database/src/index.js';
import { Reports1764090000000 } from '../libs/database/src/migrations/1764090000000-reports.js';
import {
  BusinessCalendar,
  DEFAULT_WORKING_HOURS,
  SLA_FIGURE_KEYS,
  VERDICT_FIGURE_KEYS,
  monthOf,
  monthPeriod,
  formatReportInstant,
  type TicketStatus,
} from '../libs/domain/src/index.js';
import { bearer, buildScenario, type Scenario } from './support/scenario.js';
import { TestApp, eventually } from './support/test-app.js';

type UserKey = keyof Scenario['users'];

/** Almaty local time (UTC+5) as written in the data set below. */
const at = (local: string) => new Date(`${local}+05:00`);
const local = (local: string) => formatReportInstant(at(local));

/**
 * The known data set: March 2026 (the reported month) and February 2026 (the month before), on a
 * calendar of 09:00–18:00 Monday to Friday in Almaty, where Sunday 8 March (Women's Day) gives
 * Monday 9 March off. Business seconds are worked out by hand in the comments (and checked against
 * the calendar in the first test); due instants are those of a PT4H / P2D policy on that calendar.
 */
interface Planned {
  ref: string;
  district: 'merki' | 'zhualy' | null;
  department: 'land' | 'roads' | null;
  assignee: UserKey | null;
  category: 'land' | 'roads' | null;
  page: 'A' | 'B' | 'C' | null;
  status: TicketStatus;
  receivedAt: string;
  firstResponseAt?: string;
  businessSeconds?: number;
  resolvedAt?: string;
  closedAt?: string;
  /** Breached clocks: due instant and who held the ticket then. */
  firstResponseBreach?: { dueAt: string; assignee: UserKey | null };
  resolutionBreach?: { dueAt: string; assignee: UserKey | null };
  escalationLevel?: number;
  /** When a ticket was rejected or merged, from its timeline. */
  stoppedAt?: string;
  parent?: string;
  /** The resident's verdict as it stands now (issue 16); not asked when absent. */
  verdict?: 'confirmed' | 'disputed' | 'asked';
}

const MARCH: Planned[] = [
  // Answered in 30 minutes of working time; resolved, then closed.
  {
    ref: 'T1',
    district: 'merki',
    department: 'land',
    assignee: 'staffLand1',
    category: 'land',
    page: 'A',
    status: 'closed',
    receivedAt: '2026-03-02T10:00:00',
    firstResponseAt: '2026-03-02T10:30:00',
    businessSeconds: 1800,
    resolvedAt: '2026-03-03T12:00:00',
    closedAt: '2026-03-04T09:00:00',
    verdict: 'confirmed',
  },
  // Friday 17:00 to Tuesday 10:00: 89 h on the wall, 1 h + 1 h of work (Monday 9 March is a holiday). Resolved a day late.
  {
    ref: 'T2',
    district: 'merki',
    department: 'land',
    assignee: 'staffLand1',
    category: 'land',
    page: 'A',
    status: 'resolved',
    receivedAt: '2026-03-06T17:00:00',
    firstResponseAt: '2026-03-10T10:00:00',
    businessSeconds: 7200,
    resolvedAt: '2026-03-12T10:00:00',
    resolutionBreach: { dueAt: '2026-03-11T17:00:00', assignee: 'staffLand1' },
    escalationLevel: 1,
  },
  // Never answered, still open: both clocks breached, level 2.
  {
    ref: 'T3',
    district: 'zhualy',
    department: 'roads',
    assignee: 'staffRoads',
    category: 'roads',
    page: 'B',
    status: 'in_progress',
    receivedAt: '2026-03-04T09:00:00',
    firstResponseBreach: { dueAt: '2026-03-04T13:00:00', assignee: 'staffRoads' },
    resolutionBreach: { dueAt: '2026-03-06T09:00:00', assignee: 'staffRoads' },
    escalationLevel: 2,
  },
  // Written at 20:00, answered 09:30 the next morning: 13.5 h on the wall, 30 min of work. Resolved, disputed by the resident and so reopened, breached.
  {
    ref: 'T4',
    district: 'merki',
    department: 'roads',
    assignee: 'staffRoads',
    category: 'roads',
    page: 'C',
    status: 'reopened',
    receivedAt: '2026-03-05T20:00:00',
    firstResponseAt: '2026-03-06T09:30:00',
    businessSeconds: 1800,
    resolutionBreach: { dueAt: '2026-03-11T13:00:00', assignee: 'staffRoads' },
    escalationLevel: 1,
    verdict: 'disputed',
  },
  // Answered, then rejected as not an appeal: counted apart.
  {
    ref: 'T5',
    district: 'zhualy',
    department: 'land',
    assignee: 'staffLand2',
    category: 'land',
    page: 'B',
    status: 'rejected',
    receivedAt: '2026-03-10T11:00:00',
    firstResponseAt: '2026-03-10T11:20:00',
    businessSeconds: 1200,
    stoppedAt: '2026-03-10T12:00:00',
  },
  // A duplicate of T1: counted apart.
  {
    ref: 'T6',
    district: 'merki',
    department: null,
    assignee: null,
    category: null,
    page: 'A',
    status: 'merged',
    receivedAt: '2026-03-11T12:00:00',
    parent: 'T1',
    stoppedAt: '2026-03-11T13:00:00',
  },
  // A private message (district unknown) at 08:00, answered 09:10: 70 min on the wall, 10 min of work. Resolved; the resident is asked and has not said yet.
  {
    ref: 'T7',
    district: null,
    department: 'land',
    assignee: 'staffLand2',
    category: 'land',
    page: null,
    status: 'resolved',
    receivedAt: '2026-03-12T08:00:00',
    firstResponseAt: '2026-03-12T09:10:00',
    businessSeconds: 600,
    resolvedAt: '2026-03-12T16:00:00',
    verdict: 'asked',
  },
  // Friday 16:00 to Monday 11:30: 67.5 h on the wall, 2 h + 2.5 h of work; due Monday 11:00, so 30 min late. Staff held it then; the head has it now.
  {
    ref: 'T8',
    district: 'zhualy',
    department: 'land',
    assignee: 'headLand',
    category: 'land',
    page: null,
    status: 'in_progress',
    receivedAt: '2026-03-13T16:00:00',
    firstResponseAt: '2026-03-16T11:30:00',
    businessSeconds: 16200,
    firstResponseBreach: { dueAt: '2026-03-16T11:00:00', assignee: 'staffLand2' },
    escalationLevel: 1,
  },
  // Closed from awaiting_resident without a resolution date: closed counts as resolved. Confirmed by the resident.
  {
    ref: 'T9',
    district: 'merki',
    department: 'land',
    assignee: 'staffLand1',
    category: 'land',
    page: 'C',
    status: 'closed',
    receivedAt: '2026-03-16T09:00:00',
    firstResponseAt: '2026-03-16T09:05:00',
    businessSeconds: 300,
    closedAt: '2026-03-18T10:00:00',
    verdict: 'confirmed',
  },
  // Last evening of the month, never answered or assigned.
  {
    ref: 'T10',
    district: 'zhualy',
    department: 'roads',
    assignee: null,
    category: 'roads',
    page: 'B',
    status: 'triaged',
    receivedAt: '2026-03-31T17:00:00',
    firstResponseBreach: { dueAt: '2026-04-01T12:00:00', assignee: null },
    resolutionBreach: { dueAt: '2026-04-02T17:00:00', assignee: null },
    escalationLevel: 2,
  },
  // Breached unanswered, rejected two hours later: the breach stays, lateness stops at the rejection.
  {
    ref: 'T11',
    district: 'merki',
    department: 'land',
    assignee: 'staffLand1',
    category: 'land',
    page: 'A',
    status: 'rejected',
    receivedAt: '2026-03-17T10:00:00',
    firstResponseBreach: { dueAt: '2026-03-17T14:00:00', assignee: 'staffLand1' },
    escalationLevel: 1,
    stoppedAt: '2026-03-17T16:00:00',
  },
];

const FEBRUARY: Planned[] = [
  // Confirmed: February's verdict, in no row of March.
  {
    ref: 'P1',
    district: 'merki',
    department: 'land',
    assignee: 'staffLand1',
    category: 'land',
    page: 'A',
    status: 'closed',
    receivedAt: '2026-02-02T10:00:00',
    firstResponseAt: '2026-02-02T11:00:00',
    businessSeconds: 3600,
    resolvedAt: '2026-02-03T10:00:00',
    closedAt: '2026-02-04T10:00:00',
    verdict: 'confirmed',
  },
  {
    ref: 'P2',
    district: 'merki',
    department: 'land',
    assignee: 'staffLand1',
    category: 'land',
    page: 'A',
    status: 'resolved',
    receivedAt: '2026-02-03T10:00:00',
    firstResponseAt: '2026-02-03T12:00:00',
    businessSeconds: 7200,
    resolvedAt: '2026-02-04T10:00:00',
  },
  {
    ref: 'P3',
    district: 'zhualy',
    department: 'roads',
    assignee: 'staffRoads',
    category: 'roads',
    page: 'B',
    status: 'in_progress',
    receivedAt: '2026-02-04T10:00:00',
    firstResponseBreach: { dueAt: '2026-02-04T14:00:00', assignee: 'staffRoads' },
    resolutionBreach: { dueAt: '2026-02-06T10:00:00', assignee: 'staffRoads' },
    escalationLevel: 2,
  },
  // The last millisecond of February: February's, though it breached in March.
  {
    ref: 'P4',
    district: 'zhualy',
    department: null,
    assignee: null,
    category: null,
    page: null,
    status: 'new',
    receivedAt: '2026-02-28T23:59:59.999',
    firstResponseBreach: { dueAt: '2026-03-02T13:00:00', assignee: null },
    escalationLevel: 1,
  },
];

// The first instant of April: in no report of March.
const APRIL: Planned[] = [
  { ref: 'X1', district: 'merki', department: 'land', assignee: 'staffLand1', category: 'land', page: 'A', status: 'new', receivedAt: '2026-04-01T00:00:00' },
];

/**
 * Expected figures, worked out by hand from the data set: received, rejected, merged, responded,
 * first-response median and p90 in business seconds, then wall-clock seconds (nearest rank:
 * the ceil(p·n)-th smallest), resolved, resolution rate, first-response breaches, resolution
 * breaches, open backlog, the receipt of the oldest open ticket (its age is measured to generatedAt),
 * then the residents' verdicts: confirmed, disputed, and confirmed / (received − rejected − merged).
 */
type N = number | null;
type Figures = [number, number, number, number, N, N, N, N, number, N, number, number, number, string | null, number, number, N];

const F: Record<string, Figures> = {
  // March, everything: responded T1 T2 T4 T5 T7 T8 T9; business 300 600 1200 1800 1800 7200 16200, wall 300 1200 1800 4200 48600 243000 320400.
  total: [11, 2, 1, 7, 1800, 16200, 4200, 320400, 4, 0.5, 4, 4, 4, '2026-03-04T09:00:00', 2, 1, 0.25],
  zhualy: [4, 1, 0, 2, 1200, 16200, 1200, 243000, 0, 0, 3, 2, 3, '2026-03-04T09:00:00', 0, 0, 0],
  merki: [6, 1, 1, 4, 1800, 7200, 1800, 320400, 3, 0.75, 1, 2, 1, '2026-03-05T20:00:00', 2, 1, 0.5],
  unknownDistrict: [1, 0, 0, 1, 600, 600, 4200, 4200, 1, 1, 0, 0, 0, null, 0, 0, 0],
  roads: [3, 0, 0, 1, 1800, 1800, 48600, 48600, 0, 0, 2, 3, 3, '2026-03-04T09:00:00', 0, 1, 0],
  land: [7, 2, 0, 6, 1200, 16200, 1800, 320400, 4, 0.8, 2, 1, 1, '2026-03-13T16:00:00', 2, 0, 0.4],
  noDepartment: [1, 0, 1, 0, null, null, null, null, 0, null, 0, 0, 0, null, 0, 0, null],
  headLand: [1, 0, 0, 1, 16200, 16200, 243000, 243000, 0, 0, 1, 0, 1, '2026-03-13T16:00:00', 0, 0, 0],
  staffRoads: [2, 0, 0, 1, 1800, 1800, 48600, 48600, 0, 0, 1, 2, 2, '2026-03-04T09:00:00', 0, 1, 0],
  staffLand1: [4, 1, 0, 3, 1800, 7200, 1800, 320400, 3, 1, 1, 1, 0, null, 2, 0, 0.6667],
  staffLand2: [2, 1, 0, 2, 600, 1200, 1200, 4200, 1, 1, 0, 0, 0, null, 0, 0, 0],
  unassigned: [2, 0, 1, 0, null, null, null, null, 0, 0, 1, 1, 1, '2026-03-31T17:00:00', 0, 0, 0],
  // March as the Merki press secretary sees it (Merki and unknown district): business 300 600 1800 1800 7200, wall 300 1800 4200 48600 320400.
  pressMerkiTotal: [7, 1, 1, 5, 1800, 7200, 4200, 320400, 4, 0.8, 1, 2, 1, '2026-03-05T20:00:00', 2, 1, 0.4],
  // Land department tickets by district (the land head's view).
  landMerki: [4, 1, 0, 3, 1800, 7200, 1800, 320400, 3, 1, 1, 1, 0, null, 2, 0, 0.6667],
  landZhualy: [2, 1, 0, 2, 1200, 16200, 1200, 243000, 0, 0, 1, 0, 1, '2026-03-13T16:00:00', 0, 0, 0],
  // February.
  febTotal: [4, 0, 0, 2, 3600, 7200, 3600, 7200, 2, 0.5, 2, 1, 2, '2026-02-04T10:00:00', 1, 0, 0.25],
  febMerki: [2, 0, 0, 2, 3600, 7200, 3600, 7200, 2, 1, 0, 0, 0, null, 1, 0, 0.5],
  febZhualy: [2, 0, 0, 0, null, null, null, null, 0, 0, 2, 1, 2, '2026-02-04T10:00:00', 0, 0, 0],
  febRoads: [1, 0, 0, 0, null, null, null, null, 0, 0, 1, 1, 1, '2026-02-04T10:00:00', 0, 0, 0],
  febNoDepartment: [1, 0, 0, 0, null, null, null, null, 0, 0, 1, 0, 1, '2026-02-28T23:59:59.999', 0, 0, 0],
  none: [0, 0, 0, 0, null, null, null, null, 0, null, 0, 0, 0, null, 0, 0, null],
};

// The contract's figures, in the order of every report's columns.
const KEYS = SLA_FIGURE_KEYS;

const ALL = [...FEBRUARY, ...MARCH, ...APRIL];
/** References follow the order of insertion (February first). */
const reference = (ref: string) => `ZHM-2026-${String(ALL.findIndex((p) => p.ref === ref) + 1).padStart(6, '0')}`;
const ageAt = (asOf: Date, receivedLocal: string) => Math.round((asOf.getTime() - at(receivedLocal).getTime()) / 1000);
const values = (f: Figures, asOf: Date): N[] => [...f.slice(0, 13), f[13] === null ? null : ageAt(asOf, f[13])] as N[];
const figures = (f: Figures, asOf: Date) => Object.fromEntries(KEYS.map((k, i) => [k, values(f, asOf)[i]]));
const change = (cur: Figures, prev: Figures, asOf: Date) => {
  const [a, b] = [values(cur, asOf), values(prev, asOf)];
  return Object.fromEntries(KEYS.map((k, i) => [k, a[i] === null || b[i] === null ? null : Math.round((a[i]! - b[i]!) * 10_000) / 10_000]));
};
const csvValues = (vals: N[]) => vals.map((v) => (v === null ? '' : String(v)));
const verdictValues = (f: Figures): N[] => f.slice(14) as N[];
const verdicts = (f: Figures) => Object.fromEntries(VERDICT_FIGURE_KEYS.map((k, i) => [k, verdictValues(f)[i]]));
/** A row of the SLA report: its figures and its residents' verdicts. */
const slaRow = (f: Figures, asOf: Date) => ({ ...figures(f, asOf), ...verdicts(f) });

/** The body as bytes, to see the BOM that a text decoder would hide. */
const bytes = (res: Response) => res.body as Buffer;
const binary = (res: unknown, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('reports', () => {
  let app: TestApp;
  let s: Scenario;
  const ids: Record<string, string> = {};
  const pages: Record<'A' | 'B' | 'C', PageEntity> = {} as Record<'A' | 'B' | 'C', PageEntity>;
  const calendar = new BusinessCalendar({ timeZone: 'Asia/Almaty', workingHours: DEFAULT_WORKING_HOURS, holidays: [], exceptions: [] });

  const get = (path: string, who: UserKey = 'governor', accept = 'application/json') =>
    app.http().get(`/api/v1/reports/${path}`).set(bearer(s.tokens[who])).set('Accept', accept);
  const csv = async (path: string, who: UserKey = 'governor') => {
    const res = await get(path, who, 'text/csv').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...bytes(res).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes(res).subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    return { lines: text.split('\r\n'), disposition: res.headers['content-disposition'] as string };
  };

  beforeAll(async () => {
    app = await TestApp.start();
    s = await buildScenario(app);
    const cal = await app
      .http()
      .post('/api/v1/calendars')
      .set(bearer(s.tokens.admin))
      .send({ name: 'Kazakhstan 5-day', timeZone: 'Asia/Almaty', workingHours: DEFAULT_WORKING_HOURS })
      .expect(201);
    const policy = await app
      .http()
      .post('/api/v1/sla-policies')
      .set(bearer(s.tokens.admin))
      .send({ name: 'Business hours (test)', firstResponse: 'PT4H', resolution: 'P2D', calendarId: cal.body.id, channel: 'facebook' })
      .expect(201);

    const pageRepo = app.dataSource.getRepository(PageEntity);
    pages.A = await pageRepo.save({ channel: 'facebook', externalId: 'fb-merki', districtId: s.districts.merki.id, title: 'Меркі ауданының әкімдігі' });
    pages.B = await pageRepo.save({ channel: 'facebook', externalId: 'fb-zhualy', districtId: s.districts.zhualy.id, title: 'Жуалы ауданы әкімдігі, "ресми"' });
    pages.C = await pageRepo.save({ channel: 'instagram', externalId: 'ig-merki', districtId: s.districts.merki.id, title: 'Меркі әкімдігі Instagram' });

    const tickets = app.dataSource.getRepository(TicketEntity);
    const events = app.dataSource.getRepository(TicketEventEntity);
    const user = (key: UserKey | null) => (key ? s.users[key].id : null);
    for (const p of ALL) {
      const row = await tickets.save({
        reference: reference(p.ref),
        channel: p.page ? pages[p.page].channel : p.ref === 'T7' ? 'telegram' : 'manual',
        pageId: p.page ? pages[p.page].id : null,
        districtId: p.district ? s.districts[p.district].id : null,
        departmentId: p.department ? s.departments[p.department].id : null,
        categoryCode: p.category,
        assigneeId: user(p.assignee),
        status: p.status,
        authorName: 'Тұрғын',
        text: `Өтініш ${p.ref}`,
        receivedAt: at(p.receivedAt),
        createdAt: at(p.receivedAt),
        firstResponseAt: p.firstResponseAt ? at(p.firstResponseAt) : null,
        firstResponseBusinessSeconds: p.businessSeconds ?? null,
        resolvedAt: p.resolvedAt ? at(p.resolvedAt) : null,
        closedAt: p.closedAt ? at(p.closedAt) : null,
        parentTicketId: p.parent ? ids[p.parent] : null,
        slaPolicyId: policy.body.id,
        firstResponseBreachedAt: p.firstResponseBreach ? at(p.firstResponseBreach.dueAt) : null,
        resolutionBreachedAt: p.resolutionBreach ? at(p.resolutionBreach.dueAt) : null,
        escalationLevel: p.escalationLevel ?? 0,
        slaState: p.firstResponseBreach || p.resolutionBreach ? 'breached' : 'ok',
        residentConfirmationState: p.verdict ?? 'not_asked',
      });
      ids[p.ref] = row.id;
      const breaches = (['first_response', 'resolution'] as const).flatMap((clock) => {
        const b = clock === 'first_response' ? p.firstResponseBreach : p.resolutionBreach;
        return b ? [{ clock, ...b }] : [];
      });
      const timeline = [
        ...breaches.map((b) => ({
          ticketId: row.id,
          type: 'sla.breached' as const,
          payload: { step: `${b.clock}.breach`, clock: b.clock, dueAt: at(b.dueAt).toISOString(), assigneeId: user(b.assignee), escalationLevel: 1 },
          createdAt: at(b.dueAt),
        })),
        ...(p.stoppedAt
          ? [
              {
                ticketId: row.id,
                type: 'ticket.status_changed' as const,
                fromStatus: 'new' as const,
                toStatus: p.status,
                payload: {},
                createdAt: at(p.stoppedAt),
              },
            ]
          : []),
      ];
      if (timeline.length) await events.save(timeline);
    }
  });
  afterAll(() => app.close());

  it('reports the contract’s figures, in the order the expectations below are written', () => {
    // prettier-ignore
    expect(KEYS).toEqual(['received', 'rejected', 'merged', 'responded', 'firstResponseMedianSeconds', 'firstResponseP90Seconds', 'firstResponseMedianWallClockSeconds', 'firstResponseP90WallClockSeconds', 'resolved', 'resolutionRate', 'firstResponseBreaches', 'resolutionBreaches', 'openBacklog', 'oldestOpenAgeSeconds']);
    expect(VERDICT_FIGURE_KEYS).toEqual(['confirmed', 'disputed', 'confirmedResolutionRate']);
  });

  it('uses business seconds that the calendar agrees with', () => {
    for (const p of [...MARCH, ...FEBRUARY].filter((p) => p.firstResponseAt)) {
      expect([p.ref, calendar.workingSecondsBetween(at(p.receivedAt), at(p.firstResponseAt!))]).toEqual([p.ref, p.businessSeconds]);
    }
  });

  describe('GET /reports/sla', () => {
    const period = 'from=2026-03-01&to=2026-04-01';

    it('gives every figure per district, with a total row, business and wall-clock times labelled, filters echoed', async () => {
      const res = await get(`sla?${period}&groupBy=district`).expect(200);
      const asOf = new Date(res.body.generatedAt);
      expect(Math.abs(asOf.getTime() - Date.now())).toBeLessThan(10_000);
      expect(res.body).toMatchObject({
        report: 'sla',
        timeZone: 'Asia/Almaty',
        scope: { kind: 'all' },
        filters: { from: '2026-03-01T00:00:00.000+05:00', to: '2026-04-01T00:00:00.000+05:00', groupBy: 'district' },
        clocks: {
          firstResponseMedianSeconds: expect.stringContaining('business time'),
          firstResponseP90Seconds: expect.stringContaining('business time'),
          firstResponseMedianWallClockSeconds: expect.stringContaining('wall-clock'),
          firstResponseP90WallClockSeconds: expect.stringContaining('wall-clock'),
        },
      });
      const { zhualy, merki } = s.districts;
      expect(res.body.rows).toEqual([
        { groupId: zhualy.id, groupCode: 'zhualy', groupNameKk: 'Жуалы ауданы', groupNameRu: 'Жуалынский район', ...slaRow(F.zhualy!, asOf) },
        { groupId: merki.id, groupCode: 'merki', groupNameKk: 'Меркі ауданы', groupNameRu: 'Меркенский район', ...slaRow(F.merki!, asOf) },
        { groupId: null, groupCode: null, groupNameKk: 'Ауданы анықталмаған', groupNameRu: 'Район не определён', ...slaRow(F.unknownDistrict!, asOf) },
      ]);
      expect(res.body.total).toEqual({ groupId: null, groupCode: null, groupNameKk: 'Барлығы', groupNameRu: 'Итого', ...slaRow(F.total!, asOf) });
      // The rows' verdicts are those of the resolutionOutcomes section, row by row.
      const verdictsOf = (r: Record<string, unknown>) => [r.groupId, ...VERDICT_FIGURE_KEYS.map((k) => r[k])];
      expect(res.body.resolutionOutcomes.rows.map(verdictsOf)).toEqual(res.body.rows.map(verdictsOf));
      expect(verdictsOf(res.body.resolutionOutcomes.total)).toEqual(verdictsOf(res.body.total));
    });

    it('groups by department, assignee (now) and category', async () => {
      const { land, roads } = s.departments;
      const dep = await get(`sla?${period}&groupBy=department`).expect(200);
      const asOf = new Date(dep.body.generatedAt);
      expect(dep.body.rows).toEqual([
        { groupId: roads.id, groupCode: 'roads', groupNameKk: 'Жолдар басқармасы', groupNameRu: 'Управление дорог', ...slaRow(F.roads!, asOf) },
        {
          groupId: land.id,
          groupCode: 'land',
          groupNameKk: 'Жер қатынастары басқармасы',
          groupNameRu: 'Управление земельных отношений',
          ...slaRow(F.land!, asOf),
        },
        { groupId: null, groupCode: null, groupNameKk: 'Басқармасы анықталмаған', groupNameRu: 'Управление не определено', ...slaRow(F.noDepartment!, asOf) },
      ]);
      expect(dep.body.total).toMatchObject(slaRow(F.total!, asOf));

      const by = await get(`sla?${period}&groupBy=assignee`).expect(200);
      const asOf2 = new Date(by.body.generatedAt);
      const person = (key: UserKey, f: Figures) => ({
        groupId: s.users[key].id,
        groupCode: s.users[key].email,
        groupNameKk: s.users[key].fullName,
        groupNameRu: s.users[key].fullName,
        ...slaRow(f, asOf2),
      });
      expect(by.body.rows).toEqual([
        person('headLand', F.headLand!),
        person('staffRoads', F.staffRoads!),
        person('staffLand1', F.staffLand1!),
        person('staffLand2', F.staffLand2!),
        { groupId: null, groupCode: null, groupNameKk: 'Орындаушы тағайындалмаған', groupNameRu: 'Исполнитель не назначен', ...slaRow(F.unassigned!, asOf2) },
      ]);

      const cat = await get(`sla?${period}&groupBy=category`).expect(200);
      const asOf3 = new Date(cat.body.generatedAt);
      expect(cat.body.rows).toEqual([
        { groupId: 'roads', groupCode: 'roads', groupNameKk: 'Жол', groupNameRu: 'Дороги', ...slaRow(F.roads!, asOf3) },
        { groupId: 'land', groupCode: 'land', groupNameKk: 'Жер', groupNameRu: 'Земля', ...slaRow(F.land!, asOf3) },
        { groupId: null, groupCode: null, groupNameKk: 'Санаты анықталмаған', groupNameRu: 'Категория не определена', ...slaRow(F.noDepartment!, asOf3) },
      ]);
    });

    it('reads instants as well as dates, and the period is [from, to)', async () => {
      // The same month written as UTC instants.
      const res = await get(`sla?from=2026-02-28T19:00:00Z&to=2026-03-31T19:00:00Z`).expect(200);
      expect(res.body.total).toMatchObject(slaRow(F.total!, new Date(res.body.generatedAt)));
      // February includes its last millisecond; April's first instant belongs to April only.
      const feb = await get('sla?from=2026-02-01&to=2026-03-01').expect(200);
      expect(feb.body.total).toEqual(expect.objectContaining(slaRow(F.febTotal!, new Date(feb.body.generatedAt))));
      const april = await get(`sla?from=${encodeURIComponent('2026-04-01T00:00:00+05:00')}&to=${encodeURIComponent('2026-04-01T00:00:00.001+05:00')}`).expect(
        200,
      );
      expect(april.body.total.received).toBe(1);
      // A '+' left unencoded arrives as a space and still reads as the offset.
      const unencoded = await get('sla?from=2026-03-31T23:59:59+05:00&to=2026-04-01T00:00:00+05:00').expect(200);
      expect(unencoded.body.filters).toMatchObject({ from: '2026-03-31T23:59:59.000+05:00', to: '2026-04-01T00:00:00.000+05:00' });
      expect(unencoded.body.total.received).toBe(0);
    });

    it('defaults to the current month in Almaty and to grouping by district', async () => {
      const res = await get('sla').expect(200);
      const month = monthPeriod(monthOf(new Date()));
      expect(res.body.filters).toEqual({ from: formatReportInstant(month.from), to: formatReportInstant(month.to), groupBy: 'district' });
      expect(res.body.rows).toEqual([]);
      expect(res.body.total).toMatchObject({ received: 0, responded: 0, firstResponseMedianSeconds: null, resolutionRate: null, oldestOpenAgeSeconds: null });
    });

    it('is the same table as CSV, UTF-8 with a BOM, filters first', async () => {
      const { lines, disposition } = await csv(`sla?${period}&groupBy=district`);
      expect(disposition).toBe('attachment; filename="tynda-sla-district-2026-03-01-2026-04-01.csv"');
      const generatedAt = lines[6]!.split(',')[1]!;
      const asOf = new Date(generatedAt);
      const { zhualy, merki } = s.districts;
      expect(lines).toEqual([
        'report,sla',
        'from,2026-03-01T00:00:00.000+05:00',
        'to,2026-04-01T00:00:00.000+05:00',
        'groupBy,district',
        'timeZone,Asia/Almaty',
        'scope,all',
        `generatedAt,${generatedAt}`,
        `firstResponseMedianSeconds is,"business time on the ticket's SLA calendar, nearest-rank median"`,
        `firstResponseP90Seconds is,"business time on the ticket's SLA calendar, nearest-rank 90th percentile"`,
        'firstResponseMedianWallClockSeconds is,"wall-clock time, nearest-rank median"',
        'firstResponseP90WallClockSeconds is,"wall-clock time, nearest-rank 90th percentile"',
        'oldestOpenAgeSeconds is,wall-clock time from receipt to generatedAt',
        '',
        ['groupId', 'groupCode', 'groupNameKk', 'groupNameRu', ...KEYS, ...VERDICT_FIGURE_KEYS].join(','),
        [zhualy.id, 'zhualy', 'Жуалы ауданы', 'Жуалынский район', ...csvValues([...values(F.zhualy!, asOf), ...verdictValues(F.zhualy!)])].join(','),
        [merki.id, 'merki', 'Меркі ауданы', 'Меркенский район', ...csvValues([...values(F.merki!, asOf), ...verdictValues(F.merki!)])].join(','),
        ['', '', 'Ауданы анықталмаған', 'Район не определён', ...csvValues([...values(F.unknownDistrict!, asOf), ...verdictValues(F.unknownDistrict!)])].join(
          ',',
        ),
        ['', '', 'Барлығы', 'Итого', ...csvValues([...values(F.total!, asOf), ...verdictValues(F.total!)])].join(','),
        '',
      ]);
    });
  });

  describe('GET /reports/breaches', () => {
    const period = 'from=2026-03-01&to=2026-04-01';
    type Breach = [
      ref: string,
      clock: string,
      district: 'merki' | 'zhualy',
      department: 'land' | 'roads',
      assignee: UserKey | null,
      dueAt: string,
      stoppedAt: string | null,
      status: TicketStatus,
      level: number,
    ];
    const BREACHES: Breach[] = [
      ['T3', 'first_response', 'zhualy', 'roads', 'staffRoads', '2026-03-04T13:00:00', null, 'in_progress', 2],
      ['T3', 'resolution', 'zhualy', 'roads', 'staffRoads', '2026-03-06T09:00:00', null, 'in_progress', 2],
      ['T4', 'resolution', 'merki', 'roads', 'staffRoads', '2026-03-11T13:00:00', null, 'reopened', 1],
      ['T2', 'resolution', 'merki', 'land', 'staffLand1', '2026-03-11T17:00:00', '2026-03-12T10:00:00', 'resolved', 1],
      ['T8', 'first_response', 'zhualy', 'land', 'staffLand2', '2026-03-16T11:00:00', '2026-03-16T11:30:00', 'in_progress', 1],
      ['T11', 'first_response', 'merki', 'land', 'staffLand1', '2026-03-17T14:00:00', '2026-03-17T16:00:00', 'rejected', 1],
      ['T10', 'first_response', 'zhualy', 'roads', null, '2026-04-01T12:00:00', null, 'triaged', 2],
      ['T10', 'resolution', 'zhualy', 'roads', null, '2026-04-02T17:00:00', null, 'triaged', 2],
    ];
    const expected = (b: Breach, asOf: Date) => {
      const [ref, clock, district, department, assignee, dueAt, stoppedAt, status, level] = b;
      const d = s.districts[district];
      const dep = s.departments[department];
      return {
        ticketId: ids[ref],
        reference: reference(ref),
        clock,
        districtId: d.id,
        districtNameKk: d.nameKk,
        districtNameRu: d.nameRu,
        departmentId: dep.id,
        departmentNameKk: dep.nameKk,
        departmentNameRu: dep.nameRu,
        assigneeAtBreachId: assignee ? s.users[assignee].id : null,
        assigneeAtBreachName: assignee ? s.users[assignee].fullName : null,
        dueAt: local(dueAt),
        stoppedAt: stoppedAt ? local(stoppedAt) : null,
        lateSeconds: Math.round(((stoppedAt ? at(stoppedAt) : asOf).getTime() - at(dueAt).getTime()) / 1000),
        status,
        escalationLevel: level,
      };
    };
    const refsOf = (items: Array<{ reference: string; clock: string }>) => items.map((i) => `${i.reference} ${i.clock}`);
    const refs = (bs: Breach[]) => bs.map((b) => `${reference(b[0])} ${b[1]}`);

    it('lists each breached clock of the period with who held the ticket then, the due instant, how late, status and level', async () => {
      const res = await get(`breaches?${period}`).expect(200);
      const asOf = new Date(res.body.generatedAt);
      expect(res.body).toMatchObject({
        report: 'breaches',
        scope: { kind: 'all' },
        filters: { from: '2026-03-01T00:00:00.000+05:00', to: '2026-04-01T00:00:00.000+05:00', districtId: null, departmentId: null },
      });
      expect(res.body.items).toEqual(BREACHES.map((b) => expected(b, asOf)));
      // Spelled out for the finished ones: 17 h, 30 min and 2 h late.
      expect(res.body.items.filter((i: { stoppedAt: string | null }) => i.stoppedAt).map((i: { lateSeconds: number }) => i.lateSeconds)).toEqual([
        61200, 1800, 7200,
      ]);
    });

    it('filters by district and department within the reader’s scope', async () => {
      const { zhualy } = s.districts;
      const byDistrict = await get(`breaches?${period}&districtId=${zhualy.id}`).expect(200);
      expect(byDistrict.body.filters.districtId).toBe(zhualy.id);
      expect(refsOf(byDistrict.body.items)).toEqual(refs(BREACHES.filter((b) => b[2] === 'zhualy')));
      const byDepartment = await get(`breaches?${period}&departmentId=${s.departments.land.id}`).expect(200);
      expect(refsOf(byDepartment.body.items)).toEqual(refs(BREACHES.filter((b) => b[3] === 'land')));
      expect(refsOf((await get(`breaches?${period}`, 'pressMerki').expect(200)).body.items)).toEqual(refs(BREACHES.filter((b) => b[2] === 'merki')));
      expect(refsOf((await get(`breaches?${period}`, 'headRoads').expect(200)).body.items)).toEqual(refs(BREACHES.filter((b) => b[3] === 'roads')));
      // A filter never widens the scope.
      expect((await get(`breaches?${period}&districtId=${zhualy.id}`, 'pressMerki').expect(200)).body.items).toEqual([]);
      // February's ticket breached on 2 March: it is February's.
      expect(refsOf((await get('breaches?from=2026-02-01&to=2026-03-01').expect(200)).body.items)).toEqual([
        `${reference('P3')} first_response`,
        `${reference('P3')} resolution`,
        `${reference('P4')} first_response`,
      ]);
    });

    it('is the same list as CSV', async () => {
      const { lines, disposition } = await csv(`breaches?${period}&departmentId=${s.departments.land.id}`);
      expect(disposition).toBe('attachment; filename="tynda-breaches-2026-03-01-2026-04-01.csv"');
      expect(lines.slice(0, 7)).toEqual([
        'report,breaches',
        'from,2026-03-01T00:00:00.000+05:00',
        'to,2026-04-01T00:00:00.000+05:00',
        'districtId,',
        `departmentId,${s.departments.land.id}`,
        'timeZone,Asia/Almaty',
        'scope,all',
      ]);
      const asOf = new Date(lines[7]!.split(',')[1]!);
      const header = lines.indexOf(
        'reference,clock,districtNameKk,districtNameRu,departmentNameKk,departmentNameRu,assigneeAtBreachName,dueAt,stoppedAt,lateSeconds,status,escalationLevel,ticketId,districtId,departmentId,assigneeAtBreachId',
      );
      expect(header).toBeGreaterThan(7);
      const row = (b: Breach) => {
        const e = expected(b, asOf);
        return [
          e.reference,
          e.clock,
          e.districtNameKk,
          e.districtNameRu,
          e.departmentNameKk,
          e.departmentNameRu,
          e.assigneeAtBreachName,
          e.dueAt,
          e.stoppedAt,
          e.lateSeconds,
          e.status,
          e.escalationLevel,
          e.ticketId,
          e.districtId,
          e.departmentId,
          e.assigneeAtBreachId,
        ]
          .map((v) => (v === null ? '' : String(v)))
          .join(',');
      };
      expect(lines.slice(header + 1)).toEqual([...BREACHES.filter((b) => b[3] === 'land').map(row), '']);
    });
  });

  describe('GET /reports/monthly', () => {
    it('gives the scorecard per district and department with the change against February, the worst overdue and the silent pages', async () => {
      const res = await get('monthly?month=2026-03').expect(200);
      const asOf = new Date(res.body.generatedAt);
      // The residents' verdicts are the month's: February's confirmation (P1) is in no row.
      const row = (label: object, cur: Figures, prev: Figures) => ({
        ...label,
        current: figures(cur, asOf),
        previous: figures(prev, asOf),
        change: change(cur, prev, asOf),
        ...verdicts(cur),
      });
      const { zhualy, merki } = s.districts;
      const { land, roads } = s.departments;
      expect(res.body.filters).toEqual({
        month: '2026-03',
        from: '2026-03-01T00:00:00.000+05:00',
        to: '2026-04-01T00:00:00.000+05:00',
        previousMonth: '2026-02',
      });
      expect(res.body.districts).toEqual([
        row({ groupId: zhualy.id, groupCode: 'zhualy', groupNameKk: 'Жуалы ауданы', groupNameRu: 'Жуалынский район' }, F.zhualy!, F.febZhualy!),
        row({ groupId: merki.id, groupCode: 'merki', groupNameKk: 'Меркі ауданы', groupNameRu: 'Меркенский район' }, F.merki!, F.febMerki!),
        row({ groupId: null, groupCode: null, groupNameKk: 'Ауданы анықталмаған', groupNameRu: 'Район не определён' }, F.unknownDistrict!, F.none!),
      ]);
      expect(res.body.departments).toEqual([
        row({ groupId: roads.id, groupCode: 'roads', groupNameKk: 'Жолдар басқармасы', groupNameRu: 'Управление дорог' }, F.roads!, F.febRoads!),
        row(
          { groupId: land.id, groupCode: 'land', groupNameKk: 'Жер қатынастары басқармасы', groupNameRu: 'Управление земельных отношений' },
          F.land!,
          F.febMerki!,
        ),
        row(
          { groupId: null, groupCode: null, groupNameKk: 'Басқармасы анықталмаған', groupNameRu: 'Управление не определено' },
          F.noDepartment!,
          F.febNoDepartment!,
        ),
      ]);
      expect(res.body.total).toEqual(row({ groupId: null, groupCode: null, groupNameKk: 'Барлығы', groupNameRu: 'Итого' }, F.total!, F.febTotal!));
      // Spelled out once: 4 more tickets answered, the median 30 min faster in business time, the oldest open one 28 days younger.
      expect(res.body.total.change).toMatchObject({
        received: 7,
        responded: 5,
        firstResponseMedianSeconds: -1800,
        resolutionRate: 0,
        oldestOpenAgeSeconds: -(28 * 86400 - 3600),
      });
      // Still overdue, longest first, by the earlier unmet clock: T2 was resolved late, T8 answered late, T11 rejected.
      expect(res.body.worstOverdue).toEqual([
        expect.objectContaining({
          reference: reference('T3'),
          clock: 'first_response',
          dueAt: local('2026-03-04T13:00:00'),
          stoppedAt: null,
          lateSeconds: ageAt(asOf, '2026-03-04T13:00:00'),
          assigneeAtBreachId: s.users.staffRoads.id,
          status: 'in_progress',
          escalationLevel: 2,
        }),
        expect.objectContaining({
          reference: reference('T4'),
          clock: 'resolution',
          dueAt: local('2026-03-11T13:00:00'),
          lateSeconds: ageAt(asOf, '2026-03-11T13:00:00'),
          assigneeAtBreachId: s.users.staffRoads.id,
          status: 'reopened',
          escalationLevel: 1,
        }),
        expect.objectContaining({
          reference: reference('T10'),
          clock: 'first_response',
          dueAt: local('2026-04-01T12:00:00'),
          lateSeconds: ageAt(asOf, '2026-04-01T12:00:00'),
          assigneeAtBreachId: null,
          assigneeAtBreachName: null,
          status: 'triaged',
          escalationLevel: 2,
        }),
      ]);
      // Zhualy's page got two comments (a third was rejected) and answered none.
      expect(res.body.silentPages).toEqual([
        {
          pageId: pages.B.id,
          title: pages.B.title,
          channel: 'facebook',
          districtId: zhualy.id,
          districtNameKk: 'Жуалы ауданы',
          districtNameRu: 'Жуалынский район',
          comments: 2,
          firstCommentAt: local('2026-03-04T09:00:00'),
          lastCommentAt: local('2026-03-31T17:00:00'),
        },
      ]);
    });

    it('lists the districts a press secretary answers for even when empty, and only what they see', async () => {
      const res = await get('monthly?month=2026-03', 'pressMerki').expect(200);
      const asOf = new Date(res.body.generatedAt);
      expect(res.body.scope).toEqual({
        kind: 'districts',
        districts: [{ id: s.districts.merki.id, code: 'merki', nameKk: 'Меркі ауданы', nameRu: 'Меркенский район' }],
        includesUnknownDistrict: true,
      });
      expect(res.body.districts.map((d: { groupCode: string | null; current: object }) => [d.groupCode, d.current])).toEqual([
        ['merki', figures(F.merki!, asOf)],
        [null, figures(F.unknownDistrict!, asOf)],
      ]);
      expect(res.body.total.current).toEqual(figures(F.pressMerkiTotal!, asOf));
      expect(res.body.total.previous).toEqual(figures(F.febMerki!, asOf));
      expect(res.body.worstOverdue.map((b: { reference: string }) => b.reference)).toEqual([reference('T4')]);
      expect(res.body.silentPages).toEqual([]);

      // A month with nothing in it still lists Zhualy for its press secretary.
      const empty = await get('monthly?month=2025-06', 'pressZhualy').expect(200);
      expect(empty.body.districts).toEqual([
        expect.objectContaining({
          groupCode: 'zhualy',
          current: figures(F.none!, asOf),
          change: Object.fromEntries(KEYS.map((k) => [k, k === 'resolutionRate' || k.endsWith('Seconds') ? null : 0])),
        }),
      ]);
    });

    it('prints as CSV: each figure beside its change, then the worst overdue and the silent pages', async () => {
      const { lines, disposition } = await csv('monthly?month=2026-03');
      expect(disposition).toBe('attachment; filename="tynda-monthly-2026-03.csv"');
      expect(lines.slice(0, 5)).toEqual([
        'report,monthly',
        'month,2026-03',
        'from,2026-03-01T00:00:00.000+05:00',
        'to,2026-04-01T00:00:00.000+05:00',
        'previousMonth,2026-02',
      ]);
      const asOf = new Date(lines.find((l) => l.startsWith('generatedAt,'))!.split(',')[1]!);
      const scorecard = (label: string[], cur: Figures, prev: Figures) => {
        const [a, c] = [csvValues(values(cur, asOf)), Object.values(change(cur, prev, asOf)).map((v) => (v === null ? '' : String(v)))];
        return [...label, ...a.flatMap((v, i) => [v, c[i]!]), ...csvValues(verdictValues(cur))].join(',');
      };
      const { zhualy, merki } = s.districts;
      const { land, roads } = s.departments;
      const header = ['groupId', 'groupCode', 'groupNameKk', 'groupNameRu', ...KEYS.flatMap((k) => [k, `${k}Change`]), ...VERDICT_FIGURE_KEYS].join(',');
      // Each section: its title, the header, its rows, the total, a blank line.
      const section = (title: string, rows: string[]) => {
        const at = lines.indexOf(title);
        expect(lines.slice(at, at + rows.length + 4)).toEqual([title, header, ...rows, scorecard(['', '', 'Барлығы', 'Итого'], F.total!, F.febTotal!), '']);
      };
      section('Districts — Аудандар — Районы', [
        scorecard([zhualy.id, 'zhualy', 'Жуалы ауданы', 'Жуалынский район'], F.zhualy!, F.febZhualy!),
        scorecard([merki.id, 'merki', 'Меркі ауданы', 'Меркенский район'], F.merki!, F.febMerki!),
        scorecard(['', '', 'Ауданы анықталмаған', 'Район не определён'], F.unknownDistrict!, F.none!),
      ]);
      section('Departments — Басқармалар — Управления', [
        scorecard([roads.id, 'roads', 'Жолдар басқармасы', 'Управление дорог'], F.roads!, F.febRoads!),
        scorecard([land.id, 'land', 'Жер қатынастары басқармасы', 'Управление земельных отношений'], F.land!, F.febMerki!),
        scorecard(['', '', 'Басқармасы анықталмаған', 'Управление не определено'], F.noDepartment!, F.febNoDepartment!),
      ]);
      const worst = lines.indexOf('Worst overdue — Ең кешіккен өтініштер — Самые просроченные обращения');
      expect(lines.slice(worst + 2, worst + 6).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual([
        `${reference('T3')} first_response`,
        `${reference('T4')} resolution`,
        `${reference('T10')} first_response`,
        '',
      ]);
      const silent = lines.indexOf('Pages without a public answer — Жауапсыз парақшалар — Страницы без публичного ответа');
      expect(lines.slice(silent + 1)).toEqual([
        'title,channel,districtNameKk,districtNameRu,comments,firstCommentAt,lastCommentAt,pageId,districtId',
        // A title with a comma and quotes is quoted, RFC 4180.
        `"Жуалы ауданы әкімдігі, ""ресми""",facebook,Жуалы ауданы,Жуалынский район,2,${local('2026-03-04T09:00:00')},${local('2026-03-31T17:00:00')},${pages.B.id},${zhualy.id}`,
        '',
      ]);
    });
  });

  describe('scope', () => {
    const period = 'from=2026-03-01&to=2026-04-01';

    it('shows a press secretary their districts and tickets of unknown district', async () => {
      const res = await get(`sla?${period}&groupBy=district`, 'pressMerki').expect(200);
      const asOf = new Date(res.body.generatedAt);
      expect(res.body.rows.map((r: { groupCode: string | null }) => r.groupCode)).toEqual(['merki', null]);
      expect(res.body.rows[0]).toMatchObject(slaRow(F.merki!, asOf));
      expect(res.body.rows[1]).toMatchObject(slaRow(F.unknownDistrict!, asOf));
      expect(res.body.total).toMatchObject(slaRow(F.pressMerkiTotal!, asOf));
    });

    it('shows a department head their department only', async () => {
      const res = await get(`sla?${period}&groupBy=district`, 'headLand').expect(200);
      const asOf = new Date(res.body.generatedAt);
      expect(res.body.scope).toEqual({
        kind: 'department',
        department: { id: s.departments.land.id, code: 'land', nameKk: 'Жер қатынастары басқармасы', nameRu: 'Управление земельных отношений' },
      });
      expect(res.body.rows.map((r: { groupCode: string | null }) => r.groupCode)).toEqual(['zhualy', 'merki', null]);
      expect(res.body.rows.map((r: object) => Object.fromEntries(KEYS.map((k) => [k, (r as Record<string, unknown>)[k]])))).toEqual([
        figures(F.landZhualy!, asOf),
        figures(F.landMerki!, asOf),
        figures(F.unknownDistrict!, asOf),
      ]);
      expect(res.body.total).toMatchObject(slaRow(F.land!, asOf));
      const roads = await get(`sla?${period}&groupBy=department`, 'headRoads').expect(200);
      expect(roads.body.rows.map((r: { groupCode: string }) => r.groupCode)).toEqual(['roads']);
      expect(roads.body.total).toMatchObject(figures(F.roads!, new Date(roads.body.generatedAt)));
    });

    it('shows the governor’s office and admin everything, and refuses department staff (403)', async () => {
      for (const who of ['governor', 'admin'] as const) {
        const res = await get(`sla?${period}`, who).expect(200);
        expect(res.body.total).toMatchObject(figures(F.total!, new Date(res.body.generatedAt)));
      }
      for (const path of [`sla?${period}`, `breaches?${period}`, 'monthly?month=2026-03']) {
        const res = await get(path, 'staffLand1');
        expect(res.status).toBe(403);
        expect(res.body).toMatchObject({ statusCode: 403, error: 'Forbidden', message: expect.stringContaining('roles') });
        expect((await get(path, 'staffLand1', 'text/csv')).status).toBe(403);
      }
      expect((await app.http().get('/api/v1/reports/sla')).status).toBe(401);
    });
  });

  it('backfills the business seconds of tickets answered before the migration, each on its policy’s clock', async () => {
    // One more ticket, years away from every report above, on the round-the-clock default policy.
    const [{ id: roundTheClock }] = (await app.dataSource.query(`SELECT id FROM sla_policies WHERE is_default`)) as Array<{ id: string }>;
    await app.dataSource.getRepository(TicketEntity).save({
      reference: 'ZHM-2020-000001',
      channel: 'manual',
      status: 'closed',
      authorName: 'Тұрғын',
      text: 'Ескі өтініш',
      slaPolicyId: roundTheClock,
      receivedAt: at('2020-01-03T17:00:00'),
      firstResponseAt: at('2020-01-06T10:00:00'),
    });
    const migration = new Reports1764090000000();
    const runner = app.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const rows = (await app.dataSource.query(
      `SELECT reference, first_response_business_seconds AS seconds FROM tickets WHERE first_response_at IS NOT NULL ORDER BY reference`,
    )) as Array<{ reference: string; seconds: number }>;
    expect(rows).toEqual(
      [
        ...ALL.filter((p) => p.firstResponseAt).map((p) => ({ reference: reference(p.ref), seconds: p.businessSeconds })),
        // Friday 17:00 to Monday 10:00, every second counted.
        { reference: 'ZHM-2020-000001', seconds: 65 * 3600 },
      ].sort((a, b) => a.reference.localeCompare(b.reference)),
    );
  });

  describe('bad input', () => {
    it.each([
      ['groupBy=street', 400, /groupBy must be one of/],
      ['from=2026-02-30&to=2026-03-01', 400, /from must be a date/],
      ['from=March&to=April', 400, /from must be a date/],
      ['from=2026-03-01', 422, /both from and to/],
      ['from=2026-03-10&to=2026-03-01', 422, /to must be after from/],
      ['from=2025-01-01&to=2026-03-01', 422, /at most 367 days/],
      ['month=2026-03', 400, /month should not exist/],
    ])('sla?%s answers %i', async (query, status, message) => {
      const res = await get(`sla?${query}`);
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String) });
      expect(JSON.stringify(res.body.message)).toMatch(message);
    });

    it('checks the month and the breach filters', async () => {
      expect((await get('monthly?month=2026-13')).status).toBe(400);
      expect((await get('monthly?month=2026-3')).status).toBe(400);
      expect((await get('breaches?districtId=merki')).status).toBe(400);
    });
  });
});

/**
 * Where the first response is recorded, its working time on the ticket's calendar is stored with
 * it: a reply made in Tynda, and the page's own reply arriving by webhook.
 */
describe('first response business time', () => {
  const APP_SECRET = 'tynda-fixture-app-secret';
  let app: TestApp;
  let s: Scenario;
  // 10:00–18:00, so a reply inside the morning differs from the wall clock.
  const hours = {
    mon: [['10:00', '18:00']],
    tue: [['10:00', '18:00']],
    wed: [['10:00', '18:00']],
    thu: [['10:00', '18:00']],
    fri: [['10:00', '18:00']],
  } as const;
  const calendar = new BusinessCalendar({ timeZone: 'Asia/Almaty', workingHours: hours as never, holidays: [], exceptions: [] });
  const fixture = (path: string) => readFileSync(new URL(`./fixtures/channels/${path}`, import.meta.url));
  const ticket = (where: FindOptionsWhere<TicketEntity>) => app.dataSource.getRepository(TicketEntity).findOneBy(where);

  beforeAll(async () => {
    app = await TestApp.start({ worker: true, env: { FACEBOOK_APP_SECRET: APP_SECRET, INTAKE_RELAY_EVERY_MS: '300' } });
    s = await buildScenario(app);
    const cal = await app
      .http()
      .post('/api/v1/calendars')
      .set(bearer(s.tokens.admin))
      .send({ name: '10 to 6', timeZone: 'Asia/Almaty', workingHours: hours })
      .expect(201);
    for (const channel of ['facebook', 'manual']) {
      await app
        .http()
        .post('/api/v1/sla-policies')
        .set(bearer(s.tokens.admin))
        .send({ name: `${channel} 10-18`, channel, firstResponse: 'PT4H', resolution: 'P5D', calendarId: cal.body.id })
        .expect(201);
    }
    await app.dataSource
      .getRepository(PageEntity)
      .save({ channel: 'facebook', externalId: '104538291276431', districtId: s.districts.merki.id, title: 'Меркі ауданының әкімдігі' });
  });
  afterAll(() => app.close());

  it('stores it on a public reply made in Tynda (an internal note does not count)', async () => {
    const receivedAt = new Date(Date.now() - 3 * 86400_000);
    const created = await app
      .http()
      .post('/api/v1/tickets')
      .set(bearer(s.tokens.pressMerki))
      .send({ text: 'Жол бұзылған', districtId: s.districts.merki.id, author: { name: 'Тұрғын' }, receivedAt: receivedAt.toISOString() })
      .expect(201);
    await app
      .http()
      .post(`/api/v1/tickets/${created.body.id}/replies`)
      .set(bearer(s.tokens.pressMerki))
      .send({ body: 'Ескерту', visibility: 'internal' })
      .expect(201);
    expect((await ticket({ id: created.body.id }))!.firstResponseBusinessSeconds).toBeNull();
    await app
      .http()
      .post(`/api/v1/tickets/${created.body.id}/replies`)
      .set(bearer(s.tokens.pressMerki))
      .send({ body: 'Жауап', visibility: 'public' })
      .expect(201);
    const t = (await ticket({ id: created.body.id }))!;
    expect(t.firstResponseBusinessSeconds).toBe(Math.round(calendar.workingSecondsBetween(receivedAt, t.firstResponseAt!)));
    // Three days back always span working hours, and never all of them.
    expect(t.firstResponseBusinessSeconds!).toBeGreaterThan(0);
    expect(t.firstResponseBusinessSeconds!).toBeLessThan((t.firstResponseAt!.getTime() - receivedAt.getTime()) / 1000);
  });

  it("stores it when the page's own reply arrives by webhook", async () => {
    const post = (file: string) =>
      app
        .http()
        .post('/webhooks/facebook')
        .set({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': fixture(`facebook/${file}.sig`).toString('utf8').trim() })
        .send(fixture(`facebook/${file}`).toString('utf8'));
    expect((await post('feed-comment-kk.json')).status).toBe(200);
    await eventually(async () => (await ticket({ channel: 'facebook', externalId: '1029384756102938_2211334455667788' })) !== null);
    expect((await post('feed-page-reply.json')).status).toBe(200);
    await eventually(async () => (await ticket({ channel: 'facebook', externalId: '1029384756102938_2211334455667788' }))?.firstResponseAt != null);
    const t = (await ticket({ channel: 'facebook', externalId: '1029384756102938_2211334455667788' }))!;
    // Written Tuesday 25 November 2025 at 09:29:50 in Almaty, answered 11:39:50: 2 h 10 min on the wall, 1 h 39 min 50 s after 10:00.
    expect(t.receivedAt.toISOString()).toBe('2025-11-25T04:29:50.000Z');
    expect(t.firstResponseAt!.toISOString()).toBe('2025-11-25T06:39:50.000Z');
    expect(t.firstResponseBusinessSeconds).toBe(5990);
  });
});
