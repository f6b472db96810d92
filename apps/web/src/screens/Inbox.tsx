import { OPEN_STATUSES } from '@app/domain';
import { api, type Ticket, type User } from '../api.js';
import { Countdown, ErrorNote, nameOf, nextDue, Section, SlaState, StatusBadge, ticketHref, useNow, usePolling, useReference } from '../common.js';
import { UndeliveredFlag } from '../channels.js';
import { useI18n } from '../i18n.js';
import { LIVE_FALLBACK_MS, ticketSignals } from '../live.js';

const OPEN = OPEN_STATUSES.join(',');

/** Nearest due first; tickets with no running clock go last. */
export function byNearestDue(a: Ticket, b: Ticket): number {
  const da = nextDue(a);
  const db = nextDue(b);
  if (da === db) return a.receivedAt.localeCompare(b.receivedAt);
  if (!da) return 1;
  if (!db) return -1;
  return da.localeCompare(db);
}

export function Inbox({ user }: { user: User }) {
  const { t, lang } = useI18n();
  const { districts, categories, users } = useReference();
  const now = useNow(30_000);
  const { data, error } = usePolling(() => api.all<Ticket>(`/tickets?status=${OPEN}`, 600), LIVE_FALLBACK_MS, [user.id], ticketSignals);
  const tickets = [...(data ?? [])].sort(byNearestDue);

  return (
    <Section title={t('navInbox')}>
      <p className="muted">{t('inboxTitle')}</p>
      <ErrorNote text={error} />
      {data && tickets.length === 0 && <p className="muted">{t('inboxEmpty')}</p>}
      {tickets.length > 0 && (
        <div className="table-wrap">
          <table className="tickets" data-testid="inbox">
            <thead>
              <tr>
                <th>{t('reference')}</th>
                <th>{t('text')}</th>
                <th>{t('status')}</th>
                <th>{t('district')}</th>
                <th>{t('category')}</th>
                <th>{t('assignee')}</th>
                <th>{t('nextDue')}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => {
                const due = nextDue(ticket);
                const late = due !== null && Date.parse(due) < now;
                return (
                  <tr key={ticket.id} className={late ? 'overdue' : undefined} data-testid="inbox-row">
                    <td>
                      <a href={ticketHref(ticket.id)}>{ticket.reference}</a>
                      {late && <span className="badge late">{t('overdue')}</span>}
                    </td>
                    <td>
                      <span className="clip">{ticket.text}</span>
                    </td>
                    <td>
                      <StatusBadge status={ticket.status} /> <SlaState ticket={ticket} /> <UndeliveredFlag ticket={ticket} />
                    </td>
                    <td>
                      {nameOf(
                        districts.find((d) => d.id === ticket.districtId),
                        lang,
                      ) || t('unknownDistrict')}
                    </td>
                    <td>
                      {nameOf(
                        categories.find((c) => c.code === ticket.categoryCode),
                        lang,
                      ) || t('none')}
                    </td>
                    <td>{users.find((u) => u.id === ticket.assigneeId)?.fullName ?? t('unassigned')}</td>
                    <td>
                      <Countdown due={due} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
