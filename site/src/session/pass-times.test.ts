import { describe, expect, it } from 'vitest';
import { createLocalStorageStorage } from './persistence.ts';
import { PASS_TIMES_KEY, withPassTimes } from './pass-times.ts';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}

describe('withPassTimes', () => {
  it('stamps a passing mark with the time, not a started one, and remembers it', async () => {
    const ls = memory();
    const { storage, passTimes } = withPassTimes(createLocalStorageStorage(ls), ls, () => 42);
    await storage.setProgress('a', 'started');
    expect(passTimes.store.get()).toEqual({});
    await storage.setProgress('a', 'completed');
    await storage.setProgress('a:rust', 'completed-with-solution');
    expect(passTimes.store.get()).toEqual({ a: 42, 'a:rust': 42 });
    expect(JSON.parse(ls.getItem(PASS_TIMES_KEY)!)).toEqual({ a: 42, 'a:rust': 42 });
    expect(await storage.loadProgress()).toEqual({ a: 'completed', 'a:rust': 'completed-with-solution' });
    expect(withPassTimes(createLocalStorageStorage(ls), ls).passTimes.store.get()).toEqual({ a: 42, 'a:rust': 42 });
  });
});
