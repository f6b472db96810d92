import { useEffect, useRef, useState } from 'react';
import type { BulkResultsView } from '@app/contracts';
import { MAX_BULK_TICKETS, type BulkOutcome, CHANNELS, LANGUAGES, PRIORITIES, type Priority, NOT_ACTIONABLE_STATUSES } from '@app/domain';
import { api, type Page, type Ticket, type User } from '../api.js';
import { UndeliveredFlag } from '../channels.js';
import {
  ChannelBadge,
  Countdown,
  ErrorNote,
  InlineForm,
  nameOf,
  Notice,
  ResidentText,
  Section,
  TicketFacts,
  ticketHref,
  useAction,
  usePolling,
  useReference,
} from '../common.js';
import { formatDateTime, formatNumber } from '../format.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { LIVE_FALLBACK_MS, ticketSignals } from '../live.js';
import { ReplyTextarea } from '../saved-replies.js';
import { errorLines, label } from '../vocabulary.js';
import { ManualTicket } from './ManualTicket.js';

/** Tickets per request; "show more" asks for the next page (the server orders and counts). */
const PAGE_SIZE = 50;
/** Below this width the queue and the ticket are two screens (styles.css has the same breakpoint). */
const NARROW = '(max-width: 800px)';
const SEARCH_DEBOUNCE_MS = 300;

interface Filters {
  channel: string;
  districtId: string;
  suggestedCategory: string;
  language: string;
  q: string;
}
const NO_FILTERS: Filters = { channel: '', districtId: '', suggestedCategory: '', language: '', q: '' };

interface Queue {
  items: Ticket[];
  total: number;
  totalCapped: boolean;
  hasMore: boolean;
}

/** The first `pages` pages of the queue, in the server's order: overdue first, then oldest. */
async function loadQueue(query: string, pages: number): Promise<Queue> {
  const items: Ticket[] = [];
  let total = 0;
  let totalCapped = false;
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const page: Page<Ticket> = await api.get<Page<Ticket>>(
      `/tickets?${query}&limit=${PAGE_SIZE}${i === 0 ? '&count=true' : `&cursor=${encodeURIComponent(cursor!)}`}`,
    );
    if (i === 0) [total, totalCapped] = [page.total ?? page.items.length, page.totalCapped === true];
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { items, total, totalCapped, hasMore: cursor !== null };
}

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const media = window.matchMedia(NARROW);
    const on = () => setNarrow(media.matches);
    media.addEventListener('change', on);
    return () => media.removeEventListener('change', on);
  }, []);
  return narrow;
}

const typing = (el: EventTarget | null): boolean => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
const answered = (ticket: Ticket): boolean => Boolean(ticket.firstResponseAt ?? ticket.publicReplyAt);

/** What a bulk action did: how many of the selected it was done for, and why not for the others. */
interface BulkReport {
  text: string;
  failed: Array<{ ticket: Ticket; reason: string }>;
}

/** The tickets from one to the other in the queue's order, both included (a shift-click's range). */
function between(tickets: Ticket[], a: string, b: string): string[] {
  const i = tickets.findIndex((x) => x.id === a);
  const j = tickets.findIndex((x) => x.id === b);
  if (i < 0 || j < 0) return [b];
  return tickets.slice(Math.min(i, j), Math.max(i, j) + 1).map((x) => x.id);
}

