import { createStore, type ReadableStore } from '../runtime/store.ts';

/**
 * Light or dark: the learner's choice (remembered in localStorage) or, without one, the system's
 * `prefers-color-scheme`. The page's colours follow `data-theme` on <html>; Monaco and the Shiki
 * listings follow the same value.
 */
export type Theme = 'light' | 'dark';
const KEY = 'workbook.theme';

function stored(): Theme | null {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

function system(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

const store = createStore<Theme>(typeof window === 'undefined' ? 'light' : (stored() ?? system()));
export const theme: ReadableStore<Theme> = store;

function apply(t: Theme) {
  if (typeof document !== 'undefined') {
    document.documentElement.dataset.theme = t;
    document.documentElement.style.colorScheme = t;
  }
}

if (typeof window !== 'undefined') {
  apply(store.get());
  matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
    if (stored() === null) {
      store.set(system());
      apply(store.get());
    }
  });
  // Another tab toggled it.
  addEventListener('storage', (e) => {
    if (e.key !== KEY) return;
    store.set(stored() ?? system());
    apply(store.get());
  });
}

export function setTheme(t: Theme) {
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // Storage refused (private mode): the choice lasts for this page.
  }
  store.set(t);
  apply(t);
}
