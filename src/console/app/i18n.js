// Chinese and English: chosen from the browser's language, switchable, remembered in this browser.
import { en, zh } from './messages.js';

const STORE = 'xj.console.lang';
const listeners = new Set();
const dictionaries = { en, zh };

function initial() {
  const saved = localStorage.getItem(STORE);
  if (saved === 'en' || saved === 'zh') return saved;
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en'];
  // The first of the browser's languages that the console speaks.
  for (const l of langs) {
    if (/^zh\b/i.test(l)) return 'zh';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

let lang = initial();
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

export const language = () => lang;

export function setLanguage(next) {
  lang = next;
  localStorage.setItem(STORE, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const l of listeners) l(next);
}

export function onLanguage(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The text for a key in the current language, with {name} placeholders filled. */
export function t(key, vars) {
  const text = dictionaries[lang][key] ?? dictionaries.en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? '')) : text;
}