export function Triage({ user }: { user: User }) {
  const { t, lang } = useI18n();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState('');
  const [pages, setPages] = useState(1);
  const query = new URLSearchParams({ status: 'new', sort: 'urgency', ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) }).toString();
  const { data, error, refresh } = usePolling(() => loadQueue(query, pages), LIVE_FALLBACK_MS, [user.id, query, pages], ticketSignals);
  const tickets = data?.items ?? [];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // On a phone the selected ticket, or the bulk action, is a screen of its own, opened by a tap.
  const [opened, setOpened] = useState<'ticket' | 'bulk' | null>(null);
  const narrow = useNarrow();
  const [done, setDone] = useState<{ text: string; ticket: Ticket } | null>(null);
  const [bulkReport, setBulkReport] = useState<BulkReport | null>(null);
  // The tickets ticked for a bulk action (checkboxes, `x`); only those still shown are acted on.
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const anchor = useRef<string | null>(null);
  const chosen = tickets.filter((x) => checked.has(x.id));
  const selected = tickets.find((x) => x.id === selectedId) ?? tickets[0] ?? null;
  const panel = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const all = useRef<HTMLInputElement>(null);
  const screen = narrow ? (opened === 'bulk' && chosen.length ? 'bulk' : opened === 'ticket' && selected ? 'ticket' : null) : null;

  // Other filters start again from the first page; so does a search, once the typing pauses.
  const changeFilters = (f: Partial<Filters>) => {
    setFilters((old) => ({ ...old, ...f }));
    setPages(1);
  };
  useEffect(() => {
    const q = search.trim();
    if (q === filters.q) return;
    const timer = setTimeout(() => changeFilters({ q }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, filters.q]);

  // The selection stays on screen whatever moved it (keys, an action, new tickets above it).
  useEffect(() => {
    if (!selected || screen) return;
    list.current?.querySelector(`[data-ticket-id="${selected.id}"]`)?.scrollIntoView({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- scroll when another ticket is selected, not when the same one is re-read
  }, [selected?.id, screen]);
  useEffect(() => {
    if (screen) window.scrollTo(0, 0);
  }, [screen, selected?.id]);
  useEffect(() => {
    if (all.current) all.current.indeterminate = chosen.length > 0 && chosen.length < tickets.length;
  });

  /** Ticks or unticks one ticket, or with shift every ticket from the last one ticked to it. */
  const toggle = (id: string, range = false) => {
    const ids = range && anchor.current ? between(tickets, anchor.current, id) : [id];
    const on = !checked.has(id);
    setChecked((old) => {
      const next = new Set(old);
      for (const x of ids)
        if (on) next.add(x);
        else next.delete(x);
      return next;
    });
    anchor.current = id;
  };
  const toggleAll = () => setChecked(chosen.length === tickets.length ? new Set() : new Set(tickets.map((x) => x.id)));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || !selected) return;
      const i = tickets.findIndex((x) => x.id === selected.id);
      const focus = (name: string) => panel.current?.querySelector<HTMLElement>(`[data-key="${name}"]`)?.focus();
      if (e.key === 'j' || e.key === 'k') setSelectedId(tickets[Math.max(0, Math.min(tickets.length - 1, i + (e.key === 'j' ? 1 : -1)))]?.id ?? null);
      else if (e.key === 'x') toggle(selected.id);
      else if (e.key === 't') panel.current?.querySelector<HTMLElement>('[data-key="triage"]')?.closest('button')?.click();
      else if (e.key === 'r') focus('reject');
      else if (e.key === 'm') focus('merge');
      else if (e.key === 'p') focus('reply');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- toggle reads only tickets and checked, both listed
  }, [tickets, selected, checked]);

  /** The next ticket after `from` that is still to be triaged (the previous one at the end of the queue). */
  const moveOn = (from: string, gone: ReadonlySet<string>) => {
    const i = tickets.findIndex((x) => x.id === from);
    if (i < 0) return;
    const left = (x: Ticket | undefined) => x && !gone.has(x.id);
    const next = tickets.slice(i + 1).find(left) ?? [...tickets.slice(0, i)].reverse().find(left) ?? null;
    setSelectedId(next?.id ?? null);
    if (!next) setOpened(null);
  };
  /** After an action on a ticket of the queue, the next one is selected. */
  const finished = (key: MessageKey, ticket: Ticket) => {
    setDone({ text: t(key), ticket });
    setBulkReport(null);
    moveOn(ticket.id, new Set([ticket.id]));
    refresh();
  };
  /** After a bulk action: the tickets it was done for leave the selection; those it was not done for stay ticked, with the reason. */
  const bulkFinished = (key: MessageKey, outcomes: BulkOutcome[]) => {
    const ok = new Set(outcomes.filter((o) => o.ok).map((o) => o.id));
    const failed = outcomes.flatMap((o) => {
      const ticket = tickets.find((x) => x.id === o.id);
      return o.ok || !ticket
        ? []
        : [
            {
              ticket,
              reason: errorLines(t, o, o.message)
                .map((l) => l.text)
                .join('; '),
            },
          ];
    });
    setDone(null);
    setBulkReport({ text: `${t(key)}: ${t('bulkDone', { ok: String(ok.size), n: String(outcomes.length) })}`, failed });
    setChecked(new Set(failed.map((f) => f.ticket.id)));
    if (selected && ok.has(selected.id)) moveOn(selected.id, ok);
    if (!failed.length) setOpened(null);
    refresh();
  };
  const select = (id: string) => {
    setSelectedId(id);
    if (narrow) setOpened('ticket');
  };

  const doneNote = (
    <>
      {done && (
        <p className="notice" role="status">
          {done.text}: <a href={ticketHref(done.ticket.id)}>{done.ticket.reference}</a>
        </p>
      )}
      {bulkReport && (
        <div role="status" data-testid="bulk-report">
          <p className="notice">{bulkReport.text}</p>
          {bulkReport.failed.length > 0 && (
            <ul className="error small">
              {bulkReport.failed.map((f) => (
                <li key={f.ticket.id}>
                  {t('bulkNotDone')}: <a href={ticketHref(f.ticket.id)}>{f.ticket.reference}</a> — {f.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
  const actionPanel = chosen.length ? (
    <BulkPanel tickets={chosen} onDone={bulkFinished} onClear={() => setChecked(new Set())} />
  ) : (
    selected && <TriagePanel key={selected.id} ticket={selected} user={user} onDone={finished} />
  );

  if (screen) {
    return (
      <div className="triage-screen">
        <button type="button" className="back" onClick={() => setOpened(null)} data-testid="back-to-queue">
          ← {t('backToQueue')}
        </button>
        {doneNote}
        <div ref={panel} className="triage-panel" data-testid="triage-panel">
          {screen === 'bulk' ? actionPanel : selected && <TriagePanel key={selected.id} ticket={selected} user={user} onDone={finished} />}
        </div>
      </div>
    );
  }

  return (
    <div className="split triage">
      <div>
        <Section title={t('navTriage')}>
          <p className="muted">{t('triageTitle')}</p>
          <p className="muted small">{t('shortcuts')}</p>
          <QueueFilters user={user} filters={filters} search={search} onSearch={setSearch} onChange={changeFilters} />
          <ErrorNote text={error} />
          {doneNote}
          {data && (
            <div className="queue-head">
              {tickets.length > 0 && (
                <label className="pick-all">
                  <input
                    ref={all}
                    type="checkbox"
                    checked={chosen.length > 0 && chosen.length === tickets.length}
                    onChange={toggleAll}
                    data-testid="select-all"
                  />
                  {t('selectAllShown')}
                </label>
              )}
              <p className="muted small" data-testid="queue-total" aria-live="polite">
                {t('queueShown', { shown: formatNumber(tickets.length, lang), total: `${formatNumber(data.total, lang)}${data.totalCapped ? '+' : ''}` })}
              </p>
            </div>
          )}
          {data && tickets.length === 0 && <p className="muted">{t('triageEmpty')}</p>}
          <ul className="queue" aria-label={t('navTriage')} ref={list}>
            {tickets.map((ticket) => (
              <li key={ticket.id} data-ticket-id={ticket.id} className="queue-item">
                <input
                  type="checkbox"
                  className="pick"
                  checked={checked.has(ticket.id)}
                  onChange={(e) => toggle(ticket.id, (e.nativeEvent as MouseEvent).shiftKey === true)}
                  aria-label={t('selectTicket', { reference: ticket.reference })}
                  data-testid="queue-check"
                />
                <button
                  type="button"
                  className={ticket.id === selected?.id ? 'row selected' : 'row'}
                  aria-pressed={ticket.id === selected?.id}
                  onClick={() => select(ticket.id)}
                  data-testid="queue-item"
                >
                  <QueueRow ticket={ticket} />
                </button>
              </li>
            ))}
          </ul>
          {data?.hasMore && (
            <button type="button" onClick={() => setPages((n) => n + 1)} data-testid="queue-more">
              {t('queueMore')}
            </button>
          )}
        </Section>
        <ManualTicket user={user} onCreated={(ticket) => finished('registered', ticket)} />
        {narrow && chosen.length > 0 && (
          <div className="bulk-bar" data-testid="bulk-bar">
            <span>{t('bulkSelected', { n: String(chosen.length) })}</span>
            <button type="button" className="primary" onClick={() => setOpened('bulk')} data-testid="bulk-open">
              {t('bulkOpen')}
            </button>
          </div>
        )}
      </div>
      {!narrow && actionPanel && (
        <div ref={panel} className="triage-panel" data-testid="triage-panel">
          {actionPanel}
        </div>
      )}
    </div>
  );
}

function QueueFilters({
  user,
  filters,
  search,
  onSearch,
  onChange,
}: {
  user: User;
  filters: Filters;
  search: string;
  onSearch: (q: string) => void;
  onChange: (f: Partial<Filters>) => void;
}) {
  const { t, lang } = useI18n();
  const { districts, categories } = useReference();
  const mine = user.role === 'press_secretary' ? districts.filter((d) => user.districtIds.includes(d.id)) : districts;
  const select = (name: keyof Filters, label: MessageKey, options: Array<[string, string]>) => (
    <label>
      {t(label)}
      <select value={filters[name]} onChange={(e) => onChange({ [name]: e.target.value })} data-testid={`filter-${name}`}>
        <option value="">{t('filterAny')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form className="filters" role="search" aria-label={t('queueFilters')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('search')}
        <input
          type="search"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          placeholder={t('searchPlaceholder')}
          maxLength={200}
          data-testid="queue-search"
        />
      </label>
      {select(
        'channel',
        'channel',
        CHANNELS.map((c) => [c, label(t, 'channel', c)]),
      )}
      {select(
        'districtId',
        'district',
        mine.map((d) => [d.id, nameOf(d, lang)]),
      )}
      {select(
        'suggestedCategory',
        'filterSuggestion',
        categories.map((c) => [c.code, nameOf(c, lang)]),
      )}
      {select(
        'language',
        'filterLanguage',
        LANGUAGES.map((l) => [l, t(`textLang.${l}` as MessageKey)]),
      )}
    </form>
  );
}

function QueueRow({ ticket }: { ticket: Ticket }) {
  const { t, lang } = useI18n();
  const { districts, categories } = useReference();
  const category = categories.find((c) => c.code === ticket.suggestedCategoryCode);
  return (
    <>
      <span className="row-head">
        <ChannelBadge channel={ticket.channel} />
        <strong>{ticket.author.name ?? t('none')}</strong>
        <span className="muted">
          {nameOf(
            districts.find((d) => d.id === ticket.districtId),
            lang,
          ) || t('unknownDistrict')}
        </span>
        {answered(ticket) ? <span className="badge answered">{t('answered')}</span> : <Countdown due={ticket.sla.firstResponseDueAt} />}
        <UndeliveredFlag ticket={ticket} />
      </span>
      <span className="row-text">{ticket.text}</span>
      <span className="muted small">
        {ticket.reference} · {formatDateTime(ticket.receivedAt, lang)} · {t('suggested')}: {category ? nameOf(category, lang) : t('noSuggestion')}
      </span>
    </>
  );
}

function TriagePanel({ ticket, user, onDone }: { ticket: Ticket; user: User; onDone: (key: MessageKey, t: Ticket) => void }) {
  const { t } = useI18n();
  const [mergeInto, setMergeInto] = useState('');
  const [reply, setReply] = useState('');
  const [siblings, setSiblings] = useState<Ticket[]>([]);
  const action = useAction();

  useEffect(() => {
    if (!ticket.clusterId) return;
    api
      .get<{ items: Ticket[] }>(`/tickets?clusterId=${ticket.clusterId}&limit=50`)
      .then((r) => setSiblings(r.items.filter((x) => x.id !== ticket.id && !NOT_ACTIONABLE_STATUSES.includes(x.status))))
      .catch(() => setSiblings([]));
  }, [ticket.id, ticket.clusterId]);

  const write = (key: MessageKey, fn: () => Promise<Ticket>) => action.run(async () => onDone(key, await fn()));

  return (
    <Section title={`${ticket.reference}`} actions={<a href={ticketHref(ticket.id)}>{t('open')}</a>}>
      <TicketFacts ticket={ticket}>
        <dt>{t('firstResponseDue')}</dt>
        <dd>
          {answered(ticket) ? <span className="badge answered">{t('answered')}</span> : <Countdown due={ticket.sla.firstResponseDueAt} />}{' '}
          <UndeliveredFlag ticket={ticket} />
        </dd>
      </TicketFacts>
      <ResidentText text={ticket.text} />
      <ErrorNote text={action.error} />
      <TriageForm
        suggestion={ticket.suggestedCategoryCode ?? null}
        category={ticket.categoryCode ?? ticket.suggestedCategoryCode ?? ''}
        priority={ticket.priority}
        busy={action.busy}
        onRefused={action.setError}
        onTriage={(categoryCode, priority) => void write('triaged', () => api.post<Ticket>(`/tickets/${ticket.id}/triage`, { categoryCode, priority }))}
      />
      <RejectForm
        busy={action.busy}
        onReject={(note) => void write('rejected', () => api.post<Ticket>(`/tickets/${ticket.id}/transitions`, { to: 'rejected', note }))}
      />
      <InlineForm
        busy={action.busy}
        disabled={!mergeInto}
        button={
          <>
            {t('merge')} <kbd>m</kbd>
          </>
        }
        onSubmit={() => void write('merged', () => api.post<Ticket>(`/tickets/${ticket.id}/merge`, { intoTicketId: mergeInto }))}
      >
        <label>
          {t('mergeInto')}
          <select data-key="merge" value={mergeInto} onChange={(e) => setMergeInto(e.target.value)} required disabled={siblings.length === 0}>
            <option value="">{siblings.length ? t('none') : t('mergeNone')}</option>
            {siblings.map((s) => (
              <option key={s.id} value={s.id}>
                {s.reference} — {s.text.slice(0, 60)}
              </option>
            ))}
          </select>
        </label>
      </InlineForm>
      <form
        className="stack-form"
        onSubmit={(e) => {
          e.preventDefault();
          void write('replied', () => api.post<Ticket>(`/tickets/${ticket.id}/replies`, { body: reply, visibility: 'public' }));
        }}
      >
        <label htmlFor={`reply-${ticket.id}`}>
          <span>
            {t('reply')} <kbd>p</kbd>
          </span>
        </label>
        <ReplyTextarea
          id={`reply-${ticket.id}`}
          ticket={ticket}
          user={user}
          data-key="reply"
          value={reply}
          onChange={setReply}
          placeholder={t('replyPlaceholder')}
          required
          rows={3}
          maxLength={5000}
          data-testid="triage-reply"
        />
        <button type="submit" disabled={action.busy}>
          {t('send')}
        </button>
      </form>
      <Notice text={action.notice} />
    </Section>
  );
}

/**
 * One action over the ticked tickets: a category (its department comes with it) and a priority, or
 * "not an appeal" with one reason. The server acts on each ticket at the version shown here and
 * answers for each; more than it takes at once are sent in several requests.
 */
function BulkPanel({ tickets, onDone, onClear }: { tickets: Ticket[]; onDone: (key: MessageKey, outcomes: BulkOutcome[]) => void; onClear: () => void }) {
  const { t } = useI18n();
  const action = useAction();
  // Ticked tickets that share the router's suggestion get it preselected, as a single ticket does.
  const suggestions = new Set(tickets.map((x) => x.suggestedCategoryCode ?? ''));
  const shared = suggestions.size === 1 ? [...suggestions][0]! : '';

  const run = (key: MessageKey, path: string, body: object) =>
    void action.run(async () => {
      const outcomes: BulkOutcome[] = [];
      for (let i = 0; i < tickets.length; i += MAX_BULK_TICKETS) {
        const part = tickets.slice(i, i + MAX_BULK_TICKETS).map((x) => ({ id: x.id, version: x.version }));
        outcomes.push(...(await api.post<BulkResultsView>(`/tickets/${path}`, { ...body, tickets: part })).results);
      }
      onDone(key, outcomes);
    });

  return (
    <Section
      title={t('bulkSelected', { n: String(tickets.length) })}
      actions={
        <button type="button" className="link" onClick={onClear} data-testid="bulk-clear">
          {t('bulkClear')}
        </button>
      }
    >
      <p className="muted small" data-testid="bulk-references">
        {tickets.map((x) => x.reference).join(', ')}
      </p>
      <ErrorNote text={action.error} />
      <TriageForm
        suggestion={shared || null}
        category={shared}
        priority=""
        busy={action.busy}
        onRefused={action.setError}
        onTriage={(categoryCode, priority) => run('triaged', 'bulk-triage', { categoryCode, ...(priority ? { priority } : {}) })}
      />
      <RejectForm busy={action.busy} onReject={(reason) => run('rejected', 'bulk-reject', { reason })} />
    </Section>
  );
}

/** Category and priority, `t` to send; refused in the console without a category that has a department. `priority` '' keeps each ticket's own. */
function TriageForm({
  suggestion,
  category: initialCategory,
  priority: initialPriority,
  busy,
  onTriage,
  onRefused,
}: {
  suggestion: string | null;
  category: string;
  priority: Priority | '';
  busy: boolean;
  onTriage: (categoryCode: string, priority: Priority | '') => void;
  onRefused: (text: string) => void;
}) {
  const { t, lang } = useI18n();
  const { categories } = useReference();
  const [category, setCategory] = useState(initialCategory);
  const [priority, setPriority] = useState<Priority | ''>(initialPriority);
  const categorySelect = useRef<HTMLSelectElement>(null);
  const triage = () => {
    // Triaged without a department, a ticket is in nobody's queue (the server refuses it too).
    if (!categories.find((c) => c.code === category)?.departmentId) {
      onRefused(t('triageNeedsCategory'));
      categorySelect.current?.focus();
      return;
    }
    onTriage(category, priority);
  };
  return (
    <InlineForm
      primary
      busy={busy}
      button={
        <span data-key="triage">
          {t('triageAction')} <kbd>t</kbd>
        </span>
      }
      onSubmit={triage}
    >
      <label>
        {t('category')}
        <select ref={categorySelect} value={category} onChange={(e) => setCategory(e.target.value)} data-testid="triage-category">
          <option value="">{t('none')}</option>
          {categories.map((c) => (
            <option key={c.code} value={c.code}>
              {nameOf(c, lang)}
              {c.code === suggestion ? ` (${t('suggested')})` : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('priority')}
        <select value={priority} onChange={(e) => setPriority(e.target.value as Priority | '')} data-testid="triage-priority">
          {initialPriority === '' && <option value="">{t('priorityKeep')}</option>}
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
    </InlineForm>
  );
}

/** "Not an appeal", with the reason why (required); `r` goes to the reason. */
function RejectForm({ busy, onReject }: { busy: boolean; onReject: (reason: string) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <InlineForm
      busy={busy}
      button={
        <>
          {t('reject')} <kbd>r</kbd>
        </>
      }
      onSubmit={() => onReject(reason)}
    >
      <label>
        {t('rejectReason')}
        <input data-key="reject" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} data-testid="reject-reason" />
      </label>
    </InlineForm>
  );
}
