import { useState, type ReactNode } from 'react';
import { NOT_ACTIONABLE_STATUSES } from '@app/domain';
import { api, ApiError, type Ticket } from '../api.js';
import { ChannelBadge, ErrorNote, nameOf, Section, StatusBadge, ticketHref, useAction, useNow, usePolling, useReference } from '../common.js';
import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatMonth,
  formatNumber,
  formatPercent,
  formatPoints,
  lastFullMonth,
  localDay,
  type Lang,
} from '../format.js';
import { LANG_NAMES, useI18n, type MessageKey, type Translate } from '../i18n.js';
import {
  groupName,
  responsibleFor,
  totalBreaches,
  type Breach,
  type BreachesReport,
  type GroupLabel,
  type MonthlyReport as MonthlyReportData,
  type MonthlyRow,
  type RankingReport,
  type RankingRow,
  type ReportLabel,
  type ReportScope,
  type SlaFigures,
  type VerdictFigures,
} from '../report.js';

const DAY = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const REFRESH_MS = 30_000;

interface Data {
  districts: RankingReport | null;
  departments: RankingReport | null;
  breaches: BreachesReport | null;
  tickets: Ticket[];
}

/** A report the server does not have (404) shows as unavailable instead of failing the page. */
const optional = <T,>(p: Promise<T>): Promise<T | null> => p.catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)));

/**
 * The governor's home, read top to bottom in ten seconds: four figures for the period, then every
 * district akimat worst first by the share of residents answered in time (departments in the other
 * tab), each a link to its tickets; the details (breaches, charts, latest tickets) below.
 */
export function Dashboard() {
  const { t, lang } = useI18n();
  const [from, setFrom] = useState(localDay(Date.now() - 29 * DAY));
  const [to, setTo] = useState(localDay(Date.now()));
  const [tab, setTab] = useState<'district' | 'department'>('district');
  const toExclusive = isoDay(Date.parse(to) + DAY);
  const { data, error } = usePolling(
    async (): Promise<Data> => {
      const period = `from=${from}&to=${toExclusive}`;
      const [d, dep, b, tickets] = await Promise.all([
        optional(api.get<RankingReport>(`/reports/ranking?${period}&groupBy=district`)),
        optional(api.get<RankingReport>(`/reports/ranking?${period}&groupBy=department`)),
        optional(api.get<BreachesReport>(`/reports/breaches?${period}`)),
        api.all<Ticket>(`/tickets?from=${from}&to=${toExclusive}`, 2000),
      ]);
      return { districts: d, departments: dep, breaches: b, tickets };
    },
    REFRESH_MS,
    [from, toExclusive],
  );
  const ranking = tab === 'district' ? data?.districts : data?.departments;

  return (
    <div className="dashboard">
      <Section
        title={t('govTitle')}
        actions={
          <form className="inline-form period" onSubmit={(e) => e.preventDefault()}>
            <label>
              {t('from')}
              <input type="date" value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} />
            </label>
            <label>
              {t('to')}
              <input type="date" value={to} onChange={(e) => e.target.value && setTo(e.target.value)} />
            </label>
            <a className="button" href="#/reports/monthly">
              {t('monthlyReport')}
            </a>
          </form>
        }
      >
        <ErrorNote text={error} />
        {data && data.districts === null && <p className="muted">{t('reportsUnavailable')}</p>}
        {data?.districts && <Headline total={data.districts.total} />}
      </Section>
      {data?.districts && (
        <section className="card" aria-labelledby="ranking-title">
          <header className="card-head">
            <h2 id="ranking-title">{t(tab === 'district' ? 'rankingDistricts' : 'rankingDepartments')}</h2>
            <div className="tabs" role="tablist">
              {(['district', 'department'] as const).map((k) => (
                <button key={k} type="button" role="tab" id={`tab-${k}`} aria-selected={tab === k} aria-controls="ranking-panel" onClick={() => setTab(k)}>
                  {t(k === 'district' ? 'tabDistricts' : 'tabDepartments')}
                </button>
              ))}
            </div>
          </header>
          <div id="ranking-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
            <p className="muted small">{t('rankingNote')}</p>
            {ranking && (
              <RankingTable report={ranking} testId={tab === 'district' ? 'scorecard-districts' : 'scorecard-departments'} link={{ from, to: toExclusive }} />
            )}
          </div>
        </section>
      )}
      {data?.breaches && <BreachList rows={data.breaches.items} title={t('breachList')} />}
      {data && (
        <div className="charts">
          <Section title={t('responseDistribution')}>
            <BarChart bars={responseBuckets(data.tickets, t, lang)} lang={lang} />
          </Section>
          <Section title={t('weeklyTrend')}>
            <WeeklyTrend tickets={data.tickets} />
          </Section>
        </div>
      )}
      {data && <LatestTickets tickets={data.tickets} />}
    </div>
  );
}

