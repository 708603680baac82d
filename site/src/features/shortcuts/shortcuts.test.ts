import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyPress } from './shortcuts.ts';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, inTextField: false, ...more });

describe('shortcutFor', () => {
  it('Ctrl or Cmd + Enter runs, with Shift checks', () => {
    expect(shortcutFor(press('Enter', { ctrlKey: true }))).toBe('run');
    expect(shortcutFor(press('Enter', { metaKey: true, inTextField: true }))).toBe('run');
    expect(shortcutFor(press('Enter', { ctrlKey: true, shiftKey: true }))).toBe('check');
    expect(shortcutFor(press('Enter'))).toBeNull();
    expect(shortcutFor(press('Enter', { ctrlKey: true, altKey: true }))).toBeNull();
  });
  it('? opens the help, but not while typing', () => {
    expect(shortcutFor(press('?', { shiftKey: true }))).toBe('help');
    expect(shortcutFor(press('?', { inTextField: true }))).toBeNull();
  });
});
