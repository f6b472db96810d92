import { useState, type FormEvent, type ReactNode } from 'react';
import type { CalendarView, PageView } from '@app/contracts';
import { ROLES, CHANNELS, PRIORITIES } from '@app/domain';
import { api, ApiError, errorText, type Named } from '../api.js';
import { ErrorNote, nameOf, Notice, Section, usePolling, useReference } from '../common.js';
import type { Lang } from '../format.js';
import { translator, useI18n, type MessageKey, type Translate } from '../i18n.js';
import { ConnectionBadge, PageConnectionPanel } from '../channels.js';
import { Failures } from './Failures.js';
import { RoutingPreviewPanel } from './RoutingPreview.js';
import { placeholderList } from '../saved-replies.js';
import { label as serverLabel } from '../vocabulary.js';

type Row = Record<string, unknown> & { id: string };
type Kind = 'text' | 'longtext' | 'password' | 'number' | 'boolean' | 'select' | 'multi' | 'list' | 'json';
interface Field {
  name: string;
  label: MessageKey;
  kind: Kind;
  required?: boolean;
  initial?: string;
  options?: (ctx: OptionsContext) => Array<[string, string]>;
}
interface OptionsContext {
  lang: Lang;
  t: Translate;
  districts: Named[];
  departments: Named[];
  categories: Named[];
  calendars: CalendarView[];
}
interface Resource {
  path: string;
  title: MessageKey;
  fields: Field[];
  /** What a row is called in the list. */
  label: (row: Row, lang: Lang) => string;
  /** Shown before a row's label in the list (a page's connection badge). */
  badge?: (row: Row) => ReactNode;
  /** More about the row being edited, below its form (a page's connection and credentials). */
  detail?: (row: Row, refresh: () => void) => ReactNode;
  /** Below the list and the form, whatever row is edited (the categories' "try a text"). */
  panel?: () => ReactNode;
}

const named = (rows: Named[], lang: Lang): Array<[string, string]> => rows.map((r) => [r.id, nameOf(r, lang)]);
const coded: Field[] = [
  { name: 'code', label: 'code', kind: 'text', required: true },
  { name: 'nameKk', label: 'nameKk', kind: 'text', required: true },
  { name: 'nameRu', label: 'nameRu', kind: 'text', required: true },
];
const byName = (row: Row, lang: Lang): string => String((lang === 'kk' ? row.nameKk : row.nameRu) ?? row.name ?? row.title ?? row.email ?? row.id);
const WORKING_HOURS = JSON.stringify(Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])));

