import { useEffect } from 'react';
import { api, type Notification, type Page, type User } from '../api.js';
import { ErrorNote, Notice, Section, ticketHref, useAction, usePolling } from '../common.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n.js';
import { LIVE_FALLBACK_MS, notificationSignals } from '../live.js';
import { label } from '../vocabulary.js';

/** Sent when notifications are read here, so the count in the navigation follows at once. */
const CHANGED = 'tynda:notifications-changed';

/** The navigation link, with the number of unread notifications (live; "99+" beyond what one page holds). */
export function NotificationsLink({ user, current }: { user: User; current: boolean }) {
  const { t } = useI18n();
  const { data, refresh } = usePolling(
    () => api.get<Page<Notification>>('/notifications?unread=true&limit=100'),
    LIVE_FALLBACK_MS,
    [user.id],
    notificationSignals,
  );
  useEffect(() => {
    window.addEventListener(CHANGED, refresh);
    return () => window.removeEventListener(CHANGED, refresh);
  }, [refresh]);
  const unread = data ? (data.nextCursor ? '99+' : String(data.items.length)) : '0';
  return (
    <a href="#/notifications" className="nav-notifications" aria-current={current ? 'page' : undefined} data-testid="nav-notifications">
      {t('navNotifications')}
      {unread !== '0' && <span className="count"> {unread}</span>}
    </a>
  );
}

/** The signed-in user's notifications, newest first; opening one marks it read. */
export function Notifications({ user }: { user: User }) {
  const { t, lang } = useI18n();
  const { data, error, refresh } = usePolling(() => api.get<Page<Notification>>('/notifications?limit=100'), LIVE_FALLBACK_MS, [user.id], notificationSignals);
  const action = useAction();

  const markRead = async (n: Notification) => {
    if (n.readAt) return;
    await action.run(() => api.post(`/notifications/${n.id}/read`));
    refresh();
    window.dispatchEvent(new Event(CHANGED));
  };
  const markAllRead = async () => {
    if (await action.run(() => api.post('/notifications/read-all'), t('markedAllRead'))) {
      refresh();
      window.dispatchEvent(new Event(CHANGED));
    }
  };
  const anyUnread = (data?.items ?? []).some((n) => !n.readAt);

  return (
    <Section
      title={t('navNotifications')}
      actions={
        anyUnread && (
          <button type="button" onClick={() => void markAllRead()} disabled={action.busy} data-testid="mark-all-read">
            {t('markAllRead')}
          </button>
        )
      }
    >
      <p className="muted">{t('notificationsTitle')}</p>
      <ErrorNote text={error ?? action.error} />
      <Notice text={action.notice} />
      {data && data.items.length === 0 && <p className="muted">{t('notificationsEmpty')}</p>}
      <ul className="rows" data-testid="notifications">
        {(data?.items ?? []).map((n) => (
          <li key={n.id} className={n.readAt ? 'notification' : 'notification unread'} data-testid="notification">
            <strong>{label(t, 'notif', n.kind)}</strong>
            {n.step.startsWith('first_response') && <span className="muted"> · {t('firstResponseDue')}</span>}
            {n.step.startsWith('resolution') && <span className="muted"> · {t('resolutionDue')}</span>}
            <span className="muted small"> · {formatDateTime(n.createdAt, lang)}</span>{' '}
            <a href={ticketHref(n.ticketId)} onClick={() => void markRead(n)}>
              {n.ticketReference ?? t('open')}
            </a>{' '}
            {!n.readAt && (
              <button type="button" className="link" onClick={() => void markRead(n)} disabled={action.busy}>
                {t('markRead')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
}
