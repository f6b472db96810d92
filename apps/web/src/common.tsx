import { createContext, useCallback, useContext, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, errorText, type Category, type Named, type Ticket, type User } from './api.js';
import { formatDateTime, formatDuration, secondsUntil, type Lang } from './format.js';
import { useI18n, type MessageKey } from './i18n.js';
import { useLive, type LiveSignal } from './live.js';
import { label } from './vocabulary.js';

// Events come in bursts (an intake batch, a sweep's breaches): one reload for each burst, and at
// most one every two seconds while they keep coming (a busy region must not turn into polling).
const LIVE_COALESCE_MS = 300;
const LIVE_MIN_GAP_MS = 2000;

export interface Reference {
  districts: Named[];
  departments: Named[];
  categories: Category[];
  users: User[];
  reload: () => void;
}

export const ReferenceContext = createContext<Reference>({ districts: [], departments: [], categories: [], users: [], reload: () => undefined });
export const useReference = (): Reference => useContext(ReferenceContext);

/** Reference names in the reader's language (Russian names serve English readers). */
export const nameOf = (row: Named | undefined, lang: Lang): string => (row ? (lang === 'kk' ? row.nameKk : row.nameRu) : '');

export function useReferenceData(user: User | null): Reference {
  const [data, setData] = useState<Omit<Reference, 'reload'>>({ districts: [], departments: [], categories: [], users: [] });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!user) return;
    let live = true;
    // The API lists users to admins and to department heads (their department); anyone else knows only themselves.
    const users = user.role === 'admin' || user.role === 'department_head' ? api.all<User>('/users') : Promise.resolve([{ ...user, active: true }]);
    void Promise.all([api.all<Named>('/districts'), api.all<Named>('/departments'), api.all<Category>('/categories'), users])
      .then(([districts, departments, categories, users]) => live && setData({ districts, departments, categories, users }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new user object with the same id and role needs no reload
  }, [user?.id, user?.role, tick]);
  return { ...data, reload: () => setTick((n) => n + 1) };
}

/**
 * Calls `load` now and every `everyMs` while mounted; with `onSignal`, also whenever a live event it
 * accepts arrives (live.tsx), a burst of them making one reload, so `everyMs` can be a slow fallback.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  everyMs: number,
  deps: unknown[],
  onSignal?: (signal: LiveSignal) => boolean,
): { data: T | null; error: string | null; refresh: () => void } {
  const { t } = useI18n();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const refresh = useCallback(() => {
    loadRef.current().then(
      (d) => {
        setData(d);
        setError(null);
      },
      (e: unknown) => setError(errorText(e, t('errorNetwork'), t('errorGeneric'))),
    );
  }, [t]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, everyMs);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps say when the query changed; refresh reads the latest load
  }, deps);
  const { subscribe } = useLive();
  const accepts = useRef(onSignal);
  accepts.current = onSignal;
  const wanted = Boolean(onSignal);
  useEffect(() => {
    if (!wanted) return;
    let pending: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const unsubscribe = subscribe((signal) => {
      if (!accepts.current?.(signal) || pending) return;
      pending = setTimeout(
        () => {
          pending = undefined;
          last = Date.now();
          refresh();
        },
        Math.max(LIVE_COALESCE_MS, last + LIVE_MIN_GAP_MS - Date.now()),
      );
    });
    return () => {
      unsubscribe();
      clearTimeout(pending);
    };
  }, [subscribe, refresh, wanted]);
  return { data, error, refresh };
}

/** The current time, re-rendered every `everyMs` (for live countdowns). */
export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** The due instant that matters now: first response until answered, then resolution. */
export function nextDue(ticket: Ticket): string | null {
  return ticket.firstResponseAt ? ticket.sla.resolutionDueAt : ticket.sla.firstResponseDueAt;
}

export function Countdown({ due, label }: { due: string | null; label?: MessageKey }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const left = secondsUntil(due, now);
  if (left === null) return <span className="muted">{t('none')}</span>;
  const late = left < 0;
  return (
    <span className={late ? 'badge late' : left < 3600 ? 'badge soon' : 'badge'} data-testid="countdown">
      {label ? `${t(label)}: ` : ''}
      {t(late ? 'overdueBy' : 'dueIn', { d: formatDuration(left, lang) })}
    </span>
  );
}

export function SlaState({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  return <span className={`badge sla-${ticket.sla.state}`}>{label(t, 'sla', ticket.sla.state)}</span>;
}

export function StatusBadge({ status }: { status: Ticket['status'] }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`}>{label(t, 'status', status)}</span>;
}

/** Where a ticket or a page comes from, by its name (Facebook, Phone or visit…), not its code. */
export function ChannelBadge({ channel }: { channel: string }) {
  const { t } = useI18n();
  return <span className={`chan chan-${channel}`}>{label(t, 'channel', channel)}</span>;
}

export function ErrorNote({ text }: { text: string | null | undefined }) {
  return text ? (
    <p className="error" role="alert">
      {text}
    </p>
  ) : null;
}

export function Notice({ text }: { text: string | null }) {
  return text ? (
    <p className="notice" role="status">
      {text}
    </p>
  ) : null;
}

/** A resident's words: always a text node, never HTML. */
export function ResidentText({ text }: { text: string }) {
  return (
    <p className="resident-text" data-testid="resident-text">
      {text}
    </p>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="card">
      <header className="card-head">
        <h2>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

export const ticketHref = (id: string): string => `#/tickets/${id}`;

/** Runs an action, shows its error or success, and reports whether it worked. */
export function useAction(): {
  busy: boolean;
  error: string | null;
  notice: string | null;
  run: (fn: () => Promise<unknown>, ok?: string) => Promise<boolean>;
  setError: (e: string | null) => void;
} {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = useCallback(
    async (fn: () => Promise<unknown>, ok?: string) => {
      setBusy(true);
      setError(null);
      setNotice(null);
      try {
        await fn();
        if (ok) setNotice(ok);
        return true;
      } catch (e) {
        setError(errorText(e, t('errorNetwork'), t('errorGeneric')));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t],
  );
  return { busy, error, notice, run, setError };
}

/** Where a ticket came from, as every ticket view starts; `children` adds more facts. */
export function TicketFacts({ ticket, children }: { ticket: Ticket; children?: ReactNode }) {
  const { t, lang } = useI18n();
  const { districts } = useReference();
  return (
    <dl className="facts">
      <dt>{t('channel')}</dt>
      <dd>{label(t, 'channel', ticket.channel)}</dd>
      <dt>{t('author')}</dt>
      <dd>{ticket.author.name ?? t('none')}</dd>
      <dt>{t('received')}</dt>
      <dd>{formatDateTime(ticket.receivedAt, lang)}</dd>
      <dt>{t('district')}</dt>
      <dd>
        {nameOf(
          districts.find((d) => d.id === ticket.districtId),
          lang,
        ) || t('unknownDistrict')}
      </dd>
      {children}
    </dl>
  );
}

/** A one-line form: its fields, then one submit button. */
export function InlineForm({
  onSubmit,
  button,
  busy,
  primary,
  disabled,
  children,
}: {
  onSubmit: () => void;
  button: ReactNode;
  busy: boolean;
  primary?: boolean;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <form
      className="inline-form"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
      <button type="submit" className={primary ? 'primary' : undefined} disabled={busy || disabled}>
        {button}
      </button>
    </form>
  );
}