const RESOURCES: Resource[] = [
  { path: 'districts', title: 'districts', fields: coded, label: byName },
  { path: 'departments', title: 'departments', fields: coded, label: byName },
  {
    path: 'categories',
    title: 'categories',
    fields: [
      ...coded,
      { name: 'departmentId', label: 'department', kind: 'select', options: (c) => named(c.departments, c.lang) },
      { name: 'keywords', label: 'keywords', kind: 'list', initial: '' },
      { name: 'exclusions', label: 'exclusions', kind: 'list', initial: '' },
    ],
    label: byName,
    panel: () => <RoutingPreviewPanel />,
  },
  {
    path: 'pages',
    title: 'pages',
    fields: [
      {
        name: 'channel',
        label: 'channel',
        kind: 'select',
        required: true,
        options: (c) => CHANNELS.filter((x) => x !== 'open311' && x !== 'manual').map((x) => [x, serverLabel(c.t, 'channel', x)]),
      },
      { name: 'externalId', label: 'externalId', kind: 'text', required: true },
      { name: 'title', label: 'title', kind: 'text', required: true },
      { name: 'districtId', label: 'district', kind: 'select', options: (c) => named(c.districts, c.lang) },
      { name: 'departmentId', label: 'department', kind: 'select', options: (c) => named(c.departments, c.lang) },
    ],
    label: (row, lang) => `${serverLabel(translator(lang), 'channel', String(row.channel))} · ${String(row.title)}`,
    badge: (row) => (row.channel === 'open311' || row.channel === 'manual' ? null : <ConnectionBadge page={row as unknown as PageView} />),
    detail: (row, refresh) => <PageConnectionPanel key={row.id} page={row as unknown as PageView} onChanged={refresh} />,
  },
  {
    path: 'users',
    title: 'users',
    fields: [
      { name: 'email', label: 'email', kind: 'text', required: true },
      { name: 'password', label: 'password', kind: 'password' },
      { name: 'fullName', label: 'fullName', kind: 'text', required: true },
      { name: 'role', label: 'role', kind: 'select', required: true, options: (c) => ROLES.map((r) => [r, serverLabel(c.t, 'role', r)]) },
      { name: 'districtIds', label: 'districtIds', kind: 'multi', options: (c) => named(c.districts, c.lang) },
      { name: 'departmentId', label: 'department', kind: 'select', options: (c) => named(c.departments, c.lang) },
    ],
    label: (row, lang) => `${String(row.fullName)} <${String(row.email)}> · ${serverLabel(translator(lang), 'role', String(row.role))}`,
  },
  {
    path: 'sla-policies',
    title: 'slaPolicies',
    fields: [
      { name: 'name', label: 'name', kind: 'text', required: true },
      { name: 'categoryCode', label: 'category', kind: 'select', options: (c) => c.categories.map((x) => [x.code, nameOf(x, c.lang)]) },
      { name: 'priority', label: 'priority', kind: 'select', options: (c) => PRIORITIES.map((p) => [p, c.t(`priority.${p}` as MessageKey)]) },
      { name: 'channel', label: 'channel', kind: 'select', options: (c) => CHANNELS.map((x) => [x, serverLabel(c.t, 'channel', x)]) },
      { name: 'firstResponse', label: 'firstResponse', kind: 'text', required: true, initial: 'P1D' },
      { name: 'resolution', label: 'resolution', kind: 'text', required: true, initial: 'P15D' },
      { name: 'calendarId', label: 'calendarId', kind: 'select', options: (c) => c.calendars.map((x) => [x.id, x.name]) },
      { name: 'warningRatio', label: 'warningRatio', kind: 'number' },
      { name: 'escalateAfter', label: 'escalateAfter', kind: 'text' },
    ],
    label: (row) => `${String(row.name)} · ${String(row.firstResponse)} / ${String(row.resolution)}`,
  },
  {
    path: 'calendars',
    title: 'calendars',
    fields: [
      { name: 'name', label: 'name', kind: 'text', required: true },
      { name: 'timeZone', label: 'timeZone', kind: 'text', required: true, initial: 'Asia/Almaty' },
      { name: 'workingHours', label: 'workingHours', kind: 'json', required: true, initial: WORKING_HOURS },
      { name: 'holidays', label: 'holidays', kind: 'list', initial: '' },
      { name: 'exceptions', label: 'exceptions', kind: 'json', initial: '[]' },
    ],
    label: (row) => `${String(row.name)} · ${String(row.timeZone)}`,
  },
  {
    // National holidays as data with validity periods: a law that moves a holiday is a new row, not a release.
    path: 'holiday-rules',
    title: 'holidayRules',
    fields: [
      { name: 'nameKk', label: 'nameKk', kind: 'text', required: true },
      { name: 'nameRu', label: 'nameRu', kind: 'text', required: true },
      { name: 'month', label: 'month', kind: 'number' },
      { name: 'day', label: 'day', kind: 'number' },
      { name: 'dates', label: 'holidayDates', kind: 'list', initial: '' },
      { name: 'validFrom', label: 'validFrom', kind: 'text' },
      { name: 'validUntil', label: 'validUntil', kind: 'text' },
      { name: 'carriedOver', label: 'carriedOver', kind: 'boolean', initial: 'true' },
    ],
    label: (row, lang) => {
      const when = row.month ? `${String(row.day).padStart(2, '0')}.${String(row.month).padStart(2, '0')}` : (row.dates as string[]).join(', ');
      const period = row.validFrom || row.validUntil ? ` (${String(row.validFrom ?? '…')} – ${String(row.validUntil ?? '…')})` : '';
      return `${String(lang === 'ru' ? row.nameRu : row.nameKk)} · ${when}${period}`;
    },
  },
  {
    // Answers a press secretary gives many times a day, in both languages; inserted from the reply box with `/`.
    path: 'saved-replies',
    title: 'savedReplies',
    fields: [
      { name: 'code', label: 'code', kind: 'text', required: true },
      { name: 'title', label: 'title', kind: 'text', required: true },
      { name: 'bodyKk', label: 'bodyKk', kind: 'longtext', required: true },
      { name: 'bodyRu', label: 'bodyRu', kind: 'longtext', required: true },
      { name: 'categoryCode', label: 'category', kind: 'select', options: (c) => c.categories.map((x) => [x.code, nameOf(x, c.lang)]) },
    ],
    label: (row) => `${String(row.title)} · /${String(row.code)}`,
    panel: () => <PlaceholderHint />,
  },
  {
    path: 'day-transfers',
    title: 'dayTransfers',
    fields: [
      { name: 'date', label: 'date', kind: 'text', required: true },
      { name: 'working', label: 'workingDay', kind: 'boolean', required: true, initial: 'false' },
      { name: 'decree', label: 'decree', kind: 'text', required: true },
    ],
    label: (row, lang) => `${String(row.date)} · ${translator(lang)(row.working ? 'workingDay' : 'dayOff')} · ${String(row.decree)}`,
  },
];

