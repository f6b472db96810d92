import { useState } from 'react';
import { can, HAND_BACK_FROM, NOT_OPEN_STATUSES, type TicketStatus, offeredTransitions, type ReplyVisibility } from '@app/domain';
import { api, type Reply, type Ticket, type TicketEvent, type User } from '../api.js';
import {
  Countdown,
  ErrorNote,
  nameOf,
  Notice,
  ResidentText,
  Section,
  SlaState,
  StatusBadge,
  TicketFacts,
  useAction,
  usePolling,
  useReference,
} from '../common.js';
import { UndeliveredFlag } from '../channels.js';
import { formatDateTime } from '../format.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { LIVE_FALLBACK_MS, signalsOfTicket } from '../live.js';
import { ReplyTextarea } from '../saved-replies.js';
import { VerdictAndAppeal } from '../verdict-and-appeal.js';
import { label } from '../vocabulary.js';

interface Loaded {
  ticket: Ticket;
  events: TicketEvent[];
  replies: Reply[];
  /** Who handled the ticket: its names for every role (the users list is for admins and heads). */
  people: Array<{ id: string; fullName: string }>;
}

export function TicketDetail({ id, user }: { id: string; user: User }) {
  const { t, lang } = useI18n();
  const { departments, categories, users } = useReference();
  const { data, error, refresh } = usePolling(
    async (): Promise<Loaded> => {
      const [ticket, events, replies, people] = await Promise.all([
        api.get<Ticket>(`/tickets/${id}`),
        api.get<{ items: TicketEvent[] }>(`/tickets/${id}/events`),
        api.get<{ items: Reply[] }>(`/tickets/${id}/replies`),
        api.get<{ items: Array<{ id: string; fullName: string }> }>(`/tickets/${id}/people`),
      ]);
      return { ticket, events: events.items, replies: replies.items, people: people.items };
    },
    LIVE_FALLBACK_MS,
    [id],
    signalsOfTicket(id),
  );
  // Only this ticket's data, ever: an answer still on its way for the ticket opened before must not
  // show (with live buttons) under another ticket's address.
  const loaded = data && data.ticket.id === id ? data : null;
  if (!loaded) return <Section title={t('reference')}>{error ? <ErrorNote text={error} /> : <p className="muted">{t('loading')}</p>}</Section>;
  const { ticket } = loaded;
  const hasPublicAnswer = Boolean(ticket.firstResponseAt) || loaded.replies.some((r) => r.visibility === 'public' && r.deliveryStatus !== 'failed');
  const userName = (uid: string | null) =>
    uid ? ((loaded.people.find((u) => u.id === uid) ?? users.find((u) => u.id === uid))?.fullName ?? uid.slice(0, 8)) : t('system');

  return (
    <div className="split">
      <Section
        title={ticket.reference}
        actions={
          <button type="button" className="link" onClick={() => history.back()}>
            {t('back')}
          </button>
        }
      >
        <ErrorNote text={error} />
        <p>
          <StatusBadge status={ticket.status} /> <SlaState ticket={ticket} /> <UndeliveredFlag ticket={ticket} />
        </p>
        <TicketFacts ticket={ticket}>
          <dt>{t('locality')}</dt>
          <dd>{ticket.locality ?? t('none')}</dd>
          <dt>{t('category')}</dt>
          <dd>
            {nameOf(
              categories.find((c) => c.code === ticket.categoryCode),
              lang,
            ) || t('none')}
          </dd>
          <dt>{t('department')}</dt>
          <dd>
            {nameOf(
              departments.find((d) => d.id === ticket.departmentId),
              lang,
            ) || t('none')}
          </dd>
          <dt>{t('assignee')}</dt>
          <dd data-testid="assignee">{ticket.assigneeId ? userName(ticket.assigneeId) : t('unassigned')}</dd>
          <dt>{t('priority')}</dt>
          <dd>{t(`priority.${ticket.priority}` as MessageKey)}</dd>
          <dt>{t('firstResponseDue')}</dt>
          <dd>
            {ticket.firstResponseAt ? (
              `${t('met')} ${formatDateTime(ticket.firstResponseAt, lang)}`
            ) : NOT_OPEN_STATUSES.includes(ticket.status) ? (
              t('none')
            ) : (
              <Countdown due={ticket.sla.firstResponseDueAt} />
            )}
          </dd>
          <dt>{t('resolutionDue')}</dt>
          <dd>{ticket.resolvedAt ? `${t('met')} ${formatDateTime(ticket.resolvedAt, lang)}` : <Countdown due={ticket.sla.resolutionDueAt} />}</dd>
        </TicketFacts>
        <ResidentText text={ticket.text} />
        {can(user.role, 'assign') && ticket.departmentId && <AssignForm ticket={ticket} onDone={refresh} />}
        {can(user.role, 'transition') && <TransitionForm ticket={ticket} user={user} hasPublicAnswer={hasPublicAnswer} onDone={refresh} />}
        {can(user.role, 'hand_back') && ticket.departmentId && HAND_BACK_FROM.includes(ticket.status) && <HandBackForm ticket={ticket} />}
        <ReplyForm ticket={ticket} user={user} onDone={refresh} />
      </Section>
      <div>
        <VerdictAndAppeal ticket={ticket} user={user} onDone={refresh} />
        <Section title={t('replies')}>
          {loaded.replies.length === 0 && <p className="muted">{t('noReplies')}</p>}
          <ul className="replies">
            {loaded.replies.map((r) => (
              <li key={r.id} className={`reply reply-${r.visibility}`}>
                <span className="muted small">
                  {formatDateTime(r.createdAt, lang)} · {userName(r.authorId)} · {t(`visibility.${r.visibility}` as MessageKey)}
                  {r.visibility === 'public' && ` · ${t('delivery')}: ${label(t, 'delivery', r.deliveryStatus)}`}
                </span>
                <p className="resident-text">{r.body}</p>
                {r.deliveryError && <p className="error small">{r.deliveryError}</p>}
              </li>
            ))}
          </ul>
        </Section>
        <Section title={t('timeline')}>
          <ol className="timeline" data-testid="timeline">
            {loaded.events.map((e) => (
              <li key={e.id}>
                <span className="muted small">{formatDateTime(e.createdAt, lang)}</span> <strong>{label(t, 'event', e.type)}</strong>
                {e.from !== e.to && e.to && (
                  <span>
                    {' '}
                    {e.from ? label(t, 'status', e.from) : ''} → {label(t, 'status', e.to)}
                  </span>
                )}
                <span className="muted"> · {userName(e.actorId)}</span>
                {'note' in e.payload && typeof e.payload.note === 'string' && <p className="small resident-text">{e.payload.note}</p>}
                {'withoutPublicAnswer' in e.payload && e.payload.withoutPublicAnswer === true && <p className="small">{t('resolvedWithoutAnswer')}</p>}
              </li>
            ))}
          </ol>
        </Section>
      </div>
    </div>
  );
}

