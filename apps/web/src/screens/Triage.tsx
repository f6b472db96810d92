import { useEffect, useRef, useState } from 'react';
import { CHANNELS, LANGUAGES, PRIORITIES, type Priority } from '../../../../libs/domain/src/ticket-enums.js';
import { api, type Page, type Ticket, type User } from '../api.js';
import { UndeliveredFlag } from '../channels.js';
import { Countdown, ErrorNote, InlineForm, nameOf, Notice, ResidentText, Section, TicketFacts, ticketHref, useAction, usePolling, useReference } from '../common.js';
import { formatDateTime } from '../format.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { LIVE_FALLBACK_MS, ticketSignals } from '../live.js';
import { ReplyTextarea } from '../saved-replies.js';
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
  hasMore: boolean;
}

/** The first `pages` pages of the queue, in the server's order: overdue first, then oldest. */
async function loadQueue(query: string, pages: number): Promise<Queue> {
  const items: Ticket[] = [];
  let total = 0;
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const page: Page<Ticket> = await api.get<Page<Ticket>>(`/tickets?${query}&limit=${PAGE_SIZE}${i === 0 ? '&count=true' : `&cursor=${encodeURIComponent(cursor!)}`}`);
    if (i === 0) total = page.total ?? page.items.length;
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { items, total, hasMore: cursor !== null };
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

export function Triage({ user }: { user: User }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState('');
  const [pages, setPages] = useState(1);
  const query = new URLSearchParams({ status: 'new', sort: 'urgency', ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) }).toString();
  const { data, error, refresh } = usePolling(() => loadQueue(query, pages), LIVE_FALLBACK_MS, [user.id, query, pages], ticketSignals);
  const tickets = data?.items ?? [];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // On a phone the selected ticket is a screen of its own, opened by tapping it.
  const [opened, setOpened] = useState(false);
  const narrow = useNarrow();
  const [done, setDone] = useState<{ text: string; ticket: Ticket } | null>(null);
  const selected = tickets.find((x) => x.id === selectedId) ?? tickets[0] ?? null;
  const panel = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);

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
    if (!selected || (narrow && opened)) return;
    list.current?.querySelector(`[data-ticket-id="${selected.id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected?.id, narrow, opened]);
  useEffect(() => {
    if (narrow && opened) window.scrollTo(0, 0);
  }, [narrow, opened, selected?.id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey || !selected) return;
      const i = tickets.findIndex((x) => x.id === selected.id);
      const focus = (name: string) => panel.current?.querySelector<HTMLElement>(`[data-key="${name}"]`)?.focus();
      if (e.key === 'j' || e.key === 'k') setSelectedId(tickets[Math.max(0, Math.min(tickets.length - 1, i + (e.key === 'j' ? 1 : -1)))]?.id ?? null);
      else if (e.key === 't') panel.current?.querySelector<HTMLElement>('[data-key="triage"]')?.closest('button')?.click();
      else if (e.key === 'r') focus('reject');
      else if (e.key === 'm') focus('merge');
      else if (e.key === 'p') focus('reply');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tickets, selected]);

  /** After an action on a ticket of the queue, the next one is selected (the previous one at the end). */
  const finished = (key: MessageKey, ticket: Ticket) => {
    setDone({ text: t(key), ticket });
    const i = tickets.findIndex((x) => x.id === ticket.id);
    if (i >= 0) {
      const next = tickets[i + 1] ?? tickets[i - 1] ?? null;
      setSelectedId(next?.id ?? null);
      if (!next) setOpened(false);
    }
    refresh();
  };
  const select = (id: string) => {
    setSelectedId(id);
    if (narrow) setOpened(true);
  };

  const doneNote = done && (
    <p className="notice" role="status">
      {done.text}: <a href={ticketHref(done.ticket.id)}>{done.ticket.reference}</a>
    </p>
  );

  if (narrow && opened && selected) {
    return (
      <div className="triage-screen">
        <button type="button" className="back" onClick={() => setOpened(false)} data-testid="back-to-queue">
          ← {t('backToQueue')}
        </button>
        {doneNote}
        <div ref={panel} className="triage-panel" data-testid="triage-panel">
          <TriagePanel key={selected.id} ticket={selected} user={user} onDone={finished} />
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
            <p className="muted small" data-testid="queue-total" aria-live="polite">
              {t('queueShown', { shown: String(tickets.length), total: String(data.total) })}
            </p>
          )}
          {data && tickets.length === 0 && <p className="muted">{t('triageEmpty')}</p>}
          <ul className="queue" aria-label={t('navTriage')} ref={list}>
            {tickets.map((ticket) => (
              <li key={ticket.id} data-ticket-id={ticket.id}>
                <button type="button" className={ticket.id === selected?.id ? 'row selected' : 'row'} aria-pressed={ticket.id === selected?.id} onClick={() => select(ticket.id)} data-testid="queue-item">
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
      </div>
      {selected && !narrow && (
        <div ref={panel} className="triage-panel" data-testid="triage-panel">
          <TriagePanel key={selected.id} ticket={selected} user={user} onDone={finished} />
        </div>
      )}
    </div>
  );
}

function QueueFilters({ user, filters, search, onSearch, onChange }: { user: User; filters: Filters; search: string; onSearch: (q: string) => void; onChange: (f: Partial<Filters>) => void }) {
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
        <input type="search" value={search} onChange={(e) => onSearch(e.target.value)} placeholder={t('searchPlaceholder')} maxLength={200} data-testid="queue-search" />
      </label>
      {select('channel', 'channel', CHANNELS.map((c) => [c, c]))}
      {select('districtId', 'district', mine.map((d) => [d.id, nameOf(d, lang)]))}
      {select('suggestedCategory', 'filterSuggestion', categories.map((c) => [c.code, nameOf(c, lang)]))}
      {select('language', 'filterLanguage', LANGUAGES.map((l) => [l, t(`textLang.${l}` as MessageKey)]))}
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
        <span className={`chan chan-${ticket.channel}`}>{ticket.channel}</span>
        <strong>{ticket.author.name ?? t('none')}</strong>
        <span className="muted">{nameOf(districts.find((d) => d.id === ticket.districtId), lang) || t('unknownDistrict')}</span>
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
  const { t, lang } = useI18n();
  const { categories } = useReference();
  const suggestion = ticket.suggestedCategoryCode ?? null;
  const [category, setCategory] = useState(ticket.categoryCode ?? suggestion ?? '');
  const [priority, setPriority] = useState<Priority>(ticket.priority);
  const [reason, setReason] = useState('');
  const [mergeInto, setMergeInto] = useState('');
  const [reply, setReply] = useState('');
  const [siblings, setSiblings] = useState<Ticket[]>([]);
  const categorySelect = useRef<HTMLSelectElement>(null);
  const action = useAction();

  useEffect(() => {
    if (!ticket.clusterId) return;
    api
      .get<{ items: Ticket[] }>(`/tickets?clusterId=${ticket.clusterId}&limit=50`)
      .then((r) => setSiblings(r.items.filter((x) => x.id !== ticket.id && x.status !== 'merged' && x.status !== 'rejected')))
      .catch(() => setSiblings([]));
  }, [ticket.id, ticket.clusterId]);

  const write = (key: MessageKey, fn: () => Promise<Ticket>) => action.run(async () => onDone(key, await fn()));
  const triage = () => {
    // Triaged without a department, a ticket is in nobody's queue (the server refuses it too).
    if (!categories.find((c) => c.code === category)?.departmentId) {
      action.setError(t('triageNeedsCategory'));
      categorySelect.current?.focus();
      return;
    }
    void write('triaged', () => api.post<Ticket>(`/tickets/${ticket.id}/triage`, { categoryCode: category, priority }));
  };

  return (
    <Section title={`${ticket.reference}`} actions={<a href={ticketHref(ticket.id)}>{t('open')}</a>}>
      <TicketFacts ticket={ticket}>
        <dt>{t('firstResponseDue')}</dt>
        <dd>
          {answered(ticket) ? <span className="badge answered">{t('answered')}</span> : <Countdown due={ticket.sla.firstResponseDueAt} />} <UndeliveredFlag ticket={ticket} />
        </dd>
      </TicketFacts>
      <ResidentText text={ticket.text} />
      <ErrorNote text={action.error} />
      <InlineForm
        primary
        busy={action.busy}
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
          <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </InlineForm>
      <InlineForm
        busy={action.busy}
        button={
          <>
            {t('reject')} <kbd>r</kbd>
          </>
        }
        onSubmit={() => void write('rejected', () => api.post<Ticket>(`/tickets/${ticket.id}/transitions`, { to: 'rejected', note: reason }))}
      >
        <label>
          {t('rejectReason')}
          <input data-key="reject" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
        </label>
      </InlineForm>
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
        <ReplyTextarea id={`reply-${ticket.id}`} ticket={ticket} user={user} data-key="reply" value={reply} onChange={setReply} placeholder={t('replyPlaceholder')} required rows={3} maxLength={5000} data-testid="triage-reply" />
        <button type="submit" disabled={action.busy}>
          {t('send')}
        </button>
      </form>
      <Notice text={action.notice} />
    </Section>
  );
}