type Values = Record<string, string | string[]>;

const initialValues = (fields: Field[], row?: Row): Values =>
  Object.fromEntries(
    fields.map((f) => {
      const v = row?.[f.name];
      if (f.kind === 'multi') return [f.name, Array.isArray(v) ? (v as string[]) : []];
      if (f.kind === 'password') return [f.name, ''];
      if (v === undefined || v === null) return [f.name, row ? '' : (f.initial ?? '')];
      if (f.kind === 'list') return [f.name, Array.isArray(v) ? v.join(', ') : String(v)];
      if (f.kind === 'json') return [f.name, JSON.stringify(v)];
      return [f.name, String(v)];
    }),
  );

/** Form values to the API's body: empty optional fields are left out, lists split, JSON parsed. */
function bodyOf(fields: Field[], values: Values): { body: Record<string, unknown>; errors: Record<string, string[]> } {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string[]> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.kind === 'multi') {
      if ((v as string[]).length) body[f.name] = v;
      continue;
    }
    const s = String(v ?? '').trim();
    if (s === '' && f.kind !== 'list') continue;
    if (f.kind === 'list')
      body[f.name] = s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
    else if (f.kind === 'number') body[f.name] = Number(s);
    else if (f.kind === 'boolean') body[f.name] = s === 'true';
    else if (f.kind === 'json') {
      try {
        body[f.name] = JSON.parse(s);
      } catch {
        errors[f.name] = ['JSON'];
      }
    } else body[f.name] = s;
  }
  return { body, errors };
}

/** The tab beside the reference data that lists what failed for good. */
const FAILURES_TAB = 'failures';

export function Admin() {
  const { t } = useI18n();
  const [tab, setTab] = useState(RESOURCES[0]!.path);
  const resource = RESOURCES.find((r) => r.path === tab);
  return (
    <div>
      <h1>{t('adminTitle')}</h1>
      <div className="tabs" role="tablist" aria-label={t('adminTitle')}>
        {RESOURCES.map((r) => (
          <button key={r.path} type="button" role="tab" aria-selected={r.path === tab} onClick={() => setTab(r.path)}>
            {t(r.title)}
          </button>
        ))}
        <button type="button" role="tab" aria-selected={tab === FAILURES_TAB} onClick={() => setTab(FAILURES_TAB)}>
          {t('failures')}
        </button>
      </div>
      {resource ? <ResourceEditor key={resource.path} resource={resource} /> : <Failures />}
    </div>
  );
}

