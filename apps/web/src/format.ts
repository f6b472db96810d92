// Pure formatting (no DOM, no React): unit-tested by jest's unit project (format.spec.ts).
import { LOCALES as LANGS, isLocale as isLang, type Locale as Lang } from '@app/domain';

// The console's languages are the ones the API accepts for an account (PATCH /auth/me).
export { LANGS, isLang, type Lang };

/** Tickets are timed on the akimats' calendars, all in Almaty time. */
export const TICKET_TIME_ZONE = 'Asia/Almaty';

const INTL_LOCALES: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };
const UNITS: Record<Lang, { d: string; h: string; m: string; s: string }> = {
  kk: { d: 'күн', h: 'сағ', m: 'мин', s: 'сек' },
  ru: { d: 'дн', h: 'ч', m: 'мин', s: 'с' },
  en: { d: 'd', h: 'h', m: 'min', s: 's' },
};

/**
 * A duration as people read it, the two largest units: "2 сағ 15 мин", "2 ч 15 мин", "1 d 3 h".
 * The sign is dropped (the caller says "overdue by"); under a minute shows seconds.
 */
export function formatDuration(seconds: number, lang: Lang): string {
  const u = UNITS[lang];
  let rest = Math.floor(Math.abs(seconds));
  if (rest < 60) return `${rest} ${u.s}`;
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3_600);
  rest -= hours * 3_600;
  const minutes = Math.floor(rest / 60);
  const parts: Array<[number, string]> =
    days > 0
      ? [
          [days, u.d],
          [hours, u.h],
        ]
      : hours > 0
        ? [
            [hours, u.h],
            [minutes, u.m],
          ]
        : [[minutes, u.m]];
  const shown = parts.filter(([n], i) => i === 0 || n > 0);
  return shown.map(([n, unit]) => `${formatNumber(n, lang)} ${unit}`).join(' ');
}

export function formatNumber(n: number, lang: Lang, fractionDigits = 0): string {
  return new Intl.NumberFormat(INTL_LOCALES[lang], { maximumFractionDigits: fractionDigits }).format(n);
}

/** 0.8734 -> "87%" (ratio in, percent out). */
export function formatPercent(ratio: number, lang: Lang): string {
  return new Intl.NumberFormat(INTL_LOCALES[lang], { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/**
 * The calendar day (YYYY-MM-DD) of an instant where the tickets are: reports' periods are Almaty
 * days, so "today" at 01:00 in Almaty is already tomorrow in UTC.
 */
export function localDay(ms: number, timeZone = TICKET_TIME_ZONE): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** An instant as a `datetime-local` field's value (`2026-09-01T10:00`), on Almaty's clock whatever the browser's. */
export function localDateTimeInput(ms: number, timeZone = TICKET_TIME_ZONE): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** Kazakhstan keeps one time zone, UTC+5, all year (since 1 March 2024). */
const ALMATY_OFFSET = '+05:00';

/** A wall-clock time typed in Almaty (`2026-09-01T10:00`) as an ISO 8601 instant with its offset, as the API wants it. */
export function almatyInstant(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}${ALMATY_OFFSET}`;
}

export function formatDateTime(iso: string | Date, lang: Lang, timeZone = TICKET_TIME_ZONE): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[lang], {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

export function formatDate(iso: string | Date, lang: Lang, timeZone = TICKET_TIME_ZONE): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[lang], { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(iso));
}

/** Seconds from `now` until `due` (negative once overdue), or null when there is no due time. */
export function secondsUntil(due: string | null | undefined, now: number): number | null {
  return due ? Math.round((new Date(due).getTime() - now) / 1000) : null;
}

/** RFC 4180 CSV of rows (a header row first), for downloads built in the browser. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  const cell = (v: string | number | null | undefined): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The last month that has ended in Almaty (`YYYY-MM`): what a monthly analysis opens on, never a two-day-old month. */
export function lastFullMonth(ms: number, timeZone = TICKET_TIME_ZONE): string {
  const [year, month] = localDay(ms, timeZone).split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

// Browsers built without Kazakh locale data print "2026 M03": the month names are written here.
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

/** `2026-03` -> "March 2026", "март 2026 г.", "2026 ж. наурыз". */
export function formatMonth(month: string, lang: Lang): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  if (lang === 'kk') return `${year} ж. ${KK_MONTHS[m - 1]}`;
  return new Intl.DateTimeFormat(INTL_LOCALES[lang], { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(new Date(Date.UTC(year, m - 1, 1)));
}

/** A change of a rate in percentage points, signed: 0.052 -> "+5", -0.1 -> "−10", 0 -> "0". */
export function formatPoints(change: number, lang: Lang): string {
  const points = Math.round(change * 100);
  return `${points > 0 ? '+' : points < 0 ? '−' : ''}${formatNumber(Math.abs(points), lang)}`;
}
