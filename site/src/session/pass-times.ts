import { createStore, type ReadableStore } from '../runtime/store.ts';
import type { WorkbookStorage } from './persistence.ts';

/**
 * When each track last passed its check (epoch ms, per progress key: the lesson id, or `<id>:rust`).
 * Kept beside the progress marks (localStorage, one small map), recorded where a pass is stored: the
 * storage's setProgress with a passing mark.
 */
export type PassTimes = Record<string, number>;

export const PASS_TIMES_KEY = 'workbook.passedAt';

type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface PassTimeStore {
  store: ReadableStore<PassTimes>;
  /** Everything at once (an import): the old times go. */
  replace(times: PassTimes): void;
}

function read(ls: KeyValue | undefined): PassTimes {
  try {
    const parsed: unknown = JSON.parse(ls?.getItem(PASS_TIMES_KEY) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, number] => typeof e[1] === 'number'));
  } catch {
    return {};
  }
}

/** The storage, with every passing mark also stamped with the time it was stored. */
export function withPassTimes(storage: WorkbookStorage, ls: KeyValue | undefined, now: () => number = Date.now): { storage: WorkbookStorage; passTimes: PassTimeStore } {
  const store = createStore<PassTimes>(read(ls));
  const write = (times: PassTimes) => {
    store.set(times);
    try {
      ls?.setItem(PASS_TIMES_KEY, JSON.stringify(times));
    } catch {
      // kept for this visit only
    }
  };
  return {
    passTimes: { store, replace: write },
    storage: {
      ...storage,
      async setProgress(id, p) {
        await storage.setProgress(id, p);
        if (p === 'completed' || p === 'completed-with-solution') write({ ...store.get(), [id]: now() });
      },
    },
  };
}