function AssignForm({ ticket, onDone }: { ticket: Ticket; onDone: () => void }) {
  const { t } = useI18n();
  const { users } = useReference();
  const members = users.filter((u) => u.active && u.departmentId === ticket.departmentId);
  const [assignee, setAssignee] = useState(ticket.assigneeId ?? '');
  const action = useAction();
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(() => api.post(`/tickets/${ticket.id}/assign`, { assigneeId: assignee }), t('assigned')).then((ok) => ok && onDone());
      }}
    >
      <label>
        {t('assignee')}
        <select value={assignee} onChange={(e) => setAssignee(e.target.value)} required>
          <option value="">{t('unassigned')}</option>
          {members.map((u) => (
            <option key={u.id} value={u.id}>
              {u.fullName}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={action.busy || !assignee}>
        {t('assign')}
      </button>
      <ErrorNote text={action.error} />
      <Notice text={action.notice} />
    </form>
  );
}

function TransitionForm({ ticket, user, hasPublicAnswer, onDone }: { ticket: Ticket; user: User; hasPublicAnswer: boolean; onDone: () => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  // Resolving with nobody answered publicly is asked once more, and the server records the answer.
  const [confirmUnanswered, setConfirmUnanswered] = useState(false);
  const action = useAction();
  // Only moves that can succeed from here (assigning and merging have their own forms).
  const targets = offeredTransitions(ticket.status, user.role, Boolean(ticket.departmentId));
  if (targets.length === 0) return null;
  const move = (to: TicketStatus, withoutPublicAnswer = false) => {
    if (to === 'resolved' && !hasPublicAnswer && !withoutPublicAnswer) {
      setConfirmUnanswered(true);
      return;
    }
    setConfirmUnanswered(false);
    return action
      .run(
        () => api.post(`/tickets/${ticket.id}/transitions`, { to, ...(note ? { note } : {}), ...(withoutPublicAnswer ? { withoutPublicAnswer } : {}) }),
        t('moved'),
      )
      .then((ok) => {
        if (!ok) return;
        setNote('');
        onDone();
      });
  };
  return (
    <fieldset className="transitions">
      <legend>{t('moveTo')}</legend>
      <label>
        {t('transitionNote')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      <div className="buttons">
        {targets.map((s) => (
          <button key={s} type="button" onClick={() => void move(s)} disabled={action.busy} data-testid={`to-${s}`}>
            {label(t, 'status', s)}
          </button>
        ))}
      </div>
      {confirmUnanswered && (
        <div className="confirm" role="alert" data-testid="confirm-unanswered">
          <p>{t('resolveNoAnswer')}</p>
          <button type="button" className="primary" onClick={() => void move('resolved', true)} disabled={action.busy}>
            {t('resolveNoAnswerYes')}
          </button>{' '}
          <button type="button" onClick={() => setConfirmUnanswered(false)}>
            {t('cancel')}
          </button>
        </div>
      )}
      <ErrorNote text={action.error} />
      <Notice text={action.notice} />
    </fieldset>
  );
}

/** Not this department's: back to the press secretaries' queue, with the reason (the ticket then leaves this user's view). */
function HandBackForm({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const action = useAction();
  return (
    <form
      className="stack-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action
          .run(() => api.post(`/tickets/${ticket.id}/hand-back`, { reason }), t('handedBack'))
          .then((ok) => {
            if (ok) window.location.hash = '';
          });
      }}
    >
      <label>
        {t('handBackReason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required data-testid="hand-back-reason" />
      </label>
      <button type="submit" disabled={action.busy || !reason.trim()} data-testid="hand-back">
        {t('handBack')}
      </button>
      <ErrorNote text={action.error} />
      <Notice text={action.notice} />
    </form>
  );
}

/** Answering residents is the press secretaries' job: for everyone else a reply starts internal, and going public is confirmed. */
const PUBLIC_BY_DEFAULT: readonly string[] = ['press_secretary'];

function ReplyForm({ ticket, user, onDone }: { ticket: Ticket; user: User; onDone: () => void }) {
  const { t } = useI18n();
  const canPublic = can(user.role, 'reply_public');
  const [visibility, setVisibility] = useState<ReplyVisibility>(canPublic && PUBLIC_BY_DEFAULT.includes(user.role) ? 'public' : 'internal');
  const [body, setBody] = useState('');
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  if (!can(user.role, 'note')) return null;
  const send = () => {
    setConfirming(false);
    void action
      .run(() => api.post(`/tickets/${ticket.id}/replies`, { body, visibility }), t(visibility === 'public' ? 'replied' : 'noteSaved'))
      .then((ok) => {
        if (!ok) return;
        setBody('');
        onDone();
      });
  };
  return (
    <form
      className="stack-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (visibility === 'public' && !PUBLIC_BY_DEFAULT.includes(user.role)) setConfirming(true);
        else send();
      }}
    >
      <fieldset className="radios">
        <legend>{t('visibility')}</legend>
        {canPublic && (
          <label>
            <input type="radio" name="visibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} data-testid="visibility-public" />{' '}
            {t('publicReply')}
          </label>
        )}
        <label>
          <input
            type="radio"
            name="visibility"
            checked={visibility === 'internal'}
            onChange={() => setVisibility('internal')}
            data-testid="visibility-internal"
          />{' '}
          {t('internalNote')}
        </label>
      </fieldset>
      <label htmlFor={`reply-body-${ticket.id}`} className="sr-only">
        {t('notePlaceholder')}
      </label>
      <ReplyTextarea
        id={`reply-body-${ticket.id}`}
        ticket={ticket}
        user={user}
        value={body}
        onChange={setBody}
        placeholder={t('notePlaceholder')}
        required
        rows={3}
        maxLength={5000}
        data-testid="reply-body"
      />
      <button type="submit" className="primary" disabled={action.busy}>
        {t('send')}
      </button>
      {confirming && (
        <div className="confirm" role="alert" data-testid="confirm-public">
          <p>{t('publicConfirm', { channel: label(t, 'channel', ticket.channel) })}</p>
          <button type="button" className="primary" onClick={send} disabled={action.busy}>
            {t('publicConfirmYes')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('cancel')}
          </button>
        </div>
      )}
      <ErrorNote text={action.error} />
      <Notice text={action.notice} />
    </form>
  );
}
