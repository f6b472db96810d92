import { useState, type FormEvent, type ReactElement } from 'react';
import { ApiError, api, errorText, type Ticket, type User } from '../api.js';
import { ErrorNote, nameOf, Section, useReference } from '../common.js';
import { useI18n } from '../i18n.js';

// The API's field paths (class-validator names nested ones "author.name"), so its messages land next to the right input.
const FIELDS = ['author.name', 'author.phone', 'districtId', 'locality', 'text'] as const;
type FieldName = (typeof FIELDS)[number];
type TextField = Exclude<FieldName, 'districtId'>;
const EMPTY: Record<TextField, string> = { 'author.name': '', 'author.phone': '', locality: '', text: '' };

/**
 * A resident who calls or comes to the akimat gets a ticket like a commenter does: the press
 * secretary types it in here (POST /tickets) and it joins the queue, routed by the same rules.
 */
export function ManualTicket({ user, onCreated }: { user: User; onCreated: (ticket: Ticket) => void }) {
  const { t, lang } = useI18n();
  const { districts } = useReference();
  // A press secretary registers for their own districts; an admin for any.
  const own = user.role === 'press_secretary' ? districts.filter((d) => user.districtIds.includes(d.id)) : districts;
  const [values, setValues] = useState<Record<TextField, string>>(EMPTY);
  // Until chosen, a press secretary of one district registers for it (the districts load after the first render).
  const [chosenDistrict, setChosenDistrict] = useState<string | null>(null);
  const districtId = chosenDistrict ?? (own.length === 1 ? own[0]!.id : '');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string[]>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    const body = {
      text: values.text,
      author: { name: values['author.name'], ...(values['author.phone'] && { phone: values['author.phone'] }) },
      ...(districtId && { districtId }),
      ...(values.locality && { locality: values.locality }),
    };
    try {
      const ticket = await api.post<Ticket>('/tickets', body);
      setValues(EMPTY);
      onCreated(ticket);
    } catch (err) {
      if (err instanceof ApiError && err.status !== 0) {
        const split = err.byField(FIELDS);
        setErrors(split.fields);
        setFormError(split.rest.join('; ') || null);
      } else setFormError(errorText(err, t('errorNetwork'), t('errorGeneric')));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: FieldName, label: string, input: (common: Record<string, unknown>) => ReactElement) => {
    const id = `m-${name.replace('.', '-')}`;
    const err = errors[name];
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {input({ id, name, 'aria-invalid': err ? true : undefined, 'aria-describedby': err ? `${id}-error` : undefined })}
        {err && (
          <p className="error small" id={`${id}-error`} data-testid={`manual-error-${name}`}>
            {err.join('; ')}
          </p>
        )}
      </div>
    );
  };
  const set = (name: TextField) => (e: { target: { value: string } }) => setValues((old) => ({ ...old, [name]: e.target.value }));

  return (
    <Section title={t('manualTitle')}>
      <p className="muted small">{t('manualHint')}</p>
      <form className="stack-form" onSubmit={submit} noValidate data-testid="manual-form">
        {field('author.name', `${t('authorName')} *`, (c) => (
          <input {...c} value={values['author.name']} onChange={set('author.name')} autoComplete="off" />
        ))}
        {field('author.phone', t('phone'), (c) => (
          <input {...c} type="tel" value={values['author.phone']} onChange={set('author.phone')} autoComplete="off" />
        ))}
        {field('districtId', t('district'), (c) => (
          <select {...c} value={districtId} onChange={(e) => setChosenDistrict(e.target.value)}>
            <option value="">{t('unknownDistrict')}</option>
            {own.map((d) => (
              <option key={d.id} value={d.id}>
                {nameOf(d, lang)}
              </option>
            ))}
          </select>
        ))}
        {field('locality', t('locality'), (c) => (
          <input {...c} value={values.locality} onChange={set('locality')} />
        ))}
        {field('text', `${t('text')} *`, (c) => (
          <textarea {...c} rows={3} value={values.text} onChange={set('text')} />
        ))}
        <ErrorNote text={formError} />
        <button type="submit" className="primary" disabled={busy}>
          {t('register')}
        </button>
      </form>
    </Section>
  );
}