const pct = (rate: number | null, lang: Lang, t: Translate): string => (rate === null ? t('none') : formatPercent(rate, lang));

/** Green at 90% and above, red under 70%: the colour repeats the number, it never replaces it. */
const rateClass = (rate: number | null): string => (rate === null ? '' : rate >= 0.9 ? 'rate-good' : rate < 0.7 ? 'rate-bad' : 'rate-mid');

/** Up, down or level against the previous period, in percentage points, with the words for a screen reader. */
function Trend({ change }: { change: number | null }) {
  const { t, lang } = useI18n();
  if (change === null) return <span className="muted">{t('none')}</span>;
  const points = Math.round(change * 100);
  const words = points === 0 ? t('trendSame') : t(points > 0 ? 'trendBetter' : 'trendWorse', { p: formatNumber(Math.abs(points), lang) });
  return (
    <span className={`trend ${points > 0 ? 'trend-up' : points < 0 ? 'trend-down' : ''}`} title={words} data-testid="trend">
      <span aria-hidden="true">
        {points > 0 ? '▲' : points < 0 ? '▼' : '='} {formatPoints(change, lang)} {t('points')}
      </span>
      <span className="sr-only">{words}</span>
    </span>
  );
}

/** The headline figures of the period for everything the reader sees. */
function Headline({ total }: { total: RankingRow }) {
  const { t, lang } = useI18n();
  const c = total.current;
  const num = (n: number) => formatNumber(n, lang);
  return (
    <div className="headline" data-testid="headline">
      <div className="figure">
        <span className="figure-label">{t('hlAnsweredInTime')}</span>
        <strong className={`figure-value ${rateClass(c.answeredInTimeRate)}`} data-testid="headline-in-time">
          {pct(c.answeredInTimeRate, lang, t)}
        </strong>
        <span className="figure-note">
          {c.answerDue > 0 ? t('hlAnsweredInTimeOf', { n: num(c.answeredInTime), d: num(c.answerDue) }) : t('noDeadlineYet')}{' '}
          {total.change.answeredInTimeRate !== null && <Trend change={total.change.answeredInTimeRate} />}
        </span>
      </div>
      <div className="figure">
        <span className="figure-label">{t('hlTypicalAnswer')}</span>
        <strong className="figure-value">{c.firstResponseMedianSeconds === null ? t('none') : formatDuration(c.firstResponseMedianSeconds, lang)}</strong>
        <span className="figure-note">{t('hlTypicalAnswerNote')}</span>
      </div>
      <div className="figure">
        <span className="figure-label">{t('hlResolved')}</span>
        <strong className="figure-value">{pct(c.resolutionRate, lang, t)}</strong>
        <span className="figure-note">
          {c.actionable > 0 && t('hlResolvedOf', { n: num(c.resolved), d: num(c.actionable) })}{' '}
          {total.change.resolutionRate !== null && <Trend change={total.change.resolutionRate} />}
        </span>
      </div>
      {/* Beside the resolution rate: resolved on paper is not solved until the resident says so. */}
      <div className="figure">
        <span className="figure-label">{t('hlConfirmed')}</span>
        <strong className="figure-value" data-testid="headline-confirmed">
          {pct(total.confirmedResolutionRate, lang, t)}
        </strong>
        <span className="figure-note">
          {c.actionable > 0 && t('hlConfirmedNote', { n: num(total.confirmed), d: num(c.actionable), x: num(total.disputed) })}
        </span>
      </div>
      <div className="figure">
        <span className="figure-label">{t('hlOverdueNow')}</span>
        <strong className={`figure-value ${total.overdueNow > 0 ? 'rate-bad' : ''}`}>{num(total.overdueNow)}</strong>
        <span className="figure-note">{t('hlOverdueNowNote')}</span>
      </div>
    </div>
  );
}

