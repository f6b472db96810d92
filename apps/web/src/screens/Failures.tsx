import { useState } from 'react';
import type { FailureView, FailuresPageView, QueueDashboardSessionView } from '@app/contracts';
import type { FailureKind } from '@app/domain';
import { api } from '../api.js';
import { ChannelBadge, ErrorNote, Notice, Section, ticketHref, useAction, usePolling } from '../common.js';
import { formatDateTime } from '../format.js';
import { useI18n, type MessageKey } from '../i18n.js';

const PAGE = 200;
const POLL_MS = 15_000;
const FILTERS: Array<FailureKind | 'all'> = ['all', 'delivery', 'job', 'reply'];
const RETRIED: Record<FailureKind, MessageKey> = { delivery: 'retriedDelivery', job: 'retriedJob', reply: 'retriedReply' };

/** What exhausted its retries, newest first, each with its error and a Retry button (admin only). */
export function Failures() {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<FailureKind | 'all'>('all');
  const { data, error, refresh } = usePolling(
    () => api.get<FailuresPageView>(`/admin/failures?limit=${PAGE}${filter === 'all' ? '' : `&kind=${filter}`}`),
    POLL_MS,
    [filter],
  );
  const action = useAction();

  const retry = async (f: FailureView) => {
    await action.run(
      () => api.post(`/admin/failures/${f.kind}/${encodeURIComponent(f.id)}/retry`),
      t(RETRIED[f.kind], { id: f.kind === 'reply' ? f.ticketReference : f.id }),
    );
    // Retried, it is no longer failed and leaves the list; refused (409: retried meanwhile), the list catches up.
    refresh();
  };

  // A plain navigation cannot carry the bearer token: the API trades it for a short-lived HttpOnly cookie scoped to the dashboard.
  const openQueues = () =>
    action.run(async () => {
      const { url } = await api.post<QueueDashboardSessionView>('/admin/queue-dashboard/session');
      window.location.assign(url);
    });

  return (
    <Section
      title={t('failures')}
      actions={
        <div className="tabs" role="tablist" aria-label={t('failures')}>
          {FILTERS.map((k) => (
            <button key={k} type="button" role="tab" aria-selected={k === filter} onClick={() => setFilter(k)}>
              {t(`failureKind.${k}` as MessageKey)}
            </button>
          ))}
        </div>
      }
    >
      <p className="muted">{t('failuresTitle')}</p>
      <p className="muted small">
        <button type="button" onClick={() => void openQueues()} disabled={action.busy} data-testid="open-queue-dashboard">
          {t('queueDashboard')}
        </button>{' '}
        {t('queueDashboardHint')}
      </p>
      <ErrorNote text={error ?? action.error} />
      {data?.unavailable && <ErrorNote text={`${t('failuresPartial')} ${Object.values(data.unavailable).join('; ')}`} />}
      <Notice text={action.notice} />
      {data && data.items.length === 0 && <p className="muted">{t('failuresEmpty')}</p>}
      <ul className="rows" data-testid="failures">
        {(data?.items ?? []).map((f) => (
          <li key={`${f.kind}:${f.id}`} className="failure" data-testid="failure">
            <div className="row-head">
              <strong>{t(`failureKind.${f.kind}` as MessageKey)}</strong>
              <Subject failure={f} />
              <span className="muted small">
                · {t('failedAt')}: {formatDateTime(f.failedAt, lang)} · {t('attempts')}: {f.kind === 'job' ? f.attemptsMade : f.attempts}
              </span>
              <button type="button" onClick={() => void retry(f)} disabled={action.busy}>
                {t('retry')}
              </button>
            </div>
            {f.error && <p className="error small">{f.error}</p>}
            {f.kind === 'delivery' && f.preview && <code className="small clip">{f.preview}</code>}
          </li>
        ))}
      </ul>
      {data?.nextCursor && <p className="muted small">{t('failuresMore', { n: String(PAGE) })}</p>}
    </Section>
  );
}

/** What failed, in the words of its kind: the delivery's channel, the job's queue and name, the reply's ticket. */
function Subject({ failure: f }: { failure: FailureView }) {
  if (f.kind === 'reply')
    return (
      <span>
        <ChannelBadge channel={f.channel} /> <a href={ticketHref(f.ticketId)}>{f.ticketReference}</a>
      </span>
    );
  if (f.kind === 'job')
    return (
      <span>
        {f.queue} · {f.name} · <span className="muted">{f.id}</span>
      </span>
    );
  return (
    <span>
      <ChannelBadge channel={f.channel} /> <span className="muted">#{f.id}</span>
    </span>
  );
}
