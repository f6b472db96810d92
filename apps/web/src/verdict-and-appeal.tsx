// Issue 16 on the ticket page: whether the resident confirmed the resolution, the formal appeal's
// legal clock, and the actions the reader's role has on them (the API decides; these mirror it).
import { useState, type ReactNode } from 'react';
import { type FormalAppealState, type ResidentConfirmationState, can } from '@app/domain';
import { api, type Ticket, type User } from './api.js';
import { ErrorNote, Notice, Section, useAction } from './common.js';
import { almatyInstant, formatDate, formatDateTime, localDateTimeInput, localDay } from './format.js';
import { useI18n, type MessageKey } from './i18n.js';

const VERDICT_BADGE: Record<ResidentConfirmationState, string> = {
  not_asked: 'badge',
  asked: 'badge soon',
  confirmed: 'badge sla-met',
  disputed: 'badge late',
  unanswered: 'badge',
};
const APPEAL_BADGE: Record<FormalAppealState, string> = { open: 'badge', warning: 'badge soon', overdue: 'badge late', answered: 'badge sla-met' };

// The legal clock's working days close at 18:00 in Almaty (national calendar, office hours): a new due date means that close.
const CLOSE_OF_DAY = 'T18:00';
const DAY = 86_400_000;

/** The section, when there is something to show or do: a verdict asked for or given, an appeal, or an action this role may take. */
export function VerdictAndAppeal({ ticket, user, onDone }: { ticket: Ticket; user: User; onDone: () => void }) {
  const { t, lang } = useI18n();
  const verdict = ticket.residentConfirmation;
  const appeal = ticket.formalAppeal;
  const canRecord = can(user.role, 'record_verdict') && (ticket.status === 'resolved' || verdict.state === 'asked');
  const canRegister = can(user.role, 'formal_appeal') && !appeal && ticket.status !== 'merged';
  const canExtend =
    can(user.role, 'formal_appeal') && appeal !== null && !appeal.extendedUntil && appeal.state !== 'answered' && Date.now() <= Date.parse(appeal.dueAt);
  if (verdict.state === 'not_asked' && !appeal && !canRecord && !canRegister) return null;
  const when = (key: MessageKey, at: string | null) => (at ? [t(key, { d: formatDateTime(at, lang) })] : []);
  const verdictTimes = [
    ...when('verdictAskedAt', verdict.askedAt),
    ...when('verdictAnsweredAt', verdict.answeredAt),
    ...(verdict.state === 'asked' ? when('verdictDueAt', verdict.dueAt) : []),
  ];
  return (
    <Section title={t('verdictAndAppeal')}>
      <dl className="facts" data-testid="verdict-appeal">
        <dt>{t('residentVerdict')}</dt>
        <dd data-testid="verdict-state">
          <span className={VERDICT_BADGE[verdict.state]}>{t(`verdict.${verdict.state}` as MessageKey)}</span>
          {verdictTimes.length > 0 && <span className="muted small block">{verdictTimes.join(' · ')}</span>}
        </dd>
        <dt>{t('formalAppeal')}</dt>
        <dd data-testid="appeal-state">
          {appeal ? (
            <>
              № {appeal.number} <span className={APPEAL_BADGE[appeal.state]}>{t(`appeal.${appeal.state}` as MessageKey)}</span>
              <span className="muted small block">
                {t('appealRegisteredAt')}: {formatDateTime(appeal.registeredAt, lang)} ·{' '}
                {appeal.extendedUntil
                  ? t('appealExtendedUntil', { d: formatDateTime(appeal.extendedUntil, lang) })
                  : t('appealDue', { d: formatDateTime(appeal.dueAt, lang) })}
              </span>
              {appeal.extensionReason && <span className="small block">{t('appealExtensionReason', { r: appeal.extensionReason })}</span>}
            </>
          ) : (
            <span className="muted">{t('appealNone')}</span>
          )}
        </dd>
      </dl>
      {canRecord && <RecordVerdictForm ticket={ticket} onDone={onDone} />}
      {canRegister && <RegisterAppealForm ticket={ticket} onDone={onDone} />}
      {canExtend && appeal && <ExtendAppealForm ticket={ticket} dueAt={appeal.dueAt} onDone={onDone} />}
    </Section>
  );
}

