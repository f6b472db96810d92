import { useState, type FormEvent } from 'react';
import type { RoutingModelView, RoutingPreviewView } from '@app/contracts';
import { api, errorText } from '../api.js';
import { ErrorNote, nameOf, Section, usePolling, useReference } from '../common.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n.js';

const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** Beside the categories: try a text against the current keywords and model, and see how the model does. */
export function RoutingPreviewPanel() {
  const { t, lang } = useI18n();
  const { categories } = useReference();
  // Category names, as everywhere in the console; the code is kept for a category the list does not have.
  const category = (code: string) =>
    nameOf(
      categories.find((c) => c.code === code),
      lang,
    ) || code;
  const [text, setText] = useState('');
  const [result, setResult] = useState<RoutingPreviewView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const model = usePolling(() => api.get<RoutingModelView>('/routing/model'), 60_000, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setResult(await api.post<RoutingPreviewView>('/routing/preview', { text }));
    } catch (err) {
      setResult(null);
      setError(errorText(err, t('errorNetwork'), t('errorGeneric')));
    }
  }

  const m = model.data;
  return (
    <Section title={t('routingTry')}>
      <form className="stack-form" onSubmit={submit} noValidate data-testid="routing-preview">
        <div className="field">
          <label htmlFor="routing-text">{t('routingText')}</label>
          <textarea id="routing-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit" className="primary">
          {t('routingCheck')}
        </button>
      </form>
      <ErrorNote text={error} />
      {result && (
        <dl className="routing-result" data-testid="routing-result">
          <dt>{t('category')}</dt>
          <dd>{result.categoryCode ? category(result.categoryCode) : t('none')}</dd>
          <dt>{t('routingDecision')}</dt>
          <dd>{result.certain ? t('routingCertain') : t('routingUncertain')}</dd>
          <dt>{t('routingConfidence')}</dt>
          <dd>{percent(result.confidence)}</dd>
          <dt>{t('routingMatched')}</dt>
          <dd>{result.matched.length ? result.matched.join(', ') : t('none')}</dd>
          <dt>{t('routingAlternatives')}</dt>
          <dd>{result.alternatives.map((a) => `${category(a.categoryCode)} ${percent(a.confidence)}`).join(' · ') || t('none')}</dd>
        </dl>
      )}
      <ErrorNote text={model.error} />
      {m && (
        <p className="small" data-testid="routing-model">
          {m.version === null
            ? t('routingColdStart', { seeds: String(m.seedExamples), threshold: percent(m.threshold) })
            : t('routingModel', {
                version: String(m.version),
                at: m.createdAt ? formatDateTime(m.createdAt, lang) : '—',
                decisions: String(m.decisions),
                measured: String(m.measuredOn),
                precision: percent(m.precision),
                coverage: percent(m.coverage),
                top1: percent(m.top1),
                threshold: percent(m.threshold),
              })}
        </p>
      )}
    </Section>
  );
}
