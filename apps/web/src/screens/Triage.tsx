import { useEffect, useRef, useState } from 'react';
import { PRIORITIES, type Priority } from '../../../../libs/domain/src/ticket-enums.js';
import { api, type Ticket, type TicketEvent, type User } from '../api.js';
import { UndeliveredFlag } from '../channels.js';
import { Countdown, ErrorNote, InlineForm, nameOf, Notice, ResidentText, Section, TicketFacts, ticketHref, useAction, usePolling, useReference } from '../common.js';
import { formatDateTime } from '../format.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { ManualTicket } from './ManualTicket.js';

const POLL_MS = 4000;

/** The category the router suggested when it was not sure enough to route by itself. */
function useSuggestions(tickets: Ticket[]): Record<string, string | null> {
  const [found, setFound] = useState<Record<string, string | null>>({});
  const asked = useRef(new Set<string>());
  useEffect(() => {
    for (const ticket of tickets.slice(0, 30)) {
      if (asked.current.has(ticket.id)) continue;
      asked.current.add(ticket.id);
      api
        .get<{ items: TicketEvent[] }>(`/tickets/${ticket.id}/events`)
        .then((r) => {
          const created = r.items.find((e) => e.type === 'ticket.created');
          const code = created?.payload.suggestedCategoryCode;
          setFound((f) => ({ ...f, [ticket.id]: typeof code === 'string' ? code : null }));
        })
        .catch(() => asked.current.delete(ticket.id));
    }
  }, [tickets]);
  return found;
}

const typing = (el: EventTarget | null): boolean => el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function Triage({ user }: { user: User }) {
  const { t } = useI18n();
  const { data, error, refresh } = usePolling(() => api.get<{ items: Ticket[] }>('/tickets?status=new&limit=200'), POLL_MS, [user.id]);
  const tickets = [...(data?.items ?? [])].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const suggestions = useSuggestions(tickets);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [done, setDone] = useState<{ text: string; ticket: Ticket } | null>(null);
  const selected = tickets.find((x) => x.id === selectedId) ?? tickets[0] ?? null;
  const panel = useRef<HTMLDivElement>(null);

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

  const finished = (key: MessageKey, ticket: Ticket) => {
    setDone({ text: t(key), ticket });
    refresh();
  };

  return (
    <div className="split">
      <div>
        <Section title={t('navTriage')}>
          <p className="muted">{t('triageTitle')}</p>
          <p className="muted small">{t('shortcuts')}</p>
          <ErrorNote text={error} />
          {done && (
            <p className="notice" role="status">
              {done.text}: <a href={ticketHref(done.ticket.id)}>{done.ticket.reference}</a>
            </p>
          )}
          {data && tickets.length === 0 && <p className="muted">{t('triageEmpty')}</p>}
          <ul className="queue" aria-label={t('navTriage')}>
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <button type="button" className={ticket.id === selected?.id ? 'row selected' : 'row'} aria-pressed={ticket.id === selected?.id} onClick={() => setSelectedId(ticket.id)} data-testid="queue-item">
                  <QueueRow ticket={ticket} suggestion={suggestions[ticket.id]} />
                </button>
              </li>
            ))}
          </ul>
        </Section>
        <ManualTicket user={user} onCreated={(ticket) => finished('registered', ticket)} />
      </div>
      {selected && (
        <div ref={panel}>
          <TriagePanel key={selected.id} ticket={selected} suggestion={suggestions[selected.id] ?? null} onDone={finished} />
        </div>
      )}
    </div>
  );
}

function QueueRow({ ticket, suggestion }: { ticket: Ticket; suggestion: string | null | undefined }) {
  const { t, lang } = useI18n();
  const { districts, categories } = useReference();
  const category = categories.find((c) => c.code === suggestion);
  return (
    <>
      <span className="row-head">
        <span className={`chan chan-${ticket.channel}`}>{ticket.channel}</span>
        <strong>{ticket.author.name ?? t('none')}</strong>
        <span className="muted">{nameOf(districts.find((d) => d.id === ticket.districtId), lang) || t('unknownDistrict')}</span>
        <Countdown due={ticket.sla.firstResponseDueAt} />
        <UndeliveredFlag ticket={ticket} />
      </span>
      <span className="row-text">{ticket.text}</span>
      <span className="muted small">
        {formatDateTime(ticket.receivedAt, lang)} · {t('suggested')}: {category ? nameOf(category, lang) : t('noSuggestion')}
      </span>
    </>
  );
}

function TriagePanel({ ticket, suggestion, onDone }: { ticket: Ticket; suggestion: string | null; onDone: (key: MessageKey, t: Ticket) => void }) {
  const { t, lang } = useI18n();
  const { categories } = useReference();
  const [category, setCategory] = useState(ticket.categoryCode ?? suggestion ?? '');
  const [priority, setPriority] = useState<Priority>(ticket.priority);
  const [reason, setReason] = useState('');
  const [mergeInto, setMergeInto] = useState('');
  const [reply, setReply] = useState('');
  const [siblings, setSiblings] = useState<Ticket[]>([]);
  const action = useAction();

  useEffect(() => {
    if (!category && suggestion) setCategory(suggestion);
  }, [suggestion, category]);
  useEffect(() => {
    if (!ticket.clusterId) return;
    api
      .get<{ items: Ticket[] }>(`/tickets?clusterId=${ticket.clusterId}&limit=50`)
      .then((r) => setSiblings(r.items.filter((x) => x.id !== ticket.id && x.status !== 'merged' && x.status !== 'rejected')))
      .catch(() => setSiblings([]));
  }, [ticket.id, ticket.clusterId]);

  const write = (key: MessageKey, fn: () => Promise<Ticket>) => action.run(async () => onDone(key, await fn()));

  return (
    <Section title={`${ticket.reference}`} actions={<a href={ticketHref(ticket.id)}>{t('open')}</a>}>
      <TicketFacts ticket={ticket}>
        <dt>{t('firstResponseDue')}</dt>
        <dd>
          <Countdown due={ticket.sla.firstResponseDueAt} /> <UndeliveredFlag ticket={ticket} />
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
        onSubmit={() => void write('triaged', () => api.post<Ticket>(`/tickets/${ticket.id}/triage`, { ...(category ? { categoryCode: category } : {}), priority }))}
      >
        <label>
          {t('category')}
          <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="triage-category">
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
          void action.run(async () => {
            await api.post(`/tickets/${ticket.id}/replies`, { body: reply, visibility: 'public' });
            setReply('');
          }, t('replied'));
        }}
      >
        <label>
          <span>
            {t('reply')} <kbd>p</kbd>
          </span>
          <textarea data-key="reply" value={reply} onChange={(e) => setReply(e.target.value)} placeholder={t('replyPlaceholder')} required rows={3} maxLength={5000} />
        </label>
        <button type="submit" disabled={action.busy}>
          {t('send')}
        </button>
      </form>
      <Notice text={action.notice} />
    </Section>
  );
}
