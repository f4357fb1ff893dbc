//! Indonesian (default) and English. `t(key)` is reactive on the chosen language; the
//! dictionaries are typed so a key missing from either fails the type check.

import { en, type Key } from './i18n/en';
import { id } from './i18n/id';
import { ApiError } from './api/client';

export type Lang = 'id' | 'en';
export type { Key };

const dictionaries: Record<Lang, Record<Key, string>> = { id, en };

const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem('tagih.lang');

export const i18n = $state<{ lang: Lang }>({ lang: saved === 'en' ? 'en' : 'id' });

export function setLang(lang: Lang): void {
  i18n.lang = lang;
  localStorage.setItem('tagih.lang', lang);
  document.documentElement.lang = lang;
}

/** The string for `key`, with `{name}` placeholders filled from `params`. */
export function t(key: Key, params?: Record<string, string | number>): string {
  return translate(i18n.lang, key, params);
}

export function translate(lang: Lang, key: Key, params?: Record<string, string | number>): string {
  let s = dictionaries[lang][key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

const codes = [
  'BAD_USER_INPUT',
  'REJECTED',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'INTERNAL',
  'RATE_LIMITED',
  'NETWORK',
] as const;

/** An error for people: its code in the user's language, plus the API's detail for input errors. */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) {
    const code = (codes as readonly string[]).includes(e.code) ? e.code : 'INTERNAL';
    const label = t(`error.${code}` as Key);
    return code === 'BAD_USER_INPUT' || code === 'REJECTED' || code === 'CONFLICT' ? `${label}: ${e.message}` : label;
  }
  return t('error.INTERNAL');
}
