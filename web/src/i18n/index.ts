// The site's two locales and the lookup every layout, page and component uses for its copy.
import { en } from './en.ts';
import { type Dictionary, zhCN } from './zh-CN.ts';

export type { Dictionary };

/** Locales in the order the language switch shows them; the first is served at `/`. */
export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';

const dictionaries: Record<Locale, Dictionary> = { 'zh-CN': zhCN, en };

/** Narrows Astro.currentLocale (a plain string, or undefined outside i18n routes). */
export function toLocale(value: string | undefined): Locale {
  return value === 'en' ? 'en' : defaultLocale;
}

/** The copy for a locale; pass Astro.currentLocale straight in. */
export function strings(locale: string | undefined): Dictionary {
  return dictionaries[toLocale(locale)];
}
