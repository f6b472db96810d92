import type { PublicScorecard } from './public-scorecard.service.js';

export type PageLanguage = 'kk' | 'ru';

const TEXT: Record<PageLanguage, Record<string, string>> = {
  kk: {
    title: 'Әкімдіктердің тұрғындарға жауап беру көрсеткіштері',
    month: 'Ай',
    district: 'Аудан әкімдігі',
    received: 'Түскен пікірлер',
    answered: 'Бір жұмыс күні ішінде жауап берілді',
    median: 'Алғашқы жауаптың медианасы',
    resolved: 'Шешілді',
    confirmed: 'Тұрғындар растады',
    region: 'Облыс бойынша',
    note: 'Үлестер спам мен қайталанған пікірлерсіз есептеледі. Жұмыс күні — Қазақстанның мереке күндері мен ауыстырулары ескерілген, Алматы уақытымен 09:00–18:00. Аты-жөндер, мәтіндер мен жеке деректер жарияланбайды.',
    other: 'Орысша',
    json: 'JSON',
  },
  ru: {
    title: 'Показатели ответов акиматов жителям',
    month: 'Месяц',
    district: 'Акимат района',
    received: 'Поступило комментариев',
    answered: 'Ответ в течение одного рабочего дня',
    median: 'Медиана первого ответа',
    resolved: 'Решено',
    confirmed: 'Подтверждено жителями',
    region: 'По области',
    note: 'Доли считаются без спама и дубликатов. Рабочий день — с 09:00 до 18:00 по времени Алматы, с праздниками и переносами Казахстана. Имена, тексты и персональные данные не публикуются.',
    other: 'Қазақша',
    json: 'JSON',
  },
};

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const percent = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

function duration(seconds: number | null, lang: PageLanguage): string {
  if (seconds === null) return '—';
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return lang === 'kk' ? `${h} сағ ${m} мин` : `${h} ч ${m} мин`;
}

/** The scorecard as a plain page in Kazakh or Russian: no script and no inline style (the console's CSP holds here too). */
export function scorecardPage(card: PublicScorecard, lang: PageLanguage): string {
  const t = TEXT[lang];
  const other: PageLanguage = lang === 'kk' ? 'ru' : 'kk';
  const q = (l: PageLanguage) => `?month=${card.month}&amp;lang=${l}`;
  const row = (name: string, f: PublicScorecard['region']) =>
    `<tr><th scope="row">${escape(name)}</th><td>${f.received}</td><td>${percent(f.answeredWithinOneWorkingDayShare)}</td><td>${duration(f.firstResponseMedianSeconds, lang)}</td><td>${percent(f.resolvedShare)}</td><td>${percent(f.confirmedByResidentsShare)}</td></tr>`;
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title} — ${card.month}</title></head>
<body>
<main>
<h1>${t.title}</h1>
<p>${t.month}: <strong>${card.month}</strong> · <a href="${q(other)}" hreflang="${other}">${t.other}</a> · <a href="?month=${card.month}&amp;format=json">${t.json}</a></p>
<table>
<thead><tr><th scope="col">${t.district}</th><th scope="col">${t.received}</th><th scope="col">${t.answered}</th><th scope="col">${t.median}</th><th scope="col">${t.resolved}</th><th scope="col">${t.confirmed}</th></tr></thead>
<tbody>
${card.districts.map((d) => row(lang === 'kk' ? d.nameKk : d.nameRu, d)).join('\n')}
</tbody>
<tfoot>${row(t.region, card.region)}</tfoot>
</table>
<p>${t.note}</p>
</main>
</body>
</html>
`;
}
