import { useState } from 'react';
import { api, ApiError, type Ticket } from '../api.js';
import { ErrorNote, nameOf, Section, StatusBadge, ticketHref, useAction, usePolling, useReference } from '../common.js';
import { formatDate, formatDuration, formatNumber, formatPercent, localDay, type Lang } from '../format.js';
import { useI18n, type Translate } from '../i18n.js';
import { groupName, responsibleFor, totalBreaches, type Breach, type BreachesReport, type GroupLabel, type MonthlyReport as MonthlyReportData, type MonthlyRow, type SlaFigures, type SlaReport } from '../report.js';

const DAY = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const REFRESH_MS = 30_000;

interface Data {
  districts: SlaReport | null;
  departments: SlaReport | null;
  breaches: BreachesReport | null;
  tickets: Ticket[];
}

/** A report the server does not have (404) shows as unavailable instead of failing the page. */
const optional = <T,>(p: Promise<T>): Promise<T | null> => p.catch((e: unknown) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)));

export function Dashboard() {
  const { t, lang } = useI18n();
  const [from, setFrom] = useState(localDay(Date.now() - 30 * DAY));
  const [to, setTo] = useState(localDay(Date.now()));
  const toExclusive = isoDay(Date.parse(to) + DAY);
  const { data, error } = usePolling(
    async (): Promise<Data> => {
      const period = `from=${from}&to=${toExclusive}`;
      const [d, dep, b, tickets] = await Promise.all([
        optional(api.get<SlaReport>(`/reports/sla?${period}&groupBy=district`)),
        optional(api.get<SlaReport>(`/reports/sla?${period}&groupBy=department`)),
        optional(api.get<BreachesReport>(`/reports/breaches?${period}`)),
        api.all<Ticket>(`/tickets?from=${from}&to=${toExclusive}`, 2000),
      ]);
      return { districts: d, departments: dep, breaches: b, tickets };
    },
    REFRESH_MS,
    [from, toExclusive],
  );

  return (
    <div className="dashboard">
      <Section title={t('dashboardTitle')}>
        <form className="inline-form" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('from')}
            <input type="date" value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} />
          </label>
          <label>
            {t('to')}
            <input type="date" value={to} onChange={(e) => e.target.value && setTo(e.target.value)} />
          </label>
          <a className="button" href={`#/reports/monthly?month=${to.slice(0, 7)}`}>
            {t('monthlyReport')}
          </a>
        </form>
        <ErrorNote text={error} />
        {data && data.districts === null && <p className="muted">{t('reportsUnavailable')}</p>}
      </Section>
      {data?.districts && <Scorecard title={t('byDistrict')} report={data.districts} testId="scorecard-districts" />}
      {data?.departments && <Scorecard title={t('byDepartment')} report={data.departments} testId="scorecard-departments" />}
      {data && (
        <div className="charts">
          {data.districts && (
            <Section title={t('breachesPerDistrict')}>
              <BarChart bars={data.districts.rows.map((r) => ({ label: groupName(r, lang), value: totalBreaches(r) }))} lang={lang} />
            </Section>
          )}
          <Section title={t('responseDistribution')}>
            <BarChart bars={responseBuckets(data.tickets, t, lang)} lang={lang} />
          </Section>
          <Section title={t('weeklyTrend')}>
            <WeeklyTrend tickets={data.tickets} />
          </Section>
        </div>
      )}
      {data?.breaches && <BreachList rows={data.breaches.items} title={t('breachList')} />}
      {data && <LatestTickets tickets={data.tickets} />}
    </div>
  );
}

function Scorecard({ title, report, testId }: { title: string; report: SlaReport; testId: string }) {
  const { t } = useI18n();
  return (
    <Section title={title}>
      {report.rows.length === 0 ? <p className="muted">{t('noData')}</p> : <FiguresTable rows={[...report.rows, report.total]} figures={(r) => r} testId={testId} />}
    </Section>
  );
}

