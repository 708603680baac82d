import { setTheme, theme } from './theme.ts';
import { useStore } from './use-store.ts';

/** The header's switch between the light and the dark colour scheme; the choice is remembered. */
export function ThemeToggle() {
  const current = useStore(theme);
  const dark = current === 'dark';
  return (
    <button type="button" className="theme-toggle" aria-pressed={dark} onClick={() => setTheme(dark ? 'light' : 'dark')} title={dark ? 'Switch to the light theme' : 'Switch to the dark theme'}>
      <span aria-hidden="true">{dark ? '☾' : '☀'}</span> Dark theme
    </button>
  );
}
