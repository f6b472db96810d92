// A page's channel connection in the console: its badge, the write-only credentials form, "check
// again", the banner of a page that needs new credentials, and the flag of an undelivered reply.
import { useState, type FormEvent } from 'react';
import type { PageView } from '@app/contracts';
import type { ConnectionState } from '@app/domain';
import { api, ApiError, errorText, type Ticket, type User } from './api.js';
import { ErrorNote, Notice, usePolling } from './common.js';
import { formatDateTime } from './format.js';
import { useI18n, type MessageKey } from './i18n.js';

/** What each channel's credentials are made of (the API refuses anything else). */
const CREDENTIAL_FIELDS: Record<string, Array<[string, MessageKey]>> = {
  facebook: [['accessToken', 'accessToken']],
  instagram: [['accessToken', 'accessToken']],
  telegram: [
    ['botToken', 'botToken'],
    ['secretToken', 'secretToken'],
  ],
  vk: [
    ['accessToken', 'accessToken'],
    ['secret', 'vkSecret'],
    ['confirmationCode', 'confirmationCode'],
  ],
};

const BADGE_CLASS: Record<ConnectionState, string> = {
  unverified: 'badge',
  connected: 'badge sla-ok',
  invalid: 'badge late',
  reauthorization_required: 'badge late',
};

export function ConnectionBadge({ page }: { page: PageView }) {
  const { t } = useI18n();
  const state = page.connection?.state ?? 'unverified';
  return (
    <span className={BADGE_CLASS[state]} data-testid="connection-badge">
      {t(`connection.${state}` as MessageKey)}
    </span>
  );
}

/** Shown beside a page being edited in Administration -> Pages. */
export function PageConnectionPanel({ page, onChanged }: { page: PageView; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const fields = CREDENTIAL_FIELDS[page.channel] ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const [view, setView] = useState<PageView>(page);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(work: () => Promise<PageView>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await work();
      setView(next);
      setNotice(t(`connection.${next.connection.state}` as MessageKey));
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 0 ? err.messages.join('; ') : errorText(err, t('errorNetwork'), t('errorGeneric')));
    } finally {
      setBusy(false);
    }
  }

  function save(e: FormEvent) {
    e.preventDefault();
    // Submitted once, then forgotten: the form never shows a saved secret.
    void run(() => api.put<PageView>(`/pages/${page.id}/credentials`, values)).then(() => setValues({}));
  }

  if (!fields.length) return null;
  return (
    <div className="stack-form" data-testid="page-connection">
      <h3>{t('connection')}</h3>
      <p>
        <ConnectionBadge page={view} /> {view.hasCredentials ? t('hasCredentials') : t('noCredentials')}
        {view.connection.checkedAt && <span className="muted small"> · {t('checkedAt', { at: formatDateTime(view.connection.checkedAt, lang) })}</span>}
      </p>
      {view.connection.message && <p className="small">{view.connection.message}</p>}
      {view.reconciliation && <p className="muted small">{t('recoveredComments', { n: String(view.reconciliation.recoveredComments) })}</p>}
      {view.hasCredentials && (
        <button type="button" disabled={busy} onClick={() => void run(() => api.post<PageView>(`/pages/${page.id}/verify`))}>
          {t('checkAgain')}
        </button>
      )}
      <form onSubmit={save} noValidate>
        <p className="muted small">{t('credentialsTitle')}</p>
        {fields.map(([name, label]) => (
          <div className="field" key={name}>
            <label htmlFor={`cred-${name}`}>{t(label)} *</label>
            <input
              id={`cred-${name}`}
              name={name}
              type="password"
              autoComplete="off"
              value={values[name] ?? ''}
              onChange={(e) => setValues((old) => ({ ...old, [name]: e.target.value }))}
            />
          </div>
        ))}
        <ErrorNote text={error} />
        <Notice text={notice} />
        <button type="submit" className="primary" disabled={busy}>
          {t('saveCredentials')}
        </button>
      </form>
    </div>
  );
}

/** For admins and the press secretaries of the page's district: a page whose replies wait for new credentials. */
export function ReauthorizationBanner({ user }: { user: User }) {
  const { t } = useI18n();
  const concerned = user.role === 'admin' || user.role === 'press_secretary';
  const { data } = usePolling(() => (concerned ? api.all<PageView>('/pages') : Promise.resolve([])), 60_000, [user.id]);
  const pages = (data ?? []).filter(
    (p) => p.connection?.state === 'reauthorization_required' && (user.role === 'admin' || (p.districtId !== null && user.districtIds.includes(p.districtId))),
  );
  if (!pages.length) return null;
  return (
    <div className="banner" role="alert" data-testid="reauthorization-banner">
      {pages.map((p) => (
        <p key={p.id}>{t('reauthBanner', { page: p.title })}</p>
      ))}
    </div>
  );
}

/** "Reply not delivered": the resident has heard nothing though somebody answered. */
export function UndeliveredFlag({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  if (!ticket.undeliveredReply) return null;
  return (
    <span className="badge late" title={t('replyNotDeliveredHint')} data-testid="undelivered-reply">
      {t('replyNotDelivered')}
    </span>
  );
}