function ResourceEditor({ resource }: { resource: Resource }) {
  const { t, lang } = useI18n();
  const reference = useReference();
  const { data, error, refresh } = usePolling(() => api.all<Row>(`/${resource.path}`), 60_000, [resource.path]);
  const calendars = usePolling(() => api.all<CalendarView>('/calendars'), 60_000, []).data ?? [];
  const [editing, setEditing] = useState<Row | null>(null);
  const [values, setValues] = useState<Values>(() => initialValues(resource.fields));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const ctx: OptionsContext = { lang, t, districts: reference.districts, departments: reference.departments, categories: reference.categories, calendars };

  const edit = (row: Row | null) => {
    setEditing(row);
    setValues(initialValues(resource.fields, row ?? undefined));
    setFieldErrors({});
    setFormError(null);
    setNotice(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    setFormError(null);
    const { body, errors } = bodyOf(resource.fields, values);
    setFieldErrors(errors);
    if (Object.keys(errors).length) return;
    try {
      await (editing ? api.patch(`/${resource.path}/${editing.id}`, body) : api.post(`/${resource.path}`, body));
      edit(null);
      setNotice(editing ? t('noteSaved') : t('createdOk'));
      refresh();
      reference.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status !== 0) {
        const split = err.byField(resource.fields.map((f) => f.name));
        setFieldErrors(split.fields);
        setFormError(split.rest.join('; ') || null);
      } else setFormError(errorText(err, t('errorNetwork'), t('errorGeneric')));
    }
  }

  return (
    <div className="split">
      <Section title={t(resource.title)}>
        <ErrorNote text={error} />
        <ul className="rows">
          {(data ?? []).map((row) => (
            <li key={row.id}>
              {resource.badge?.(row)}{' '}
              <button type="button" className="link" onClick={() => edit(row)}>
                {resource.label(row, lang)}
              </button>
            </li>
          ))}
        </ul>
      </Section>
      <Section
        title={editing ? resource.label(editing, lang) : t('newRecord')}
        actions={
          editing && (
            <button type="button" onClick={() => edit(null)}>
              {t('cancel')}
            </button>
          )
        }
      >
        <form className="stack-form" onSubmit={submit} noValidate data-testid="admin-form">
          {resource.fields.map((f) => (
            <FieldInput
              key={f.name}
              field={f}
              value={values[f.name]!}
              errors={fieldErrors[f.name]}
              ctx={ctx}
              onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
            />
          ))}
          <ErrorNote text={formError} />
          <Notice text={notice} />
          <button type="submit" className="primary">
            {editing ? t('save') : t('create')}
          </button>
        </form>
        {editing && resource.detail?.(editing, refresh)}
      </Section>
      {resource.panel?.()}
    </div>
  );
}

function FieldInput({
  field,
  value,
  errors,
  ctx,
  onChange,
}: {
  field: Field;
  value: string | string[];
  errors?: string[];
  ctx: OptionsContext;
  onChange: (v: string | string[]) => void;
}) {
  const id = `f-${field.name}`;
  const errId = `${id}-error`;
  const common = { id, name: field.name, 'aria-invalid': errors ? true : undefined, 'aria-describedby': errors ? errId : undefined };
  let input;
  if (field.kind === 'boolean') {
    input = (
      <select {...common} value={value as string} onChange={(e) => onChange(e.target.value)}>
        <option value="true">{ctx.t('yes')}</option>
        <option value="false">{ctx.t('no')}</option>
      </select>
    );
  } else if (field.kind === 'select' || field.kind === 'multi') {
    const options = field.options!(ctx);
    input =
      field.kind === 'multi' ? (
        <select {...common} multiple value={value as string[]} onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
          {options.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      ) : (
        <select {...common} value={value as string} onChange={(e) => onChange(e.target.value)}>
          <option value="">{ctx.t('none')}</option>
          {options.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      );
  } else if (field.kind === 'json' || field.kind === 'longtext') {
    input = <textarea {...common} rows={field.kind === 'longtext' ? 5 : 3} value={value as string} onChange={(e) => onChange(e.target.value)} />;
  } else {
    input = (
      <input
        {...common}
        type={field.kind === 'password' ? 'password' : field.kind === 'number' ? 'number' : 'text'}
        step={field.kind === 'number' ? 'any' : undefined}
        value={value as string}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>
        {ctx.t(field.label)}
        {field.required ? ' *' : ''}
      </label>
      {input}
      {errors && (
        <p className="error small" id={errId} data-testid={`error-${field.name}`}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}

function PlaceholderHint() {
  const { t } = useI18n();
  return <p className="muted small">{t('savedReplyPlaceholders', { list: placeholderList() })}</p>;
}