/** A scrollable table a keyboard can reach and a screen reader can name (axe: scrollable-region-focusable). */
function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/**
 * Worst first, as the server ranked them. Each name opens that akimat's (or department's) tickets of
 * the period; `link` absent (the printed monthly page) leaves names as text.
 */
function RankingTable({ report, testId, link }: { report: RankingReport; testId: string; link?: { from: string; to: string } }) {
  const { t, lang } = useI18n();
  const kind = report.filters.groupBy;
  const num = (n: number) => formatNumber(n, lang);
  const title = t(kind === 'district' ? 'rankingDistricts' : 'rankingDepartments');
  if (report.rows.length === 0) return <p className="muted">{t('noData')}</p>;
  return (
    <ScrollTable label={title}>
      <table className="ranking" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('colRank')}
            </th>
            <th scope="col">{t(kind === 'district' ? 'colAkimat' : 'colDepartment')}</th>
            <th scope="col">{t('hlAnsweredInTime')}</th>
            <th scope="col">{t('colTrend')}</th>
            <th scope="col">{t('colTypicalAnswer')}</th>
            <th scope="col">{t('hlResolved')}</th>
            <th scope="col">{t('hlConfirmed')}</th>
            <th scope="col">{t('colOverdueNow')}</th>
          </tr>
        </thead>
        <tbody>
          {[...report.rows, report.total].map((r, i) => {
            const c = r.current;
            const isTotal = i === report.rows.length;
            const name = groupName(r, lang);
            return (
              <tr key={isTotal ? 'total' : (r.groupId ?? 'none')} className={isTotal ? 'total' : undefined} data-testid={isTotal ? undefined : 'ranking-row'}>
                {/* A place only where there is a rate to rank by. */}
                <td className="num">{isTotal || c.answeredInTimeRate === null ? '' : i + 1}</td>
                <th scope="row">
                  {link && r.groupId && !isTotal ? <a href={`#/dashboard/${kind}/${r.groupId}?from=${link.from}&to=${link.to}`}>{name}</a> : name}
                </th>
                <td data-label={t('hlAnsweredInTime')}>
                  <strong className={rateClass(c.answeredInTimeRate)}>{pct(c.answeredInTimeRate, lang, t)}</strong>{' '}
                  <span className="muted small">{c.answerDue > 0 ? t('ofCount', { n: num(c.answeredInTime), d: num(c.answerDue) }) : t('noDeadlineYet')}</span>
                </td>
                <td data-label={t('colTrend')}>
                  <Trend change={r.change.answeredInTimeRate} />
                </td>
                <td data-label={t('colTypicalAnswer')}>
                  {c.firstResponseMedianSeconds === null ? t('none') : formatDuration(c.firstResponseMedianSeconds, lang)}
                </td>
                <td data-label={t('hlResolved')}>
                  {pct(c.resolutionRate, lang, t)}{' '}
                  <span className="muted small">{c.actionable > 0 ? t('ofCount', { n: num(c.resolved), d: num(c.actionable) }) : ''}</span>
                </td>
                <td data-label={t('hlConfirmed')} data-testid="confirmed">
                  {pct(r.confirmedResolutionRate, lang, t)}{' '}
                  <span className={r.disputed > 0 ? 'late-text small' : 'muted small'}>{r.disputed > 0 ? t('disputedCount', { n: num(r.disputed) }) : ''}</span>
                </td>
                <td className={r.overdueNow > 0 ? 'late-text' : undefined} data-label={t('colOverdueNow')}>
                  {num(r.overdueNow)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollTable>
  );
}

/** One row per group, every figure of the contract as a column (the monthly page's appendix, printed landscape). */
function FiguresTable<R extends GroupLabel & VerdictFigures>({
  rows,
  figures,
  label,
  change,
}: {
  rows: R[];
  figures: (r: R) => SlaFigures;
  label: string;
  change?: (r: R) => number | null | undefined;
}) {
  const { t, lang } = useI18n();
  const dur = (s: number | null) => (s === null ? t('none') : formatDuration(s, lang));
  const num = (n: number) => formatNumber(n, lang);
  return (
    <ScrollTable label={label}>
      <table className="figures">
        <thead>
          <tr>
            <th scope="col">{t('rowName')}</th>
            <th scope="col">{t('receivedCount')}</th>
            <th scope="col">{t('respondedCount')}</th>
            <th scope="col">{t('medianFirstResponse')}</th>
            <th scope="col">{t('p90FirstResponse')}</th>
            <th scope="col">{t('resolutionRate')}</th>
            {change && <th scope="col">{t('changeVsPrevious')}</th>}
            <th scope="col">{t('hlConfirmed')}</th>
            <th scope="col">{t('breaches')}</th>
            <th scope="col">{t('backlog')}</th>
            <th scope="col">{t('oldestOpen')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const f = figures(r);
            const delta = change?.(r);
            return (
              <tr key={r.groupId ?? `total-${i}`} className={i === rows.length - 1 ? 'total' : undefined}>
                <th scope="row">{groupName(r, lang)}</th>
                <td>{num(f.received)}</td>
                <td>{num(f.responded)}</td>
                <td>{dur(f.firstResponseMedianSeconds)}</td>
                <td>{dur(f.firstResponseP90Seconds)}</td>
                <td>{f.resolutionRate === null ? t('none') : formatPercent(f.resolutionRate, lang)}</td>
                {change && <td>{delta === null || delta === undefined ? t('none') : `${formatPoints(delta, lang)} ${t('points')}`}</td>}
                <td>
                  {r.confirmedResolutionRate === null ? t('none') : formatPercent(r.confirmedResolutionRate, lang)}
                  {r.disputed > 0 && <span className="late-text small"> {t('disputedCount', { n: num(r.disputed) })}</span>}
                </td>
                <td className={totalBreaches(f) > 0 ? 'late-text' : undefined}>{num(totalBreaches(f))}</td>
                <td>{num(f.openBacklog)}</td>
                <td>{dur(f.oldestOpenAgeSeconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollTable>
  );
}

interface Bar {
  label: string;
  value: number;
  second?: number;
}

/** Horizontal bars as inline SVG: readable on a phone, printable, no chart library. */
export function BarChart({ bars, lang, legend }: { bars: Bar[]; lang: Lang; legend?: [string, string] }) {
  const max = Math.max(1, ...bars.flatMap((b) => [b.value, b.second ?? 0]));
  const rowH = legend ? 30 : 22;
  const height = bars.length * rowH + 4;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 320 ${height}`}
        width="100%"
        role="img"
        aria-label={bars.map((b) => `${b.label}: ${b.value}${b.second !== undefined ? ` / ${b.second}` : ''}`).join('; ')}
      >
        {bars.map((b, i) => (
          <g key={b.label} transform={`translate(0 ${i * rowH + 2})`}>
            <text x="0" y="13" className="chart-label">
              {b.label.length > 18 ? `${b.label.slice(0, 17)}…` : b.label}
            </text>
            <rect x="120" y="2" height="13" width={(160 * b.value) / max} className="bar" />
            <text x={124 + (160 * b.value) / max} y="13" className="chart-value">
              {formatNumber(b.value, lang)}
            </text>
            {b.second !== undefined && (
              <>
                <rect x="120" y="16" height="10" width={(160 * b.second) / max} className="bar bar-second" />
                <text x={124 + (160 * b.second) / max} y="25" className="chart-value">
                  {formatNumber(b.second, lang)}
                </text>
              </>
            )}
          </g>
        ))}
      </svg>
      {legend && (
        <figcaption className="small">
          <span className="swatch" /> {legend[0]} <span className="swatch second" /> {legend[1]}
        </figcaption>
      )}
    </figure>
  );
}

const BUCKETS = [3600, 4 * 3600, 8 * 3600, 24 * 3600, 3 * 86_400];

/** Wall-clock time to first response, in buckets a reader compares at a glance. */
function responseBuckets(tickets: Ticket[], t: Translate, lang: Lang): Bar[] {
  const counts = new Array<number>(BUCKETS.length + 1).fill(0);
  for (const ticket of tickets) {
    if (!ticket.firstResponseAt) continue;
    const s = (Date.parse(ticket.firstResponseAt) - Date.parse(ticket.receivedAt)) / 1000;
    const i = BUCKETS.findIndex((limit) => s < limit);
    counts[i === -1 ? BUCKETS.length : i]! += 1;
  }
  const labels = BUCKETS.map((limit) => `< ${formatDuration(limit, lang)}`);
  labels.push(`≥ ${formatDuration(BUCKETS[BUCKETS.length - 1]!, lang)}`);
  const waiting = tickets.filter((x) => !x.firstResponseAt && !NOT_ACTIONABLE_STATUSES.includes(x.status)).length;
  return [...labels.map((label, i) => ({ label, value: counts[i]! })), { label: t('noAnswerYet'), value: waiting }];
}

function WeeklyTrend({ tickets }: { tickets: Ticket[] }) {
  const { t, lang } = useI18n();
  const weeks = new Map<string, { received: number; breached: number }>();
  for (const ticket of tickets) {
    const d = new Date(ticket.receivedAt);
    const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    const key = isoDay(monday);
    const w = weeks.get(key) ?? { received: 0, breached: 0 };
    w.received++;
    if (ticket.sla.firstResponseBreachedAt || ticket.sla.resolutionBreachedAt) w.breached++;
    weeks.set(key, w);
  }
  const bars = [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, w]) => ({ label: t('weekOf', { d: formatDate(week, lang, 'UTC') }), value: w.received, second: w.breached }));
  return bars.length ? <BarChart bars={bars} lang={lang} legend={[t('receivedCount'), t('breaches')]} /> : <p className="muted">{t('noData')}</p>;
}

function BreachList({ rows, title }: { rows: Breach[]; title: string }) {
  const { t, lang } = useI18n();
  return (
    <Section title={title}>
      {rows.length === 0 ? (
        <p className="muted">{t('noBreaches')}</p>
      ) : (
        <ScrollTable label={title}>
          <table data-testid="breaches">
            <thead>
              <tr>
                <th>{t('reference')}</th>
                <th>{t('kind')}</th>
                <th>{t('lateBy')}</th>
                <th>{t('responsible')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((b) => (
                <tr key={`${b.ticketId}-${b.clock}`}>
                  <td>
                    <a href={ticketHref(b.ticketId)}>{b.reference}</a>
                  </td>
                  <td>{t(b.clock === 'resolution' ? 'resolutionDue' : 'firstResponseDue')}</td>
                  <td className="late-text">{formatDuration(b.lateSeconds, lang)}</td>
                  <td>{responsibleFor(b, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Section>
  );
}

function LatestTickets({ tickets }: { tickets: Ticket[] }) {
  const { t, lang } = useI18n();
  const { districts } = useReference();
  const latest = [...tickets].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).slice(0, 20);
  return (
    <Section title={t('latestTickets')}>
      {latest.length === 0 ? (
        <p className="muted">{t('noData')}</p>
      ) : (
        <ul className="latest" data-testid="latest">
          {latest.map((ticket) => (
            <li key={ticket.id}>
              <a href={ticketHref(ticket.id)}>{ticket.reference}</a> <StatusBadge status={ticket.status} />{' '}
              <span className="muted">
                {nameOf(
                  districts.find((d) => d.id === ticket.districtId),
                  lang,
                ) || t('unknownDistrict')}
              </span>
              <span className="clip block">{ticket.text}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

const ANSWER_ORDER = ['overdue', 'waiting', 'late', 'inTime', 'notNeeded'] as const;
type AnswerState = (typeof ANSWER_ORDER)[number];

/** Where a ticket's first answer stands against its deadline. */
function answerState(ticket: Ticket, now: number): AnswerState {
  const due = ticket.sla.firstResponseDueAt;
  if (ticket.firstResponseAt) return due && ticket.firstResponseAt > due ? 'late' : 'inTime';
  if (NOT_ACTIONABLE_STATUSES.includes(ticket.status)) return 'notNeeded';
  return due && Date.parse(due) < now ? 'overdue' : 'waiting';
}
const ANSWER_CLASS: Record<AnswerState, string> = { overdue: 'badge late', waiting: 'badge', late: 'badge soon', inTime: 'badge sla-met', notNeeded: 'badge' };

/**
 * One akimat's (or department's) tickets of the ranked period, the residents still waiting past
 * their deadline first: where the governor's office goes from a bad rank.
 */
export function UnitTickets({ kind, id, from, to }: { kind: 'district' | 'department'; id: string; from: string | null; to: string | null }) {
  const { t, lang } = useI18n();
  const { districts, departments } = useReference();
  const now = useNow(60_000);
  const period = from && to ? `&from=${from}&to=${to}` : '';
  const { data, error } = usePolling(
    () => api.all<Ticket>(`/tickets?${kind === 'district' ? 'districtId' : 'departmentId'}=${id}${period}`, 2000),
    REFRESH_MS,
    [kind, id, period],
  );
  const unit = (kind === 'district' ? districts : departments).find((u) => u.id === id);
  const tickets = (data ?? [])
    .map((ticket) => ({ ticket, state: answerState(ticket, now) }))
    .sort((a, b) => ANSWER_ORDER.indexOf(a.state) - ANSWER_ORDER.indexOf(b.state) || b.ticket.receivedAt.localeCompare(a.ticket.receivedAt));
  return (
    <Section title={t('akimTickets', { name: nameOf(unit, lang) || t('none') })} actions={<a href="#/dashboard">{t('backToRanking')}</a>}>
      {from && to && (
        <p className="muted">
          {t('akimTicketsNote', {
            from: formatDate(`${from}T00:00:00+05:00`, lang),
            to: formatDate(new Date(Date.parse(`${to}T00:00:00+05:00`) - 1000), lang),
          })}
        </p>
      )}
      <ErrorNote text={error} />
      {data && tickets.length === 0 && <p className="muted">{t('noData')}</p>}
      {tickets.length > 0 && (
        <ScrollTable label={t('akimTickets', { name: nameOf(unit, lang) })}>
          <table className="tickets" data-testid="unit-tickets">
            <thead>
              <tr>
                <th scope="col">{t('reference')}</th>
                <th scope="col">{t('colFirstAnswer')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('text')}</th>
                <th scope="col">{t('received')}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map(({ ticket, state }) => (
                <tr key={ticket.id} className={state === 'overdue' ? 'overdue' : undefined} data-testid="unit-ticket">
                  <td>
                    <a href={ticketHref(ticket.id)}>{ticket.reference}</a>
                  </td>
                  <td>
                    <span className={ANSWER_CLASS[state]}>{t(`answer.${state}` as MessageKey)}</span>
                  </td>
                  <td>
                    <StatusBadge status={ticket.status} />
                  </td>
                  <td>
                    <span className="clip">{ticket.text}</span>
                  </td>
                  <td>{formatDateTime(ticket.receivedAt, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Section>
  );
}

/** Who a report covers, in the reader's language, as printed on the page. */
function scopeLine(scope: ReportScope, lang: Lang, t: Translate): string {
  const name = (l: ReportLabel) => (lang === 'kk' ? l.nameKk : l.nameRu);
  switch (scope.kind) {
    case 'all':
      return t('scopeAll');
    case 'districts':
      return t('scopeDistricts', { names: scope.districts.map(name).join(', ') });
    case 'department':
      return t('scopeDepartment', { name: scope.department ? name(scope.department) : t('none') });
  }
}

/**
 * The monthly analysis as a printable page: the last full month unless another is chosen, its
 * figures and rankings on A4 portrait, the full scorecard on a landscape page, with when it was made
 * and whom it covers. The CSV comes from the server: as programs read it, or for Excel in the
 * reader's language with durations in hours.
 */
export function MonthlyReport({ month: initial }: { month: string | null }) {
  const { t, lang } = useI18n();
  const [month, setMonth] = useState(initial ?? lastFullMonth(Date.now()));
  const { data: loaded, error } = usePolling(
    async () => {
      const [report, districts, departments] = await Promise.all([
        optional(api.get<MonthlyReportData>(`/reports/monthly?month=${month}`)),
        optional(api.get<RankingReport>(`/reports/ranking?month=${month}&groupBy=district`)),
        optional(api.get<RankingReport>(`/reports/ranking?month=${month}&groupBy=department`)),
      ]);
      return { report, districts, departments };
    },
    60_000,
    [month],
  );
  const report = loaded?.report;
  const download = useAction();
  // Kazakh readers get Kazakh headers; Russian and English readers the Russian ones (the CSV speaks kk or ru).
  const csvLang = lang === 'kk' ? 'kk' : 'ru';

  async function csv(human: boolean) {
    const options = human ? `&headers=${csvLang}&durations=hours` : '';
    const url = URL.createObjectURL(await api.file(`/reports/monthly?month=${month}${options}`, 'text/csv'));
    const a = Object.assign(document.createElement('a'), { href: url, download: `tynda-monthly-${month}${human ? `-${csvLang}` : ''}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  }

  const rate = (r: MonthlyRow) => r.change.resolutionRate;
  return (
    <div className="monthly">
      <Section
        title={t('monthlyTitle', { m: formatMonth(month, lang) })}
        actions={
          <span className="no-print buttons">
            <label>
              <span className="sr-only">{t('month')}</span>
              <input type="month" aria-label={t('month')} value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} data-testid="month" />
            </label>
            <button type="button" onClick={() => window.print()}>
              {t('print')}
            </button>
            <button type="button" onClick={() => void download.run(() => csv(false))} disabled={download.busy}>
              {t('downloadCsv')}
            </button>
            <button type="button" onClick={() => void download.run(() => csv(true))} disabled={download.busy} data-testid="csv-human">
              {t('downloadCsvHuman', { lang: LANG_NAMES[csvLang] })}
            </button>
          </span>
        }
      >
        <ErrorNote text={error ?? download.error} />
        {report === null && <p className="muted">{t('reportsUnavailable')}</p>}
        {!initial && <p className="muted small no-print">{t('lastFullMonthNote')}</p>}
        {report && (
          <p className="print-meta" data-testid="print-meta">
            {t('periodText', {
              from: formatDate(report.filters.from, lang),
              to: formatDate(new Date(Date.parse(report.filters.to) - 1000), lang),
              prev: formatMonth(report.filters.previousMonth, lang),
            })}
            <br />
            {scopeLine(report.scope, lang, t)}
            <br />
            {t('generatedAt', { d: formatDateTime(report.generatedAt, lang) })}
          </p>
        )}
        {loaded?.districts && <Headline total={loaded.districts.total} />}
        {loaded?.districts && (
          <>
            <h3>{t('rankingDistricts')}</h3>
            <RankingTable report={loaded.districts} testId="monthly-districts" />
          </>
        )}
        {loaded?.departments && (
          <>
            <h3>{t('rankingDepartments')}</h3>
            <RankingTable report={loaded.departments} testId="monthly-departments" />
          </>
        )}
      </Section>
      {report && (
        <div className="print-wide">
          <Section title={t('details')}>
            <h3>{t('byDistrict')}</h3>
            <FiguresTable rows={[...report.districts, report.total]} figures={(r) => r.current} change={rate} label={t('byDistrict')} />
            <h3>{t('byDepartment')}</h3>
            <FiguresTable rows={[...report.departments, report.total]} figures={(r) => r.current} change={rate} label={t('byDepartment')} />
          </Section>
        </div>
      )}
      {report && <BreachList rows={report.worstOverdue} title={t('worstOverdue')} />}
      {report && report.silentPages.length > 0 && (
        <Section title={t('silentPages')}>
          <ul className="rows">
            {report.silentPages.map((p) => (
              <li key={p.pageId}>
                <ChannelBadge channel={p.channel} /> {p.title} · {t('comments')}: {p.comments}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