/** One row per group, the contract's figures as columns; durations and rates in words. */
function FiguresTable<R extends GroupLabel>({ rows, figures, testId, change }: { rows: R[]; figures: (r: R) => SlaFigures; testId?: string; change?: (r: R) => number | null | undefined }) {
  const { t, lang } = useI18n();
  const dur = (s: number | null) => (s === null ? t('none') : formatDuration(s, lang));
  const num = (n: number) => formatNumber(n, lang);
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <thead>
          <tr>
            <th>{t('rowName')}</th>
            <th>{t('receivedCount')}</th>
            <th>{t('respondedCount')}</th>
            <th>{t('medianFirstResponse')}</th>
            <th>{t('p90FirstResponse')}</th>
            <th>{t('resolutionRate')}</th>
            {change && <th>{t('changeVsPrevious')}</th>}
            <th>{t('breaches')}</th>
            <th>{t('backlog')}</th>
            <th>{t('oldestOpen')}</th>
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
                {change && <td>{delta === null || delta === undefined ? t('none') : `${delta > 0 ? '+' : ''}${formatPercent(delta, lang)}`}</td>}
                <td className={totalBreaches(f) > 0 ? 'late-text' : undefined}>{num(totalBreaches(f))}</td>
                <td>{num(f.openBacklog)}</td>
                <td>{dur(f.oldestOpenAgeSeconds)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
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
      <svg viewBox={`0 0 320 ${height}`} width="100%" role="img" aria-label={bars.map((b) => `${b.label}: ${b.value}${b.second !== undefined ? ` / ${b.second}` : ''}`).join('; ')}>
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
  const waiting = tickets.filter((x) => !x.firstResponseAt && x.status !== 'rejected' && x.status !== 'merged').length;
  return [...labels.map((label, i) => ({ label, value: counts[i]! })), { label: t('none'), value: waiting }];
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
  const bars = [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([week, w]) => ({ label: t('weekOf', { d: formatDate(week, lang, 'UTC') }), value: w.received, second: w.breached }));
  return bars.length ? <BarChart bars={bars} lang={lang} legend={[t('receivedCount'), t('breaches')]} /> : <p className="muted">{t('noData')}</p>;
}

function BreachList({ rows, title }: { rows: Breach[]; title: string }) {
  const { t, lang } = useI18n();
  return (
    <Section title={title}>
      {rows.length === 0 ? (
        <p className="muted">{t('noBreaches')}</p>
      ) : (
        <div className="table-wrap">
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
        </div>
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
              <span className="muted">{nameOf(districts.find((d) => d.id === ticket.districtId), lang) || t('unknownDistrict')}</span>
              <span className="clip block">{ticket.text}</span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** The monthly scorecard as a printable page, with the server's own CSV as the download. */
export function MonthlyReport({ month: initial }: { month: string | null }) {
  const { t } = useI18n();
  const [month, setMonth] = useState(initial ?? localDay(Date.now()).slice(0, 7));
  const { data: loaded, error } = usePolling(() => optional(api.get<MonthlyReportData>(`/reports/monthly?month=${month}`)).then((report) => ({ report })), 60_000, [month]);
  const report = loaded?.report;
  const download = useAction();

  async function csv() {
    const url = URL.createObjectURL(await api.file(`/reports/monthly?month=${month}`, 'text/csv'));
    const a = Object.assign(document.createElement('a'), { href: url, download: `tynda-monthly-${month}.csv` });
    a.click();
    URL.revokeObjectURL(url);
  }

  const rate = (r: MonthlyRow) => r.change.resolutionRate;
  return (
    <div className="monthly">
      <Section
        title={`${t('monthlyReport')} ${month}`}
        actions={
          <span className="no-print buttons">
            <label>
              <span className="sr-only">{t('month')}</span>
              <input type="month" aria-label={t('month')} value={month} onChange={(e) => e.target.value && setMonth(e.target.value)} />
            </label>
            <button type="button" onClick={() => window.print()}>
              {t('print')}
            </button>
            <button type="button" onClick={() => void download.run(csv)} disabled={download.busy}>
              {t('downloadCsv')}
            </button>
          </span>
        }
      >
        <ErrorNote text={error ?? download.error} />
        {report === null && <p className="muted">{t('reportsUnavailable')}</p>}
        {report && (
          <>
            <h3>{t('byDistrict')}</h3>
            <FiguresTable rows={[...report.districts, report.total]} figures={(r) => r.current} change={rate} testId="monthly-districts" />
            <h3>{t('byDepartment')}</h3>
            <FiguresTable rows={[...report.departments, report.total]} figures={(r) => r.current} change={rate} />
          </>
        )}
      </Section>
      {report && <BreachList rows={report.worstOverdue} title={t('worstOverdue')} />}
      {report && report.silentPages.length > 0 && (
        <Section title={t('silentPages')}>
          <ul className="rows">
            {report.silentPages.map((p) => (
              <li key={p.pageId}>
                <span className={`chan chan-${p.channel}`}>{p.channel}</span> {p.title} · {t('comments')}: {p.comments}
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  );
}
