/** UI strings: English (default) and Russian. The element's `lang`, else the nearest `[lang]`, picks. */
import { en, type Strings } from './i18n/en.js';
import { ru } from './i18n/ru.js';

export type StringKey = keyof Strings;

const tables: Record<string, Strings> = { en, ru };

/** The language for an element: its own `lang`, the closest ancestor's (across shadow roots), or the document's. */
export function languageOf(element: Element): string {
  const lang = closestLang(element) || element.ownerDocument?.documentElement.lang || 'en';
  return lang.toLowerCase().split('-')[0];
}

function closestLang(element: Element): string | undefined {
  for (let node: Element | undefined = element; node;) {
    const tagged = node.closest('[lang]');
    if (tagged) return tagged.getAttribute('lang') ?? undefined;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : undefined;
  }
  return undefined;
}

export function translate(element: Element, key: StringKey, values: Record<string, string> = {}): string {
  return translator(element)(key, values);
}

/** `translate` with the element's language looked up once (for a render that shows many strings). */
export function translator(element: Element): (key: StringKey, values?: Record<string, string>) => string {
  const table = tables[languageOf(element)] ?? en;
  return (key, values = {}) => table[key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}