/** What the resident said on the phone, recorded by the press secretary who called. */
function RecordVerdictForm({ ticket, onDone }: { ticket: Ticket; onDone: () => void }) {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const action = useAction();
  const record = (verdict: 'confirmed' | 'disputed') =>
    void action
      .run(() => api.post(`/tickets/${ticket.id}/resident-confirmation`, { verdict, ...(note.trim() ? { note } : {}) }), t('verdictRecorded'))
      .then((ok) => {
        if (!ok) return;
        setNote('');
        onDone();
      });
  return (
    <fieldset className="transitions" data-testid="record-verdict">
      <legend>{t('recordVerdict')}</legend>
      <label>
        {t('verdictNote')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </label>
      <div className="buttons">
        <button type="button" onClick={() => record('confirmed')} disabled={action.busy} data-testid="verdict-confirmed">
          {t('verdictConfirm')}
        </button>
        <button type="button" onClick={() => record('disputed')} disabled={action.busy} data-testid="verdict-disputed">
          {t('verdictDispute')}
        </button>
      </div>
      <ErrorNote text={action.error} />
      <Notice text={action.notice} />
    </fieldset>
  );
}

/** A rarely used form, folded under its own name so that the page stays short. */
function Folded({ summary, testId, children }: { summary: string; testId: string; children: ReactNode }) {
  return (
    <details className="folded" data-testid={testId}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

/** The registration number in e-Otinish (or the akimat's system) and when it was registered, on Almaty's clock. */
function RegisterAppealForm({ ticket, onDone }: { ticket: Ticket; onDone: () => void }) {
  const { t } = useI18n();
  const [number, setNumber] = useState('');
  const [registeredAt, setRegisteredAt] = useState(() => localDateTimeInput(Date.now()));
  const action = useAction();
  return (
    <Folded summary={t('registerAppeal')} testId="register-appeal">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void action
            .run(() => api.post(`/tickets/${ticket.id}/formal-appeal`, { number, registeredAt: almatyInstant(registeredAt) }), t('appealRegistered'))
            .then((ok) => ok && onDone());
        }}
      >
        <label>
          {t('appealNumber')}
          <input value={number} onChange={(e) => setNumber(e.target.value)} required maxLength={100} data-testid="appeal-number" />
        </label>
        <label>
          {t('appealRegisteredAt')}
          <input type="datetime-local" value={registeredAt} onChange={(e) => setRegisteredAt(e.target.value)} required data-testid="appeal-registered-at" />
        </label>
        <button type="submit" disabled={action.busy || !number.trim() || !registeredAt}>
          {t('registerAppeal')}
        </button>
      </form>
      <ErrorNote text={action.error} />
      <Notice text={action.notice} />
    </Folded>
  );
}

/** The one extension the law allows: a later due date (from the day after the current one) and the reason the resident is sent. */
function ExtendAppealForm({ ticket, dueAt, onDone }: { ticket: Ticket; dueAt: string; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  return (
    <Folded summary={`${t('extendAppeal')} · ${t('appealDue', { d: formatDate(dueAt, lang) })}`} testId="extend-appeal">
      <form
        className="stack-form"
        onSubmit={(e) => {
          e.preventDefault();
          void action
            .run(
              () => api.post(`/tickets/${ticket.id}/formal-appeal/extension`, { until: almatyInstant(`${until}${CLOSE_OF_DAY}`), reason }),
              t('appealExtended'),
            )
            .then((ok) => ok && onDone());
        }}
      >
        <label>
          {t('extensionUntil')}
          <input
            type="date"
            value={until}
            min={localDay(Date.parse(dueAt) + DAY)}
            onChange={(e) => setUntil(e.target.value)}
            required
            data-testid="extension-until"
          />
        </label>
        <label>
          {t('extensionReason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} data-testid="extension-reason" />
        </label>
        <button type="submit" disabled={action.busy || !until || !reason.trim()}>
          {t('extendAppeal')}
        </button>
      </form>
      <ErrorNote text={action.error} />
      <Notice text={action.notice} />
    </Folded>
  );
}
