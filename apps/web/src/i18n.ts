import { createContext, useContext } from 'react';
import type { Lang } from './format.js';
import { en, type Dictionary, type MessageKey } from './i18n/en.js';
import { kk } from './i18n/kk.js';
import { ru } from './i18n/ru.js';

// The messages of each language are in i18n/<lang>.ts; this is the lookup the console uses.
export type { MessageKey } from './i18n/en.js';

export const DICTIONARIES: Record<Lang, Dictionary> = { kk, ru, en };
export const LANG_NAMES: Record<Lang, string> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

export type Translate = (key: MessageKey, vars?: Record<string, string>) => string;

export function translator(lang: Lang): Translate {
  const dict = DICTIONARIES[lang];
  return (key, vars) => Object.entries(vars ?? {}).reduce((s, [k, v]) => s.replace(`{${k}}`, v), dict[key] ?? key);
}

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
}

export const I18nContext = createContext<I18n>({ lang: 'kk', t: translator('kk'), setLang: () => undefined });
export const useI18n = (): I18n => useContext(I18nContext);
